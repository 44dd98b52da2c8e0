import { test } from "node:test";
import assert from "node:assert/strict";
import { getServiceByName, getServiceByPort, parseServices, readServices } from "../../src/resolve/services.ts";
import { MISSING, SERVICES } from "./_fixtures.ts";

test("parseServices() reads name, port, protocol and aliases from each line", () => {
  assert.deepEqual(parseServices("http\t80/tcp\twww www-http\t# WorldWideWeb HTTP\nntp 123/udp\n"), [
    { name: "http", port: 80, protocol: "tcp", aliases: ["www", "www-http"] },
    { name: "ntp", port: 123, protocol: "udp", aliases: [] },
  ]);
});

test("parseServices() skips comments, blank lines and malformed lines", () => {
  const text =
    "# c\n\nbig 65536/tcp\nneg -1/tcp\nnoproto 77\nslash 77/\nnonum x/tcp\nlonely\nmax 65535/tcp\nzero 0/udp\n";
  assert.deepEqual(parseServices(text), [
    { name: "max", port: 65535, protocol: "tcp", aliases: [] },
    { name: "zero", port: 0, protocol: "udp", aliases: [] },
  ]);
});

test("readServices() reads a services file and treats a missing one as empty", async () => {
  const entries = await readServices(SERVICES);
  assert.equal(entries.length, 9);
  assert.deepEqual(entries[1], { name: "http", port: 80, protocol: "tcp", aliases: ["www"] });
  assert.deepEqual(await readServices(MISSING), []);
});

test("getServiceByName() finds a service by name or alias for a protocol", async () => {
  assert.equal((await getServiceByName("http", "tcp", SERVICES))?.port, 80);
  assert.equal((await getServiceByName("www", "tcp", SERVICES))?.port, 80);
  assert.equal((await getServiceByName("syslog", "udp", SERVICES))?.port, 514);
  assert.equal(await getServiceByName("syslog", "tcp", SERVICES), null);
  assert.equal(await getServiceByName("http", "udp", SERVICES), null);
});

test("getServiceByName() with a null protocol takes the first line of any protocol", async () => {
  assert.deepEqual(await getServiceByName("syslog", null, SERVICES), {
    name: "syslog",
    port: 514,
    protocol: "udp",
    aliases: [],
  });
  assert.equal((await getServiceByName("https", null, SERVICES))?.protocol, "tcp");
});

test("getServiceByName() is case-sensitive and returns null for unknown names", async () => {
  assert.equal(await getServiceByName("HTTP", "tcp", SERVICES), null);
  assert.equal(await getServiceByName("gopher", "tcp", SERVICES), null);
  assert.equal(await getServiceByName("http", "tcp", MISSING), null);
});

test("getServiceByPort() finds the name of a port for a protocol", async () => {
  assert.equal((await getServiceByPort(514, "tcp", SERVICES))?.name, "shell");
  assert.equal((await getServiceByPort(514, "udp", SERVICES))?.name, "syslog");
  assert.equal((await getServiceByPort(514, null, SERVICES))?.name, "shell");
  assert.equal(await getServiceByPort(8081, "tcp", SERVICES), null);
  assert.equal(await getServiceByPort(80, "udp", SERVICES), null);
});
