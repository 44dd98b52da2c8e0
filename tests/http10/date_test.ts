import assert from "node:assert/strict";
import { test } from "node:test";
import { formatHttpDate, parseHttpDate } from "../../src/http10/date.ts";
import { InvalidArgumentError } from "../../src/errors/invalid_options.ts";

const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

test("formatHttpDate() writes an IMF-fixdate", () => {
  assert.equal(formatHttpDate(new Date(RFC_EXAMPLE)), "Sun, 06 Nov 1994 08:49:37 GMT");
  assert.equal(formatHttpDate(new Date(Date.UTC(2024, 1, 29, 23, 5, 9))), "Thu, 29 Feb 2024 23:05:09 GMT");
});

test("formatHttpDate() ignores milliseconds", () => {
  assert.equal(formatHttpDate(new Date(RFC_EXAMPLE + 999)), "Sun, 06 Nov 1994 08:49:37 GMT");
});

test("formatHttpDate() pads years to four digits", () => {
  const date = new Date(0);
  date.setUTCFullYear(999, 0, 1);
  assert.match(formatHttpDate(date), / 0999 00:00:00 GMT$/);
});

test("formatHttpDate() throws InvalidArgumentError for an invalid date or a year beyond 9999", () => {
  assert.throws(() => formatHttpDate(new Date(NaN)), InvalidArgumentError);
  assert.throws(() => formatHttpDate(new Date(Date.UTC(10000, 0, 1))), InvalidArgumentError);
});

const valid: [string, string, number][] = [
  ["an IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE],
  ["an RFC 850 date", "Sunday, 06-Nov-94 08:49:37 GMT", RFC_EXAMPLE],
  ["an asctime date with a space-padded day", "Sun Nov  6 08:49:37 1994", RFC_EXAMPLE],
  ["an asctime date with a two-digit day", "Sun Nov 16 08:49:37 1994", Date.UTC(1994, 10, 16, 8, 49, 37)],
  ["February 29 in a leap year", "Thu, 29 Feb 2024 00:00:00 GMT", Date.UTC(2024, 1, 29)],
  ["February 29 in 2000 (divisible by 400)", "Tue, 29 Feb 2000 00:00:00 GMT", Date.UTC(2000, 1, 29)],
  ["a leap second, rolled over", "Sat, 31 Dec 2016 23:59:60 GMT", Date.UTC(2017, 0, 1)],
  ["midnight and the last second of a day", "Mon, 01 Jan 2024 23:59:59 GMT", Date.UTC(2024, 0, 1, 23, 59, 59)],
  ["a weekday that does not match (not cross-checked)", "Mon, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE],
];

for (const [what, input, ms] of valid) {
  test(`parseHttpDate() reads ${what}`, () => {
    assert.equal(parseHttpDate(input, new Date(Date.UTC(2025, 0, 1)))?.getTime(), ms);
  });
}

test("parseHttpDate() reads a year before 100 without shifting it to 19xx", () => {
  assert.equal(parseHttpDate("Sat, 01 Jan 0050 00:00:00 GMT")?.getUTCFullYear(), 50);
});

const invalid: [string, string][] = [
  ["an empty string", ""],
  ["free text", "yesterday"],
  ["a lower-case month", "Sun, 06 nov 1994 08:49:37 GMT"],
  ["a lower-case GMT", "Sun, 06 Nov 1994 08:49:37 gmt"],
  ["another zone", "Sun, 06 Nov 1994 08:49:37 UTC"],
  ["a numeric offset", "Sun, 06 Nov 1994 08:49:37 +0000"],
  ["a one-digit day in IMF-fixdate", "Sun, 6 Nov 1994 08:49:37 GMT"],
  ["a two-digit year in IMF-fixdate", "Sun, 06 Nov 94 08:49:37 GMT"],
  ["a short day name in RFC 850", "Sun, 06-Nov-94 08:49:37 GMT"],
  ["a four-digit year in RFC 850", "Sunday, 06-Nov-1994 08:49:37 GMT"],
  ["an asctime date with a one-space day", "Sun Nov 6 08:49:37 1994"],
  ["an unknown day name", "Fun, 06 Nov 1994 08:49:37 GMT"],
  ["an unknown month", "Sun, 06 Foo 1994 08:49:37 GMT"],
  ["day 0", "Sun, 00 Nov 1994 08:49:37 GMT"],
  ["day 31 of November", "Sun, 31 Nov 1994 08:49:37 GMT"],
  ["February 29 in a common year", "Tue, 29 Feb 2023 00:00:00 GMT"],
  ["February 29 in 1900 (divisible by 100)", "Thu, 29 Feb 1900 00:00:00 GMT"],
  ["hour 24", "Sun, 06 Nov 1994 24:00:00 GMT"],
  ["minute 60", "Sun, 06 Nov 1994 08:60:00 GMT"],
  ["second 61", "Sun, 06 Nov 1994 08:49:61 GMT"],
  ["leading whitespace", " Sun, 06 Nov 1994 08:49:37 GMT"],
  ["trailing text", "Sun, 06 Nov 1994 08:49:37 GMT;"],
  ["non-ASCII digits", "Sun, \u0660\u0666 Nov 1994 08:49:37 GMT"],
  ["an ISO 8601 date", "1994-11-06T08:49:37Z"],
];

for (const [what, input] of invalid) {
  test(`parseHttpDate() returns null for ${what}`, () => {
    assert.equal(parseHttpDate(input), null);
  });
}

test("parseHttpDate() puts a two-digit year at most 50 years after now", () => {
  const now = new Date(Date.UTC(2025, 5, 1));
  const year = (yy: string) => parseHttpDate(`Sunday, 06-Nov-${yy} 08:49:37 GMT`, now)?.getUTCFullYear();
  assert.equal(year("94"), 1994);
  assert.equal(year("25"), 2025);
  assert.equal(year("75"), 2075);
  assert.equal(year("76"), 1976);
  assert.equal(year("00"), 2000);
});

test("parseHttpDate() moves a two-digit year into the next century when that is nearer", () => {
  const now = new Date(Date.UTC(2090, 0, 1));
  assert.equal(parseHttpDate("Sunday, 06-Nov-05 08:49:37 GMT", now)?.getUTCFullYear(), 2105);
  assert.equal(parseHttpDate("Sunday, 06-Nov-45 08:49:37 GMT", now)?.getUTCFullYear(), 2045);
});

test("parseHttpDate() reads back what formatHttpDate() writes", () => {
  for (const ms of [0, RFC_EXAMPLE, Date.UTC(2038, 0, 19, 3, 14, 8), Date.UTC(9999, 11, 31, 23, 59, 59)]) {
    assert.equal(parseHttpDate(formatHttpDate(new Date(ms)))?.getTime(), ms);
  }
});
