/**
 * scripts/build_npm.ts, the npm package's dist/ build: its specifier rewriting, and the built
 * modules running a real server and client on the runtime running the tests, while on Node
 * (which cannot run the .ts sources before version 22) the library and the CLIs say that they
 * need Deno or Bun (HTTP10_UNSUPPORTED_RUNTIME) and exit 1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rewriteSpecifiers } from "../../scripts/build_npm.ts";
import { ROOT, run, RUNTIME } from "../_helpers/run_script.ts";
import { hasTool } from "../_helpers/tools.ts";

test("rewriteSpecifiers() points relative .ts imports, re-exports and import() at .js", () => {
  const code = [
    `import { a } from "./a.ts";`,
    `export * from '../b/mod.ts';`,
    `const c = await import("./c.ts");`,
    `import "./side.ts";`,
  ].join("\n");
  assert.equal(
    rewriteSpecifiers(code),
    [
      `import { a } from "./a.js";`,
      `export * from '../b/mod.js';`,
      `const c = await import("./c.js");`,
      `import "./side.js";`,
    ].join("\n"),
  );
});

test("rewriteSpecifiers() leaves packages, URLs and strings that only end in .ts alone", () => {
  const code = [
    `import { z } from "zod";`,
    `import x from "npm:thing/x.ts";`,
    `const name = "./not_an_import.ts";`,
    `console.log("see ./a.ts");`,
  ].join("\n");
  assert.equal(rewriteSpecifiers(code), code);
});

/** The bun binary: this one under Bun, else the one npm installed, else the one on PATH. */
function bun(): string | undefined {
  if (RUNTIME === "bun") return process.execPath;
  const local = join(ROOT, "node_modules", ".bin", "bun");
  return existsSync(local) ? local : hasTool("bun") ? "bun" : undefined;
}

// A consumer of the built package: one request to its own server, through its own client.
const CONSUMER = `
import { fetch, serve } from "./mod.js";
import { HeaderList } from "./src/http10/mod.js";
const server = await serve(() => new Response("built\\n"), { port: 0, hostname: "127.0.0.1", onListen() {} });
const res = await fetch("http://127.0.0.1:" + server.addr.port + "/");
console.log(res.status, (await res.text()).trim(), typeof HeaderList);
await server.shutdown();
`;

// The codec, from the built package, on Node.
const NODE_CODEC = `
import { parseRequestHead } from "./src/http10/mod.js";
const r = parseRequestHead(new TextEncoder().encode("GET /x HTTP/1.0\\r\\nHost: a\\r\\n\\r\\n"));
console.log(r.head.method, r.head.target, r.head.version.major + "." + r.head.version.minor);
`;

test("the built dist/ serves and fetches on this runtime; on Node it and the CLIs say they need Deno or Bun", {
  skip: bun() === undefined ? "bun is not installed (the build uses Bun's transpiler)" : false,
}, async () => {
  // Inside the repository, so that the built modules find zod as the package would.
  const out = await mkdtemp(join(ROOT, ".build-npm-test-"));
  try {
    const built = await run(bun()!, [join(ROOT, "scripts", "build_npm.ts"), "--out", out]);
    assert.equal(built.code, 0, built.stderr);
    assert.ok(existsSync(join(out, "src", "transport", "deno.js")));
    await writeFile(join(out, "consumer.mjs"), CONSUMER);
    const script = join(out, "consumer.mjs");
    const here = RUNTIME === "deno"
      ? await run(process.execPath, ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-sys", script])
      : await run(process.execPath, [script]);
    assert.equal(here.code, 0, here.stderr);
    assert.equal(here.text, "200 built function\n");
    if (!hasTool("node")) return;
    const node = await run("node", [script]);
    assert.equal(node.code, 1, node.stderr);
    assert.match(node.stderr, /http10 needs Deno or Bun; Node\.js and browsers are not supported yet/);
    assert.match(node.stderr, /HTTP10_UNSUPPORTED_RUNTIME/);
    // The codec is pure: it works on Node as well.
    const codec = await run("node", ["--input-type=module", "-e", NODE_CODEC], { cwd: out });
    assert.equal(codec.code, 0, codec.stderr);
    assert.equal(codec.text, "GET /x 1.0\n");
    // The CLIs, as Node would run them once it strips types itself: one clear message, exit 1.
    for (const [cli, name] of [["serve.js", "serve.ts"], ["fetch.js", "fetch"]]) {
      const r = await run("node", [join(out, cli), "--help"]);
      assert.equal(r.code, 1, `${cli}: ${r.text}${r.stderr}`);
      assert.equal(r.text, "");
      assert.match(r.stderr, new RegExp(`^${name}: http10 needs Deno or Bun; .* \\[HTTP10_UNSUPPORTED_RUNTIME\\]\n`));
      assert.match(r.stderr, /run it with `deno run --allow-net --allow-read .*` or `bun /);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
