import { test } from "node:test";
import assert from "node:assert/strict";
import { getnameinfo, type NameInfoFlags } from "../../src/resolve/getnameinfo.ts";
import { GaiError } from "../../src/resolve/gai_error.ts";
import { dnsError, HOSTS, noReverse, SERVICES } from "./_fixtures.ts";

/** Flags that read the fixtures and fail the test if the reverse lookup is reached. */
const offline = (more: NameInfoFlags = {}): NameInfoFlags => ({
  hostsPath: HOSTS,
  servicesPath: SERVICES,
  systemReverse: noReverse,
  ...more,
});

/** A fake reverse lookup that answers from a table and records each call. */
function fakeReverse(answers: Record<string, string[]>) {
  const calls: string[] = [];
  const reverse = (address: string) => {
    calls.push(address);
    const found = answers[address];
    return found ? Promise.resolve(found) : Promise.reject(dnsError("ENOTFOUND"));
  };
  return { reverse, calls };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<GaiError> {
  const err = await promise.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(err instanceof GaiError, `expected a GaiError, got ${err}`);
  assert.equal(err.code, code, err.message);
  return err;
}

test("getnameinfo() names an address from the hosts file and a port from the services file", async () => {
  assert.deepEqual(await getnameinfo("192.0.2.10", 80, offline()), { host: "www.example.test", service: "http" });
  assert.deepEqual(await getnameinfo("::1", 443, offline()), { host: "localhost", service: "https" });
});

test("getnameinfo() finds an IPv6 address however it is written", async () => {
  assert.deepEqual(await getnameinfo("2001:DB8:0:0:0:0:0:10", 21, offline()), {
    host: "www.example.test",
    service: "ftp",
  });
});

test("getnameinfo() looks an IPv4-mapped address up as its IPv4 address", async () => {
  assert.equal((await getnameinfo("::ffff:192.0.2.10", 80, offline())).host, "www.example.test");
  const { reverse, calls } = fakeReverse({ "192.0.2.123": ["mapped.example.test"] });
  assert.equal(
    (await getnameinfo("::ffff:c000:27b", 80, offline({ systemReverse: reverse }))).host,
    "mapped.example.test",
  );
  assert.deepEqual(calls, ["192.0.2.123"]);
});

test("getnameinfo() asks the system reverse lookup when the hosts file has no name", async () => {
  const { reverse, calls } = fakeReverse({ "192.0.2.200": ["first.example.test", "second.example.test"] });
  assert.deepEqual(await getnameinfo("192.0.2.200", 8080, offline({ systemReverse: reverse })), {
    host: "first.example.test",
    service: "http-alt",
  });
  assert.deepEqual(calls, ["192.0.2.200"]);
});

test("getnameinfo() falls back to the canonical address text when no name is found", async () => {
  const { reverse } = fakeReverse({ "2001:db8::99": [] });
  assert.equal((await getnameinfo("2001:DB8::99", 80, offline({ systemReverse: reverse }))).host, "2001:db8::99");
  assert.equal((await getnameinfo("192.0.2.201", 80, offline({ systemReverse: reverse }))).host, "192.0.2.201");
});

test("getnameinfo() with nameRequired fails with EAI_NONAME when no name is found", async () => {
  const { reverse } = fakeReverse({});
  const err = await rejectsWith(
    getnameinfo("192.0.2.201", 80, offline({ nameRequired: true, systemReverse: reverse })),
    "EAI_NONAME",
  );
  assert.equal(err.host, "192.0.2.201");
  assert.equal((await getnameinfo("192.0.2.10", 80, offline({ nameRequired: true }))).host, "www.example.test");
});

test("getnameinfo() fails with EAI_AGAIN when the reverse lookup fails for now", async () => {
  for (const code of ["EAI_AGAIN", "ETIMEOUT"]) {
    const cause = dnsError(code);
    const err = await rejectsWith(
      getnameinfo("192.0.2.201", 80, offline({ systemReverse: () => Promise.reject(cause) })),
      "EAI_AGAIN",
    );
    assert.equal(err.cause, cause);
  }
});

test("getnameinfo() treats other reverse lookup failures as no name", async () => {
  for (const cause of [dnsError("ECONNREFUSED"), dnsError("ENODATA"), new Error("no permission")]) {
    const flags = offline({ systemReverse: () => Promise.reject(cause) });
    assert.equal((await getnameinfo("192.0.2.201", 80, flags)).host, "192.0.2.201");
    await rejectsWith(getnameinfo("192.0.2.201", 80, { ...flags, nameRequired: true }), "EAI_NONAME");
  }
});

test("getnameinfo() with numericHost never looks a name up and keeps a zone", async () => {
  assert.deepEqual(await getnameinfo("192.0.2.10", 80, offline({ numericHost: true })), {
    host: "192.0.2.10",
    service: "http",
  });
  assert.equal((await getnameinfo("FE80::1%eth0", 80, offline({ numericHost: true }))).host, "fe80::1%eth0");
});

test("getnameinfo() with numericService returns the port as decimal text", async () => {
  assert.deepEqual(await getnameinfo("192.0.2.10", 80, offline({ numericService: true })), {
    host: "www.example.test",
    service: "80",
  });
});

test("getnameinfo() names UDP ports with dgram", async () => {
  assert.equal((await getnameinfo("127.0.0.1", 514, offline())).service, "shell");
  assert.equal((await getnameinfo("127.0.0.1", 514, offline({ dgram: true }))).service, "syslog");
});

test("getnameinfo() returns a port without a name as decimal text", async () => {
  assert.equal((await getnameinfo("127.0.0.1", 12345, offline())).service, "12345");
  assert.equal((await getnameinfo("127.0.0.1", 0, offline())).service, "0");
});

test("getnameinfo() refuses text that is not an address with EAI_NONAME", async () => {
  for (const address of ["localhost", "127.1", "[::1]", ""]) {
    await rejectsWith(getnameinfo(address, 80, offline()), "EAI_NONAME");
  }
});

test("getnameinfo() refuses a port outside 0–65535 with EAI_SERVICE", async () => {
  for (const port of [-1, 65536, 1.5, Number.NaN]) {
    await rejectsWith(getnameinfo("127.0.0.1", port, offline()), "EAI_SERVICE");
  }
});
