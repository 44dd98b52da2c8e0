import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidOptionsError } from "../../src/errors/invalid_options.ts";
import {
  atLeast,
  bool,
  checkOptions,
  either,
  fn,
  group,
  instanceOf,
  int,
  listOf,
  oneOf,
  optionIssues,
  recordOf,
  type Rule,
  text,
} from "../../src/errors/option_rules.ts";

const CASES: [string, Rule, unknown[], [unknown, string][]][] = [
  ["int(0, 10)", int(0, 10), [0, 10, 5], [
    [-1, "must be a whole number from 0 to 10"],
    [11, ""],
    [1.5, ""],
    [
      NaN,
      "",
    ],
    ["3", ""],
    [Infinity, ""],
  ]],
  ["int(1)", int(1), [1, Number.MAX_SAFE_INTEGER], [[0, "must be a whole number of at least 1"], [2 ** 60, ""]]],
  ["atLeast(0)", atLeast(0), [0, 0.5, 1e9], [[-0.1, "must be a number of at least 0"], [NaN, ""], [Infinity, ""]]],
  ["bool", bool, [true, false], [[0, "must be true or false"], ["true", ""]]],
  ["fn", fn, [() => {}, class {}], [[{}, "must be a function"], [null, ""]]],
  ["text()", text(), ["", "x"], [[1, "must be a string"]]],
  ["text(/^a/)", text(/^a/, "must start with a"), ["ab"], [["ba", "must start with a"], [1, "must be a string"]]],
  ["text(test)", text((s) => s.length === 2, "must be two long"), ["ab"], [["abc", "must be two long"]]],
  ["oneOf", oneOf(0, 4, "auto"), [0, 4, "auto"], [[6, 'must be one of 0, 4, "auto"'], ["0", ""]]],
  ["instanceOf", instanceOf(AbortSignal, "an AbortSignal"), [new AbortController().signal], [[
    {},
    "must be an AbortSignal",
  ]]],
  ["either", either("must be a flag or a function", bool, fn), [true, () => {}], [[1, "must be a flag or a function"]]],
  ["listOf(text(), 1)", listOf(text(), 1), [["a"], ["a", "b"]], [[[], "must have at least 1 item"], [
    "a",
    "must be a list",
  ], [
    ["a", 1],
    "1 must be a string",
  ]]],
  ["recordOf", recordOf(text(/^[a-z]+$/, "is not lower-case"), text()), [{}, { a: "1" }], [
    [{ A: "1" }, "A is not lower-case"],
    [{ a: 1 }, "a must be a string"],
    [[], "must be an object"],
    [new Map(), "must be an object"],
  ]],
  ["group", group({ n: int(0, 1) }), [{}, { n: 1 }], [[{ n: 2 }, "n must be a whole number from 0 to 1"], [
    { m: 1 },
    "m is not an option",
  ]]],
  ["group loose", group({ n: int(0, 1) }, { loose: true }), [{ m: 1 }], [[{ n: 2 }, ""]]],
  ["group required", group({ a: fn, b: fn }, { required: true }), [{ a: fn, b: fn }], [[{ a: fn }, "b is missing"]]],
];

for (const [name, rule, good, bad] of CASES) {
  test(`option rule ${name} accepts what it should and says why it refuses the rest`, () => {
    for (const value of good) assert.equal(rule(value), null, `refused ${String(value)}`);
    for (const [value, message] of bad) {
      const said = rule(value);
      assert.notEqual(said, null, `accepted ${String(value)}`);
      if (message !== "") assert.equal(said, message);
    }
  });
}

test("optionIssues() names nested parts by path and skips undefined fields", () => {
  const rules = {
    port: int(0, 65535),
    dial: group({ clock: group({ now: fn }, { required: true }) }),
    servers: listOf(text(/:/, "needs a port"), 1),
    skipped: int(0),
  };
  const issues = optionIssues({ port: 70000, dial: { clock: {} }, servers: ["a:1", "b"], skipped: undefined }, rules);
  assert.deepEqual(issues.map((i) => [i.path.join("."), i.message]), [
    ["port", "must be a whole number from 0 to 65535"],
    ["dial.clock.now", "is missing"],
    ["servers.1", "needs a port"],
  ]);
});

test("checkOptions() throws the given InvalidOptionsError class naming every bad option, with the value given", () => {
  class Special extends InvalidOptionsError {}
  assert.throws(
    () => checkOptions("thing", { port: -1, name: 3, extra: true }, { port: int(0, 9), name: text() }, Special),
    (err: unknown) => {
      assert.ok(err instanceof Special);
      assert.equal((err as Special).code, "HTTP10_INVALID_OPTIONS");
      assert.equal(
        (err as Error).message,
        "Invalid thing options:\n" +
          "  port: must be a whole number from 0 to 9 (got -1)\n" +
          "  name: must be a string (got 3)\n" +
          "  extra: is not an option (got true)",
      );
      return true;
    },
  );
  assert.throws(() => checkOptions("thing", 5, {}), /options: must be an object/);
  assert.doesNotThrow(() => checkOptions("thing", {}, { port: int(0, 9) }));
});
