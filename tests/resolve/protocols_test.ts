import { test } from "node:test";
import assert from "node:assert/strict";
import { getProtocolByName, getProtocolByNumber, parseProtocols, readProtocols } from "../../src/resolve/protocols.ts";
import { MISSING, PROTOCOLS } from "./_fixtures.ts";

test("parseProtocols() reads name, number and aliases from each line", () => {
  assert.deepEqual(parseProtocols("tcp\t6\tTCP\t# transmission control protocol\nip 0 IP\n"), [
    { name: "tcp", number: 6, aliases: ["TCP"] },
    { name: "ip", number: 0, aliases: ["IP"] },
  ]);
});

test("parseProtocols() skips comments, blank lines, missing numbers and numbers over 255", () => {
  assert.deepEqual(parseProtocols("# c\n\nbig 256\nneg -1\nword six\nalone\nraw 255 RAW\n"), [
    { name: "raw", number: 255, aliases: ["RAW"] },
  ]);
});

test("readProtocols() reads a protocols file and treats a missing one as empty", async () => {
  const entries = await readProtocols(PROTOCOLS);
  assert.deepEqual(entries.map((e) => e.name), ["ip", "icmp", "tcp", "udp", "ipv6-icmp"]);
  assert.deepEqual(await readProtocols(MISSING), []);
});

test("getProtocolByName() finds a protocol by name or alias, case-sensitively", async () => {
  assert.equal((await getProtocolByName("udp", PROTOCOLS))?.number, 17);
  assert.equal((await getProtocolByName("UDP", PROTOCOLS))?.number, 17);
  assert.equal((await getProtocolByName("IPv6-ICMP", PROTOCOLS))?.name, "ipv6-icmp");
  assert.equal(await getProtocolByName("Udp", PROTOCOLS), null);
  assert.equal(await getProtocolByName("sctp", PROTOCOLS), null);
});

test("getProtocolByNumber() finds a protocol by number", async () => {
  assert.equal((await getProtocolByNumber(6, PROTOCOLS))?.name, "tcp");
  assert.equal((await getProtocolByNumber(0, PROTOCOLS))?.name, "ip");
  assert.equal(await getProtocolByNumber(132, PROTOCOLS), null);
  assert.equal(await getProtocolByNumber(6, MISSING), null);
});
