import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ConditionalFields,
  evaluatePreconditions,
  formatEntityTag,
  ifRangeHolds,
  parseEntityTag,
  parseEntityTagList,
  strongMatch,
  weakMatch,
} from "../../src/http10/conditional.ts";

const tags: [string, { weak: boolean; opaque: string } | null][] = [
  ['"abc"', { weak: false, opaque: "abc" }],
  ['W/"abc"', { weak: true, opaque: "abc" }],
  ['""', { weak: false, opaque: "" }],
  ['"a,b"', { weak: false, opaque: "a,b" }],
  ["abc", null],
  ['"abc', null],
  ['w/"abc"', null],
  ['"a"b"', null],
  ['"a b"', null],
];

for (const [text, expected] of tags) {
  test(`parseEntityTag() reads ${text} as ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(parseEntityTag(text), expected);
  });
}

test("parseEntityTagList() reads *, lists with commas inside tags, and refuses a malformed element", () => {
  assert.equal(parseEntityTagList(" * "), "*");
  assert.deepEqual(parseEntityTagList('"a", W/"b" ,"c,d"'), [
    { weak: false, opaque: "a" },
    { weak: true, opaque: "b" },
    { weak: false, opaque: "c,d" },
  ]);
  assert.equal(parseEntityTagList('"a", b'), null);
  assert.equal(parseEntityTagList(""), null);
});

test("formatEntityTag() writes strong and weak tags", () => {
  assert.equal(formatEntityTag({ weak: false, opaque: "x" }), '"x"');
  assert.equal(formatEntityTag({ weak: true, opaque: "x" }), 'W/"x"');
});

test("strongMatch() and weakMatch() follow the table of RFC 9110 §8.8.3.2", () => {
  const w1 = parseEntityTag('W/"1"')!, w2 = parseEntityTag('W/"2"')!, s1 = parseEntityTag('"1"')!;
  assert.deepEqual([strongMatch(w1, w1), weakMatch(w1, w1)], [false, true]);
  assert.deepEqual([strongMatch(w1, w2), weakMatch(w1, w2)], [false, false]);
  assert.deepEqual([strongMatch(w1, s1), weakMatch(w1, s1)], [false, true]);
  assert.deepEqual([strongMatch(s1, s1), weakMatch(s1, s1)], [true, true]);
});

const NOW = Date.UTC(2024, 0, 10) / 1000;
const MTIME = Date.UTC(2024, 0, 1) / 1000; // Mon, 01 Jan 2024 00:00:00 GMT
const AT = "Mon, 01 Jan 2024 00:00:00 GMT";
const BEFORE = "Sun, 31 Dec 2023 00:00:00 GMT";
const AFTER = "Tue, 02 Jan 2024 00:00:00 GMT";
const FUTURE = "Sat, 01 Jan 2100 00:00:00 GMT";
const current = { etag: { weak: false, opaque: "v1" }, lastModified: MTIME };

// [what, request fields, expected status]
const preconditions: [string, Partial<ConditionalFields>, 200 | 304 | 412][] = [
  ["no conditions", {}, 200],
  ["If-None-Match with the tag", { ifNoneMatch: '"v1"' }, 304],
  ["If-None-Match with the tag made weak (weak comparison)", { ifNoneMatch: 'W/"v1"' }, 304],
  ["If-None-Match with the tag in a list", { ifNoneMatch: '"x", "v1"' }, 304],
  ["If-None-Match with another tag", { ifNoneMatch: '"v0"' }, 200],
  ["If-None-Match: *", { ifNoneMatch: "*" }, 304],
  ["If-None-Match that does not parse (ignored)", { ifNoneMatch: "v1" }, 200],
  ["If-Modified-Since at Last-Modified", { ifModifiedSince: AT }, 304],
  ["If-Modified-Since after Last-Modified", { ifModifiedSince: AFTER }, 304],
  ["If-Modified-Since before Last-Modified", { ifModifiedSince: BEFORE }, 200],
  ["If-Modified-Since in the future (ignored)", { ifModifiedSince: FUTURE }, 200],
  ["If-Modified-Since that does not parse (ignored)", { ifModifiedSince: "yesterday" }, 200],
  ["If-None-Match that fails over an If-Modified-Since that holds (§13.2.2)", {
    ifNoneMatch: '"v0"',
    ifModifiedSince: AFTER,
  }, 200],
  ["If-None-Match that matches over an old If-Modified-Since", { ifNoneMatch: '"v1"', ifModifiedSince: BEFORE }, 304],
  ["If-Match with the tag", { ifMatch: '"v1"' }, 200],
  ["If-Match with the tag made weak (strong comparison)", { ifMatch: 'W/"v1"' }, 412],
  ["If-Match with another tag", { ifMatch: '"v0"' }, 412],
  ["If-Match: *", { ifMatch: "*" }, 200],
  ["If-Unmodified-Since at Last-Modified", { ifUnmodifiedSince: AT }, 200],
  ["If-Unmodified-Since before Last-Modified", { ifUnmodifiedSince: BEFORE }, 412],
  ["If-Unmodified-Since that does not parse (ignored)", { ifUnmodifiedSince: "soon" }, 200],
  ["If-Match that holds over a failing If-Unmodified-Since", { ifMatch: '"v1"', ifUnmodifiedSince: BEFORE }, 200],
  ["a failing If-Match before a matching If-None-Match", { ifMatch: '"v0"', ifNoneMatch: '"v1"' }, 412],
];

for (const [what, fields, status] of preconditions) {
  test(`evaluatePreconditions() answers ${status} for ${what}`, () => {
    const all: ConditionalFields = {
      ifMatch: null,
      ifNoneMatch: null,
      ifModifiedSince: null,
      ifUnmodifiedSince: null,
      ...fields,
    };
    assert.equal(evaluatePreconditions(all, current, NOW), status);
  });
}

test("evaluatePreconditions() without an ETag: If-Match fails unless *, If-None-Match never matches a tag", () => {
  const none = { etag: null, lastModified: MTIME };
  const f = (x: Partial<ConditionalFields>) => ({
    ifMatch: null,
    ifNoneMatch: null,
    ifModifiedSince: null,
    ifUnmodifiedSince: null,
    ...x,
  });
  assert.equal(evaluatePreconditions(f({ ifMatch: '"v1"' }), none, NOW), 412);
  assert.equal(evaluatePreconditions(f({ ifMatch: "*" }), none, NOW), 200);
  assert.equal(evaluatePreconditions(f({ ifNoneMatch: '"v1"' }), none, NOW), 200);
});

const ifRange: [string, string | null, boolean][] = [
  ["no If-Range", null, true],
  ["the strong tag", '"v1"', true],
  ["the tag made weak (never matches)", 'W/"v1"', false],
  ["another tag", '"v0"', false],
  ["Last-Modified exactly", AT, true],
  ["a later date", AFTER, false],
  ["a date that does not parse", "later", false],
];

for (const [what, value, holds] of ifRange) {
  test(`ifRangeHolds() is ${holds} for ${what}`, () => {
    assert.equal(ifRangeHolds(value, current), holds);
  });
}
