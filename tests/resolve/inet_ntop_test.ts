import { test } from "node:test";
import assert from "node:assert/strict";
import { inetNtop } from "../../src/resolve/inet_ntop.ts";
import { inetPton } from "../../src/resolve/inet_pton.ts";
import { InvalidArgumentError } from "../../src/errors/invalid_options.ts";

/** [any valid text, its RFC 5952 canonical form] */
const canonical: [string, string][] = [
  // §4.1: no leading zeros.
  ["2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"],
  // §4.2.1: "::" as long as it can be.
  ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
  // §4.2.2: a single zero group is not shortened.
  ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
  ["2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
  // §4.2.3: the longest run; the first of two equal runs.
  ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
  ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
  ["0:0:1:0:0:0:0:1", "0:0:1::1"],
  // §4.3: lowercase.
  ["2001:DB8::AAAA", "2001:db8::aaaa"],
  // The edges.
  ["0:0:0:0:0:0:0:0", "::"],
  ["0:0:0:0:0:0:0:1", "::1"],
  ["1:0:0:0:0:0:0:0", "1::"],
  ["1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"],
  ["1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"],
  ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"],
  ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  // §5: IPv4-mapped addresses end in dotted quad; other forms stay hex.
  ["::ffff:c000:201", "::ffff:192.0.2.1"],
  ["0:0:0:0:0:ffff:0:0", "::ffff:0.0.0.0"],
  ["::ffff:127.0.0.1", "::ffff:127.0.0.1"],
  ["::192.0.2.1", "::c000:201"],
  ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ["::fffe:c000:201", "::fffe:c000:201"],
  ["1::ffff:c000:201", "1::ffff:c000:201"],
];

test("inetNtop(6) writes RFC 5952 canonical text", () => {
  for (const [text, want] of canonical) assert.equal(inetNtop(6, inetPton(6, text)!), want, text);
});

test("inetNtop(6) output parses back to the same bytes", () => {
  for (const [text, want] of canonical) assert.deepEqual(inetPton(6, want), inetPton(6, text), text);
});

test("inetNtop(4) writes dotted-quad text that parses back to the same bytes", () => {
  for (const text of ["0.0.0.0", "127.0.0.1", "192.0.2.255", "255.255.255.255"]) {
    assert.equal(inetNtop(4, inetPton(4, text)!), text);
  }
});

test("inetNtop() throws InvalidArgumentError for the wrong number of bytes", () => {
  assert.throws(() => inetNtop(4, new Uint8Array(16)), InvalidArgumentError);
  assert.throws(() => inetNtop(6, new Uint8Array(4)), InvalidArgumentError);
  assert.throws(() => inetNtop(6, new Uint8Array(15)), InvalidArgumentError);
});

test("inetNtop() throws InvalidArgumentError for a family other than 4 or 6", () => {
  assert.throws(() => inetNtop(0 as 4, new Uint8Array(4)), InvalidArgumentError);
});

test("inetNtop() reads a view at its own offset", () => {
  const buffer = new Uint8Array([9, 9, 192, 0, 2, 1, 9]);
  assert.equal(inetNtop(4, buffer.subarray(2, 6)), "192.0.2.1");
});
