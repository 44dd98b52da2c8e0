import assert from "node:assert/strict";
import { test } from "node:test";
import { chooseEncoding, codingWeight, parseAcceptEncoding } from "../../src/http10/accept_encoding.ts";

const parsed: [string, [string, number][]][] = [
  ["gzip", [["gzip", 1]]],
  ["gzip, deflate, br", [["gzip", 1], ["deflate", 1], ["br", 1]]],
  ["gzip;q=0.5, br;q=1.0", [["gzip", 0.5], ["br", 1]]],
  ["GZIP ; Q=0.25", [["gzip", 0.25]]],
  ["x-gzip", [["gzip", 1]]],
  ["*;q=0", [["*", 0]]],
  ["gzip;q=2, br", [["br", 1]]],
  ["gzip;q=0.1234, br", [["br", 1]]],
  ["gzip;q=abc", []],
  ["g zip, br", [["br", 1]]],
  ["", []],
  [" , ,", []],
];

for (const [value, expected] of parsed) {
  test(`parseAcceptEncoding() reads ${JSON.stringify(value)}`, () => {
    assert.deepEqual(parseAcceptEncoding(value), expected.map(([coding, q]) => ({ coding, q })));
  });
}

// [Accept-Encoding, available (server's preference order), chosen]
const choices: [string | null, string[], string][] = [
  [null, ["gzip"], "identity"],
  ["", ["gzip"], "identity"],
  ["gzip", ["gzip"], "gzip"],
  ["gzip, br", ["br", "gzip"], "br"],
  ["gzip, br", ["gzip", "br"], "gzip"],
  ["br;q=0.5, gzip", ["br", "gzip"], "gzip"],
  ["gzip;q=0", ["gzip"], "identity"],
  ["*", ["br", "gzip"], "br"],
  ["*;q=0.5, gzip;q=0", ["br", "gzip"], "br"],
  ["deflate", ["br", "gzip"], "identity"],
  ["x-gzip", ["gzip"], "gzip"],
  ["gzip;q=0.5, identity;q=1", ["gzip"], "identity"],
  ["gzip;q=0.5, identity;q=0", ["gzip"], "gzip"],
  ["gzip;q=0.5", ["gzip"], "gzip"],
];

for (const [value, available, chosen] of choices) {
  test(`chooseEncoding() picks ${chosen} for ${JSON.stringify(value)} from ${available.join(", ")}`, () => {
    assert.equal(chooseEncoding(value, available), chosen);
  });
}

test("codingWeight() gives identity 1 unless it or * is excluded", () => {
  assert.equal(codingWeight([], "identity"), 1);
  assert.equal(codingWeight(parseAcceptEncoding("identity;q=0"), "identity"), 0);
  assert.equal(codingWeight(parseAcceptEncoding("*;q=0"), "identity"), 0);
  assert.equal(codingWeight(parseAcceptEncoding("gzip"), "br"), 0);
});
