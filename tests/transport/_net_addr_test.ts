import assert from "node:assert/strict";
import { test } from "node:test";
import { netAddr } from "../../src/transport/_net_addr.ts";
import { formatHostPort } from "../../src/transport/host_port.ts";

test("netAddr() reports an IPv4-mapped IPv6 address as IPv4", () => {
  assert.deepEqual(netAddr("tcp", "::ffff:127.0.0.1", 80), {
    transport: "tcp",
    hostname: "127.0.0.1",
    port: 80,
    family: 4,
  });
  assert.deepEqual(netAddr("udp", "::FFFF:10.0.0.1", 53), {
    transport: "udp",
    hostname: "10.0.0.1",
    port: 53,
    family: 4,
  });
});

test("netAddr() keeps IPv6 addresses, drops brackets and keeps zones", () => {
  assert.deepEqual(netAddr("tcp", "[::1]", 80), { transport: "tcp", hostname: "::1", port: 80, family: 6 });
  assert.equal(netAddr("tcp", "fe80::1%eth0", 80).family, 6);
  assert.equal(netAddr("tcp", "::ffff:1:2", 80).family, 6);
});

test("formatHostPort() brackets IPv6 addresses", () => {
  assert.equal(formatHostPort("::1", 80), "[::1]:80");
  assert.equal(formatHostPort("127.0.0.1", 80), "127.0.0.1:80");
  assert.equal(formatHostPort("example.com", 443), "example.com:443");
});
