import assert from "node:assert/strict";
import { test } from "node:test";
import { formatContentRange, formatUnsatisfiedRange, parseRange, type RangeRequest } from "../../src/http10/range.ts";

// [what, header, size, expected]; ranges as [first, last].
const cases: [string, string | null, number, "ignore" | "unsatisfiable" | [number, number][]][] = [
  ["no header", null, 100, "ignore"],
  ["a first-last range", "bytes=0-9", 100, [[0, 9]]],
  ["a range ending past the end, clamped", "bytes=90-200", 100, [[90, 99]]],
  ["an open range", "bytes=10-", 100, [[10, 99]]],
  ["a suffix range", "bytes=-10", 100, [[90, 99]]],
  ["a suffix longer than the file, as the whole file", "bytes=-500", 100, [[0, 99]]],
  ["the last byte", "bytes=99-99", 100, [[99, 99]]],
  ["the unit in upper case", "BYTES=0-0", 100, [[0, 0]]],
  ["spaces around list elements", "bytes= 0-1 , 5-6 ", 100, [[0, 1], [5, 6]]],
  ["empty list elements skipped", "bytes=,0-1,,", 100, [[0, 1]]],
  ["several ranges, in the order asked", "bytes=50-59,0-9", 100, [[50, 59], [0, 9]]],
  ["an unsatisfiable range dropped from a list", "bytes=0-1,500-600", 100, [[0, 1]]],
  ["a first byte at the end", "bytes=100-", 100, "unsatisfiable"],
  ["a first byte past the end", "bytes=200-300", 100, "unsatisfiable"],
  ["-0, which asks for nothing", "bytes=-0", 100, "unsatisfiable"],
  ["any range of an empty file", "bytes=0-0", 0, "unsatisfiable"],
  ["a suffix of an empty file", "bytes=-5", 0, "unsatisfiable"],
  ["a huge first byte", "bytes=99999999999999999999-", 100, "unsatisfiable"],
  ["a huge last byte, clamped", "bytes=0-99999999999999999999", 100, [[0, 99]]],
  ["another unit", "items=0-1", 100, "ignore"],
  ["no equals sign", "bytes 0-1", 100, "ignore"],
  ["no ranges", "bytes=", 100, "ignore"],
  ["a range without a dash", "bytes=5", 100, "ignore"],
  ["a last byte before the first", "bytes=5-3", 100, "ignore"],
  ["a negative number", "bytes=-5-10", 100, "ignore"],
  ["a non-digit", "bytes=0x1-2", 100, "ignore"],
  ["a plus sign", "bytes=+1-2", 100, "ignore"],
  ["a dash alone", "bytes=-", 100, "ignore"],
  ["a good range beside a malformed one", "bytes=0-1,abc", 100, "ignore"],
];

for (const [what, header, size, expected] of cases) {
  test(`parseRange() reads ${what}: ${JSON.stringify(header)} of ${size} bytes`, () => {
    const want: RangeRequest = typeof expected === "string"
      ? expected
      : expected.map(([first, last]) => ({ first, last }));
    assert.deepEqual(parseRange(header, size), want);
  });
}

test("formatContentRange() writes bytes FIRST-LAST/SIZE", () => {
  assert.equal(formatContentRange({ first: 0, last: 9 }, 100), "bytes 0-9/100");
  assert.equal(formatContentRange({ first: 99, last: 99 }, 100), "bytes 99-99/100");
});

test("formatUnsatisfiedRange() writes bytes */SIZE", () => {
  assert.equal(formatUnsatisfiedRange(100), "bytes */100");
  assert.equal(formatUnsatisfiedRange(0), "bytes */0");
});
