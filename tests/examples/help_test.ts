/**
 * Every example and both CLIs answer -h and --help with their usage on stdout and exit 0,
 * on the runtime running the tests, before they touch the network or a file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runScript } from "../_helpers/run_script.ts";

/** The runnable examples (a leading "_" marks a shared helper) and the two CLIs. */
const PROGRAMS = [
  ...readdirSync(join(ROOT, "examples"))
    .filter((name) => name.endsWith(".ts") && !name.startsWith("_"))
    .map((name) => `examples/${name}`),
  "serve.ts",
  "fetch.ts",
].sort();

test("the examples are found, so the test below cannot pass on an empty list", () => {
  assert.ok(PROGRAMS.includes("examples/echo_server.ts"), PROGRAMS.join(" "));
  assert.ok(PROGRAMS.length >= 10, PROGRAMS.join(" "));
});

for (const program of PROGRAMS) {
  test(`${program} answers -h and --help with its usage on stdout and exit 0`, async () => {
    for (const flag of ["-h", "--help"]) {
      // No permissions: asking for help must not need the network or the file system.
      const r = await runScript(program, [flag], { permissions: [] });
      assert.equal(r.code, 0, `${program} ${flag}: ${r.stderr}`);
      assert.match(r.text, /usage/i, `${program} ${flag} prints its usage on stdout`);
      assert.equal(r.stderr, "", `${program} ${flag} writes nothing to stderr`);
    }
  });
}
