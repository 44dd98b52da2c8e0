/**
 * scripts/test.mjs, the suite runner: its per-runtime lines and closing line count passed,
 * failed and skipped tests on Deno and Bun, and it exits 1 when any test fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { run, RUNTIME } from "../_helpers/run_script.ts";
import { hasTool } from "../_helpers/tools.ts";

const FIXTURE = "./tests/_fixtures/test_runner/mixed.ts";
// It starts both runtimes itself, so once per suite is enough: from the Deno run.
const skip = RUNTIME !== "deno"
  ? "runs both runtimes itself: checked when the suite runs on Deno"
  : hasTool("node")
  ? false
  : "node is not installed";

test("scripts/test.mjs counts passed and skipped tests on both runtimes and exits 0", { skip }, async () => {
  const r = await run("node", ["scripts/test.mjs", FIXTURE], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.text + r.stderr);
  // Deno counts the passing step; Bun does not report steps.
  assert.match(r.text, /^deno: 3 passed, 0 failed, 2 skipped \(exit 0\)$/m);
  assert.match(r.text, /^bun: 2 passed, 0 failed, 2 skipped \(exit 0\)$/m);
  assert.match(r.text, /^tests: 5 passed, 0 failed, 4 skipped$/m);
});

test("scripts/test.mjs counts a failing test and exits 1", { skip }, async () => {
  const r = await run("node", ["scripts/test.mjs", FIXTURE], { timeoutMs: 120_000, env: { FAIL: "1" } });
  assert.equal(r.code, 1, r.text + r.stderr);
  assert.match(r.text, /^deno: 3 passed, 1 failed, 2 skipped \(exit 1\)$/m);
  assert.match(r.text, /^bun: 2 passed, 1 failed, 2 skipped \(exit 1\)$/m);
  assert.match(r.text, /^tests: 5 passed, 2 failed, 4 skipped$/m);
});
