import { test } from "node:test";
import assert from "node:assert/strict";
import { getHostByAddr, getHostByName, parseHosts, readHosts } from "../../src/resolve/hosts.ts";
import { HOSTS, MISSING } from "./_fixtures.ts";

test("parseHosts() reads an address and its names from each line", () => {
  assert.deepEqual(parseHosts("127.0.0.1 localhost\n::1\tlocalhost  ip6-localhost\n"), [
    { address: "127.0.0.1", family: 4, names: ["localhost"] },
    { address: "::1", family: 6, names: ["localhost", "ip6-localhost"] },
  ]);
});

test("parseHosts() skips comments, blank lines and trailing comments", () => {
  const text = "# header\n\n   \n\t# indented\n192.0.2.1 a.test b.test # the rest is ignored\n192.0.2.2 c.test#tight\n";
  assert.deepEqual(parseHosts(text), [
    { address: "192.0.2.1", family: 4, names: ["a.test", "b.test"] },
    { address: "192.0.2.2", family: 4, names: ["c.test"] },
  ]);
});

test("parseHosts() reads CRLF files like LF files", () => {
  assert.deepEqual(
    parseHosts("192.0.2.1 a.test\r\n192.0.2.2 b.test\r\n"),
    parseHosts("192.0.2.1 a.test\n192.0.2.2 b.test\n"),
  );
});

test("parseHosts() skips lines without a name or with an address that is not strict", () => {
  const text =
    "10.0.0.1\n127.1 short.test\n999.1.1.1 big.test\nlocalhost 127.0.0.1\n[::1] br.test\n192.0.2.1 ok.test\n";
  assert.deepEqual(parseHosts(text), [{ address: "192.0.2.1", family: 4, names: ["ok.test"] }]);
});

test("parseHosts() writes IPv6 addresses in canonical form and keeps a zone", () => {
  assert.deepEqual(parseHosts("2001:DB8:0:0::11 a.test\nfe80::1%eth0 b.test\n"), [
    { address: "2001:db8::11", family: 6, names: ["a.test"] },
    { address: "fe80::1%eth0", family: 6, names: ["b.test"] },
  ]);
});

test("parseHosts() returns an empty list for empty text", () => {
  assert.deepEqual(parseHosts(""), []);
});

test("readHosts() reads a hosts file", async () => {
  const entries = await readHosts(HOSTS);
  assert.deepEqual(entries[0], { address: "127.0.0.1", family: 4, names: ["localhost"] });
  assert.equal(entries.length, 11);
  assert.ok(!entries.some((e) => e.names.includes("bad.example.test") || e.names.includes("short.example.test")));
});

test("readHosts() treats a missing file as empty", async () => {
  assert.deepEqual(await readHosts(MISSING), []);
});

test("getHostByName() gathers the addresses and aliases of every matching line", async () => {
  assert.deepEqual(await getHostByName("www.example.test", HOSTS), {
    name: "www.example.test",
    aliases: ["www", "alias.example.test"],
    addresses: ["192.0.2.10", "2001:db8::10", "192.0.2.11", "2001:db8::11"],
  });
});

test("getHostByName() finds a host by an alias and names the canonical name", async () => {
  const ent = await getHostByName("alias.example.test", HOSTS);
  assert.equal(ent?.name, "www.example.test");
  assert.deepEqual(ent?.addresses, ["192.0.2.10"]);
});

test("getHostByName() ignores ASCII case and one trailing dot", async () => {
  assert.equal((await getHostByName("WWW.Example.TEST", HOSTS))?.name, "www.example.test");
  assert.equal((await getHostByName("mixed.case.test.", HOSTS))?.name, "Mixed.Case.Test");
});

test("getHostByName() returns null for an unknown name, an empty name and a missing file", async () => {
  assert.equal(await getHostByName("nowhere.example.test", HOSTS), null);
  assert.equal(await getHostByName("", HOSTS), null);
  assert.equal(await getHostByName(".", HOSTS), null);
  assert.equal(await getHostByName("localhost", MISSING), null);
});

test("getHostByAddr() finds the names of an address, compared as bytes", async () => {
  assert.equal((await getHostByAddr("192.0.2.10", HOSTS))?.name, "www.example.test");
  assert.equal((await getHostByAddr("2001:db8:0:0:0:0:0:11", HOSTS))?.name, "www.example.test");
  assert.deepEqual(await getHostByAddr("::1", HOSTS), {
    name: "localhost",
    aliases: ["ip6-localhost", "ip6-loopback"],
    addresses: ["::1"],
  });
});

test("getHostByAddr() ignores a zone on either side", async () => {
  assert.equal((await getHostByAddr("fe80::1", HOSTS))?.name, "linklocal.example.test");
  assert.equal((await getHostByAddr("fe80::1%eth1", HOSTS))?.name, "linklocal.example.test");
});

test("getHostByAddr() returns null for an unknown address and for text that is not an address", async () => {
  assert.equal(await getHostByAddr("192.0.2.200", HOSTS), null);
  assert.equal(await getHostByAddr("localhost", HOSTS), null);
  assert.equal(await getHostByAddr("127.1", HOSTS), null);
});
