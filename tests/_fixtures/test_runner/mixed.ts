// A fixture for tests/scripts/test_test.ts (not a test file itself: its name has no _test):
// two passing tests, one passing step, two skipped tests and, when FAIL is set, one failing test.
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";

test("passes", () => assert.equal(1 + 1, 2));
test("passes with a step", async (t) => {
  await t.test("the step passes", () => assert.ok(true));
});
test("is skipped with a reason", { skip: "a peer is missing" }, () => {});
test("is skipped", { skip: true }, () => {});
if (process.env.FAIL === "1") test("fails", () => assert.equal(1 + 1, 3));
