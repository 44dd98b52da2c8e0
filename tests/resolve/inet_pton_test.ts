import { test } from "node:test";
import assert from "node:assert/strict";
import { inetPton, parseIpv6WithZone } from "../../src/resolve/inet_pton.ts";
import { hex } from "./_fixtures.ts";
import { InvalidArgumentError } from "../../src/errors/invalid_options.ts";

const validV4: [string, string][] = [
  ["0.0.0.0", "00000000"],
  ["127.0.0.1", "7f000001"],
  ["192.0.2.1", "c0000201"],
  ["255.255.255.255", "ffffffff"],
  ["10.0.0.0", "0a000000"],
  ["1.20.100.200", "011464c8"],
];

const invalidV4 = [
  "",
  "1",
  "1.2",
  "1.2.3",
  "1.2.3.4.5",
  "127.1",
  "1.2.3.",
  ".1.2.3",
  "1..2.3",
  "1.2.3.4.",
  "01.2.3.4",
  "1.2.3.04",
  "00.0.0.0",
  "010.0.0.1",
  "0x7f.0.0.1",
  "0x7f000001",
  "2130706433",
  "256.0.0.0",
  "1.2.3.256",
  "1000.0.0.0",
  "300.300.300.300",
  " 1.2.3.4",
  "1.2.3.4 ",
  "+1.2.3.4",
  "1.2.3.-4",
  "1.2.3.4/24",
  "1.2.3.4:80",
  "\u0661.\u0662.\u0663.\u0664",
  "::1",
  "::ffff:1.2.3.4",
  "a.b.c.d",
];

const validV6: [string, string][] = [
  ["::", "00000000000000000000000000000000"],
  ["::1", "00000000000000000000000000000001"],
  ["1::", "00010000000000000000000000000000"],
  ["1::8", "00010000000000000000000000000008"],
  ["2001:db8::1", "20010db8000000000000000000000001"],
  ["2001:DB8::1", "20010db8000000000000000000000001"],
  ["2001:0db8:0000:0000:0000:0000:0000:0001", "20010db8000000000000000000000001"],
  ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
  ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
  ["::2:3:4:5:6:7:8", "00000002000300040005000600070008"],
  ["1:2:3::6:7:8", "00010002000300000000000600070008"],
  ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffffffffffffffffffffffffffffffff"],
  ["fe80::1", "fe800000000000000000000000000001"],
  ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201"],
  ["::192.0.2.1", "000000000000000000000000c0000201"],
  ["64:ff9b::192.0.2.33", "0064ff9b0000000000000000c0000221"],
  ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
  ["1::5:6:1.2.3.4", "00010000000000000005000601020304"],
];

const invalidV6 = [
  "",
  ":",
  ":::",
  "1:::2",
  "1::2::3",
  "::1::",
  ":1::2",
  "1::2:",
  ":1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:",
  "1:2:3:4:5:6:7",
  "1:2:3:4:5:6:7:8:9",
  "1:2:3:4:5:6:7:8::",
  "::1:2:3:4:5:6:7:8",
  "1:2:3:4::5:6:7:8",
  "12345::",
  "::12345",
  "02001:db8::1",
  "g::1",
  "::-1",
  "::+1",
  "1:2:3:4:5:6:7:8 ",
  " ::1",
  "[::1]",
  "::ffff:1.2.3",
  "::ffff:1.2.3.256",
  "::ffff:01.2.3.4",
  "::ffff:1.2.3.4.5",
  "1.2.3.4::",
  "::1.2.3.4:1",
  "1:2:3:4:5:6:7:1.2.3.4",
  "1:2:3:4:5:6::1.2.3.4",
  "::ffff:0x7f.0.0.1",
  "fe80::1%eth0",
  "1.2.3.4",
  "localhost",
];

test("inetPton(4) parses every strict dotted-quad address", () => {
  for (const [text, bytes] of validV4) assert.equal(hex(inetPton(4, text)), bytes, text);
});

test("inetPton(4) refuses shorthand, leading zeros, octal, hex and out-of-range parts", () => {
  for (const text of invalidV4) assert.equal(inetPton(4, text), null, JSON.stringify(text));
});

test("inetPton(6) parses full, compressed and IPv4-tailed addresses", () => {
  for (const [text, bytes] of validV6) assert.equal(hex(inetPton(6, text)), bytes, text);
});

test("inetPton(6) refuses malformed groups, a second '::', bad tails and zones", () => {
  for (const text of invalidV6) assert.equal(inetPton(6, text), null, JSON.stringify(text));
});

test("inetPton() returns 4 bytes for IPv4 and 16 for IPv6", () => {
  assert.equal(inetPton(4, "192.0.2.1")?.length, 4);
  assert.equal(inetPton(6, "::")?.length, 16);
});

test("inetPton() throws InvalidArgumentError for a family other than 4 or 6", () => {
  assert.throws(() => inetPton(5 as 4, "::1"), InvalidArgumentError);
});

test("parseIpv6WithZone() keeps the zone as text", () => {
  const cases: [string, string, string | null][] = [
    ["fe80::1%eth0", "fe800000000000000000000000000001", "eth0"],
    ["fe80::1%2", "fe800000000000000000000000000001", "2"],
    ["FE80::a:b%en0.100", "fe80" + "0000".repeat(5) + "000a000b", "en0.100"],
    ["::1", "00000000000000000000000000000001", null],
  ];
  for (const [text, bytes, zone] of cases) {
    const parsed = parseIpv6WithZone(text);
    assert.ok(parsed, text);
    assert.equal(hex(parsed.bytes), bytes, text);
    assert.equal(parsed.zone, zone, text);
  }
});

test("parseIpv6WithZone() refuses an empty zone, odd zone characters and a bad address", () => {
  for (
    const text of [
      "fe80::1%",
      "fe80::1%eth 0",
      "fe80::1%a%b",
      "fe80::1%eth0/64",
      "%eth0",
      "1.2.3.4%eth0",
      "fe80::g%eth0",
    ]
  ) {
    assert.equal(parseIpv6WithZone(text), null, text);
  }
});
