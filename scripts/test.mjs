#!/usr/bin/env node
// Runs the whole test suite on Deno and on Bun (or on the runtimes named as arguments)
// and prints one closing line: "tests: N passed, N failed, N skipped". Without paths, the
// static checks run first: every entry point type-checked, deno lint, deno fmt --check, and
// every TypeScript example in JSDoc and in the README type-checked (deno test --doc); each
// failed check counts as one failed test.
//
//   node scripts/test.mjs            # the checks, then both runtimes
//   node scripts/test.mjs bun        # one runtime (and the checks)
//   node scripts/test.mjs deno tests/http10   # one runtime, one folder, no checks
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
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
  // Type-checked: a test that no longer compiles against the code fails.
  deno: [bin("deno"), ["test", "--allow-all", ...targets]],
  // Bun stops a test after 5 s by default; the real-peer load tests need longer.
  bun: [bin("bun"), ["test", "--timeout", "120000", ...targets]],
};

/** Every .ts file below `dir`, sorted. */
function tsFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(root.length + 1))
    .sort();
}

/** The static checks: name → command. */
function checks() {
  const deno = bin("deno");
  const documented = [...tsFiles("src"), ...tsFiles("cli"), "mod.ts", "README.md"];
  return {
    "type check": [deno, ["check", "mod.ts", "serve.ts", "fetch.ts", "cli/", "src/", "examples/", "bench/"]],
    lint: [deno, ["lint"]],
    format: [deno, ["fmt", "--check"]],
    "doc examples": [deno, ["test", "--doc", "--no-run", ...documented]],
  };
}

/** Runs one static check, printing its output only when it fails. */
function check(name, [cmd, argv]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (c) => (text += c));
    child.stderr.on("data", (c) => (text += c));
    child.on("error", (err) => resolve({ name, ok: false, text: err.message }));
    child.on("close", (code) => resolve({ name, ok: code === 0, text }));
  });
}

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

let checksFailed = 0;
if (paths.length === 0) {
  console.log("=== checks");
  for (const [name, command] of Object.entries(checks())) {
    const r = await check(name, command);
    console.log(`${r.ok ? "ok" : "FAILED"}: ${name} (${command[1].slice(0, 3).join(" ")} ...)`);
    if (!r.ok) {
      process.stdout.write(r.text);
      checksFailed++;
    }
  }
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
if (paths.length === 0) console.log(`checks: ${checksFailed === 0 ? "all passed" : `${checksFailed} failed`}`);
failed += checksFailed;
const ok = results.every((r) => r.code === 0) && passed > 0 && checksFailed === 0;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
