#!/usr/bin/env node
// Runs the whole test suite on Deno and on Bun (or on the runtimes named as arguments)
// and prints one closing line: "tests: N passed, N failed, N skipped".
//
//   node scripts/test.mjs            # both runtimes
//   node scripts/test.mjs bun        # one runtime
//   node scripts/test.mjs deno tests/http10   # one runtime, one folder
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runtimes = ["deno", "bun"];
const args = process.argv.slice(2);
const chosen = args.filter((a) => runtimes.includes(a));
const paths = args.filter((a) => !runtimes.includes(a));
const targets = paths.length > 0 ? paths : ["tests/"];

/** The runtime binary: the one npm installed, else the one on PATH. */
function bin(name) {
  const local = join(root, "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
}

const commands = {
  deno: [bin("deno"), ["test", "--allow-all", "--no-check", ...targets]],
  // Bun stops a test after 5 s by default; the real-peer load tests need longer.
  bun: [bin("bun"), ["test", "--timeout", "120000", ...targets]],
};

function run(name) {
  const [cmd, argv] = commands[name];
  console.log(`\n=== ${name}: ${cmd} ${argv.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const keep = (chunk, out) => {
      out.write(chunk);
      text += chunk.toString("utf8");
    };
    child.stdout.on("data", (c) => keep(c, process.stdout));
    child.stderr.on("data", (c) => keep(c, process.stderr));
    child.on("error", (err) => {
      console.error(`${name}: cannot start ${cmd}: ${err.message}`);
      resolve({ name, code: 127, passed: 0, failed: 1, skipped: 0 });
    });
    child.on("close", (code) => resolve({ name, code: code ?? 1, ...count(name, text) }));
  });
}

// deno: "ok | 12 passed (3 steps) | 0 failed | 2 ignored (1 step)", the last such line;
// bun: " 12 pass" / " 2 skip" / " 1 todo" / " 0 fail" lines. A skipped test is "ignored" on
// Deno; Bun's todo tests do not run either, so they count as skipped (Deno calls them ignored).
function count(name, text) {
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  if (name === "deno") {
    const line = [...plain.matchAll(/^(?:ok|FAILED) \|.*$/gm)].pop()?.[0];
    if (!line) return { passed: 0, failed: 0, skipped: 0 };
    const field = (word) => {
      const m = line.match(new RegExp(`(\\d+) ${word}(?: \\((\\d+) steps?\\))?`));
      return m ? Number(m[1]) + Number(m[2] ?? 0) : 0;
    };
    return { passed: field("passed"), failed: field("failed"), skipped: field("ignored") };
  }
  const last = (word) => Number([...plain.matchAll(new RegExp(`^\\s*(\\d+) ${word}$`, "gm"))].pop()?.[1] ?? 0);
  return { passed: last("pass"), failed: last("fail"), skipped: last("skip") + last("todo") };
}

const results = [];
for (const name of chosen.length > 0 ? chosen : runtimes) results.push(await run(name));

console.log("");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of results) {
  const failedHere = r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0);
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (exit ${r.code})`);
  passed += r.passed;
  failed += failedHere;
  skipped += r.skipped;
}
const ok = results.every((r) => r.code === 0) && passed > 0;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
