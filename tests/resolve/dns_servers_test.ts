import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDnsServer, type InvalidDnsServersError, parseDnsServers } from "../../src/resolve/dns_servers.ts";

test("parseDnsServers() reads curl's --dns-servers list: IPv4 with and without a port, IPv6 bare and in brackets", () => {
  assert.deepEqual(parseDnsServers("192.0.2.53,127.0.0.1:5353,2001:db8::53,[::1]:5300,[fe80::1%eth0]"), [
    { address: "192.0.2.53", family: 4, port: 53 },
    { address: "127.0.0.1", family: 4, port: 5353 },
    { address: "2001:db8::53", family: 6, port: 53 },
    { address: "::1", family: 6, port: 5300 },
    { address: "fe80::1%eth0", family: 6, port: 53 },
  ]);
});

test("parseDnsServers() writes IPv6 in canonical form", () => {
  assert.deepEqual(parseDnsServers("[2001:DB8:0:0:0:0:0:53]:53"), [{ address: "2001:db8::53", family: 6, port: 53 }]);
});

test("parseDnsServers() refuses names, empty entries, bad ports and brackets around IPv4", () => {
  for (
    const text of [
      "",
      "dns.example",
      "127.0.0.1,",
      "127.0.0.1:0",
      "127.0.0.1:65536",
      "127.0.0.1:x",
      "[::1",
      "[::1]x",
      "[127.0.0.1]:53",
      "::1:53]",
      "127.1",
    ]
  ) {
    assert.throws(
      () => parseDnsServers(text),
      (e: InvalidDnsServersError) => e.code === "HTTP10_DNS_BAD_SERVERS" && e.message.includes(JSON.stringify(text)),
      text,
    );
  }
});

test("formatDnsServer() puts IPv6 in brackets", () => {
  assert.equal(formatDnsServer({ address: "::1", family: 6, port: 53 }), "[::1]:53");
  assert.equal(formatDnsServer({ address: "127.0.0.1", family: 4, port: 5353 }), "127.0.0.1:5353");
});
