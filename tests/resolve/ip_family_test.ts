import { test } from "node:test";
import assert from "node:assert/strict";
import { ipFamily, isIPv4, isIPv6 } from "../../src/resolve/ip_family.ts";

const cases: [string, 0 | 4 | 6][] = [
  ["127.0.0.1", 4],
  ["0.0.0.0", 4],
  ["::", 6],
  ["::1", 6],
  ["::ffff:192.0.2.1", 6],
  ["2001:DB8::1", 6],
  ["fe80::1%eth0", 6],
  ["fe80::1%", 0],
  ["127.1", 0],
  ["01.2.3.4", 0],
  ["1::2::3", 0],
  ["[::1]", 0],
  ["localhost", 0],
  ["", 0],
];

test("ipFamily() tells IPv4 from IPv6 from neither", () => {
  for (const [text, family] of cases) assert.equal(ipFamily(text), family, text);
});

test("isIPv4() and isIPv6() agree with ipFamily()", () => {
  for (const [text, family] of cases) {
    assert.equal(isIPv4(text), family === 4, text);
    assert.equal(isIPv6(text), family === 6, text);
  }
});

test("isIPv6() accepts a zone where inetPton() does not", () => {
  assert.equal(isIPv6("fe80::1%2"), true);
  assert.equal(isIPv6("fe80::1%eth 0"), false);
});

test("isIPv4() answers correctly after a failed check of another text", () => {
  // The checks share a scratch buffer; a half-written failure must not leak into the next.
  assert.equal(isIPv4("1.2.3.999"), false);
  assert.equal(isIPv4("1.2.3.4"), true);
  assert.equal(isIPv6("1:2:3:4:5:6:7:8:9"), false);
  assert.equal(isIPv6("1:2:3:4:5:6:7:8"), true);
});
