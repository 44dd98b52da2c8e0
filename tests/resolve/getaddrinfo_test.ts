import { test } from "node:test";
import assert from "node:assert/strict";
import { getaddrinfo } from "../../src/resolve/getaddrinfo.ts";
import { GaiError } from "../../src/resolve/gai_error.ts";
import type { AddrFamily, AddrInfoHints, InterfaceAddress, LookupAddress } from "../../src/resolve/types.ts";
import { dnsError, HOSTS, MISSING, noLookup, SERVICES } from "./_fixtures.ts";

/** Hints that read the fixtures and fail the test if the system lookup is reached. */
const offline = (more: AddrInfoHints = {}): AddrInfoHints => ({
  hostsPath: HOSTS,
  servicesPath: SERVICES,
  systemLookup: noLookup,
  ...more,
});

/** A fake system lookup that answers from a table and records each call. */
function fakeLookup(answers: Record<string, LookupAddress[]>) {
  const calls: [string, AddrFamily][] = [];
  const lookup = (host: string, family: AddrFamily) => {
    calls.push([host, family]);
    const found = answers[host];
    return found ? Promise.resolve(found) : Promise.reject(dnsError("ENOTFOUND"));
  };
  return { lookup, calls };
}

const addresses = (list: { address: string }[]) => list.map((a) => a.address);

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<GaiError> {
  const err = await promise.then(
    () => assert.fail(`expected ${code}, got results`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GaiError, `expected a GaiError, got ${err}`);
  assert.equal(err.code, code, err.message);
  return err;
}

// --- numeric hosts ---------------------------------------------------------------

test("getaddrinfo() returns a numeric IPv4 host as is, without a lookup", async () => {
  assert.deepEqual(await getaddrinfo("192.0.2.1", 80, offline()), [
    { family: 4, address: "192.0.2.1", port: 80, socktype: "stream", protocol: "tcp" },
  ]);
});

test("getaddrinfo() returns a numeric IPv6 host in canonical form, keeping a zone", async () => {
  assert.deepEqual(addresses(await getaddrinfo("2001:DB8:0:0::1", 80, offline())), ["2001:db8::1"]);
  assert.deepEqual(addresses(await getaddrinfo("FE80::1%eth0", 80, offline())), ["fe80::1%eth0"]);
});

test("getaddrinfo() refuses a literal of the other family with EAI_ADDRFAMILY, as glibc does", async () => {
  await rejectsWith(getaddrinfo("127.0.0.1", 80, offline({ family: 6 })), "EAI_ADDRFAMILY");
  await rejectsWith(getaddrinfo("::1", 80, offline({ family: 4 })), "EAI_ADDRFAMILY");
});

test("getaddrinfo() with numericHost refuses a name with EAI_NONAME and never looks it up", async () => {
  await rejectsWith(getaddrinfo("www.example.test", 80, offline({ numericHost: true })), "EAI_NONAME");
  await rejectsWith(getaddrinfo("localhost", 80, offline({ numericHost: true })), "EAI_NONAME");
  assert.deepEqual(addresses(await getaddrinfo("::1", 80, offline({ numericHost: true }))), ["::1"]);
});

test("getaddrinfo() refuses malformed hosts with EAI_NONAME before any lookup", async () => {
  const bad = [
    "",
    ".",
    "127.1",
    "1.2.3.256",
    "010.0.0.1",
    "0x7f.0.0.1",
    "2130706433",
    "a.b.123",
    "[::1]",
    "1::2::3",
    "fe80::1%",
    "host:80",
    "a b",
    "a..b",
    ".a",
    "a/b",
    "a\u0000b",
    `${"a".repeat(64)}.test`,
    `${"a.".repeat(127)}ab`,
  ];
  for (const host of bad) {
    const err = await rejectsWith(getaddrinfo(host, 80, offline()), "EAI_NONAME");
    assert.equal(err.host, host);
  }
});

test("getaddrinfo() accepts a 63-character label and a trailing dot", async () => {
  const { lookup, calls } = fakeLookup({});
  await rejectsWith(getaddrinfo(`${"a".repeat(63)}.test.`, 80, offline({ systemLookup: lookup })), "EAI_NONAME");
  assert.equal(calls.length, 1);
});

// --- localhost and a null host ---------------------------------------------------

test("getaddrinfo() resolves localhost to both loopback addresses without a lookup", async () => {
  const hints = offline({ hostsPath: MISSING });
  assert.deepEqual(addresses(await getaddrinfo("localhost", 80, hints)), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo("LocalHost.", 80, hints)), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo("app.localhost", 80, hints)), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo("localhost", 80, { ...hints, family: 4 })), ["127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo("localhost", 80, { ...hints, family: 6 })), ["::1"]);
});

test("getaddrinfo() refuses names under .invalid without a lookup (RFC 6761 §6.4)", async () => {
  const { lookup, calls } = fakeLookup({ "host.invalid": [{ address: "192.0.2.9", family: 4 }] });
  await rejectsWith(getaddrinfo("host.invalid", 80, offline({ systemLookup: lookup })), "EAI_NONAME");
  await rejectsWith(getaddrinfo("INVALID.", 80, offline({ systemLookup: lookup })), "EAI_NONAME");
  assert.deepEqual(calls, []);
  const found = await getaddrinfo(
    "invalid.example.test",
    80,
    offline({
      systemLookup: fakeLookup({
        "invalid.example.test": [{ address: "192.0.2.10", family: 4 }],
      }).lookup,
    }),
  );
  assert.deepEqual(addresses(found), ["192.0.2.10"]);
});

test("getaddrinfo() does not treat names that merely contain localhost as loopback", async () => {
  const { lookup, calls } = fakeLookup({ "localhost.example.test": [{ address: "192.0.2.5", family: 4 }] });
  assert.deepEqual(addresses(await getaddrinfo("localhost.example.test", 80, offline({ systemLookup: lookup }))), [
    "192.0.2.5",
  ]);
  await rejectsWith(getaddrinfo("notlocalhost", 80, offline({ systemLookup: lookup })), "EAI_NONAME");
  assert.deepEqual(calls.map((c) => c[0]), ["localhost.example.test", "notlocalhost"]);
});

test("getaddrinfo() with a null host and passive returns the wildcard addresses", async () => {
  assert.deepEqual(await getaddrinfo(null, 8080, offline({ passive: true })), [
    { family: 6, address: "::", port: 8080, socktype: "stream", protocol: "tcp" },
    { family: 4, address: "0.0.0.0", port: 8080, socktype: "stream", protocol: "tcp" },
  ]);
  assert.deepEqual(addresses(await getaddrinfo(null, 8080, offline({ passive: true, family: 4 }))), ["0.0.0.0"]);
});

test("getaddrinfo() with a null host and no passive returns the loopback addresses", async () => {
  assert.deepEqual(addresses(await getaddrinfo(null, "http", offline())), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo(null, "http", offline({ family: 6 }))), ["::1"]);
  assert.deepEqual(addresses(await getaddrinfo(null, "http", offline({ preferFamily: 4 }))), ["127.0.0.1", "::1"]);
});

test("getaddrinfo() refuses a null host with a null service (EAI_NONAME)", async () => {
  const err = await rejectsWith(getaddrinfo(null, null, offline()), "EAI_NONAME");
  assert.equal(err.host, null);
  assert.equal(err.service, null);
});

// --- the hosts file --------------------------------------------------------------

test("getaddrinfo() reads the hosts file, drops repeats and interleaves the families", async () => {
  assert.deepEqual(addresses(await getaddrinfo("www.example.test", 80, offline())), [
    "2001:db8::10",
    "192.0.2.10",
    "2001:db8::11",
    "192.0.2.11",
  ]);
});

test("getaddrinfo() puts IPv4 first with preferFamily 4", async () => {
  assert.deepEqual(addresses(await getaddrinfo("www.example.test", 80, offline({ preferFamily: 4 }))), [
    "192.0.2.10",
    "2001:db8::10",
    "192.0.2.11",
    "2001:db8::11",
  ]);
});

test("getaddrinfo() keeps only the family asked for", async () => {
  assert.deepEqual(addresses(await getaddrinfo("www.example.test", 80, offline({ family: 4 }))), [
    "192.0.2.10",
    "192.0.2.11",
  ]);
  assert.deepEqual(addresses(await getaddrinfo("www.example.test", 80, offline({ family: 6 }))), [
    "2001:db8::10",
    "2001:db8::11",
  ]);
});

test("getaddrinfo() matches hosts-file names without regard to case or a trailing dot", async () => {
  assert.deepEqual(addresses(await getaddrinfo("WWW.Example.Test.", 80, offline({ family: 4 }))), [
    "192.0.2.10",
    "192.0.2.11",
  ]);
  assert.deepEqual(addresses(await getaddrinfo("mixed.case.test", 80, offline())), ["192.0.2.99"]);
});

test("getaddrinfo() keeps a zone from the hosts file", async () => {
  assert.deepEqual(addresses(await getaddrinfo("linklocal.example.test", 80, offline())), ["fe80::1%eth0"]);
});

test("getaddrinfo() asks the system when the hosts file has the name only in another family", async () => {
  const { lookup, calls } = fakeLookup({ "v4only.example.test": [{ address: "2001:db8::77", family: 6 }] });
  assert.deepEqual(
    addresses(await getaddrinfo("v4only.example.test", 80, offline({ family: 6, systemLookup: lookup }))),
    ["2001:db8::77"],
  );
  assert.deepEqual(calls, [["v4only.example.test", 6]]);
});

// --- the system lookup -----------------------------------------------------------

test("getaddrinfo() asks the system for names the hosts file lacks, with family 0 for both", async () => {
  const { lookup, calls } = fakeLookup({
    "far.example.test": [
      { address: "192.0.2.1", family: 4 },
      { address: "192.0.2.2", family: 4 },
      { address: "2001:db8::1", family: 6 },
    ],
  });
  assert.deepEqual(addresses(await getaddrinfo("far.example.test", 443, offline({ systemLookup: lookup }))), [
    "2001:db8::1",
    "192.0.2.1",
    "192.0.2.2",
  ]);
  assert.deepEqual(calls, [["far.example.test", 0]]);
});

test("getaddrinfo() passes the family to the system lookup", async () => {
  const { lookup, calls } = fakeLookup({ "far.example.test": [{ address: "192.0.2.1", family: 4 }] });
  await getaddrinfo("far.example.test", 443, offline({ systemLookup: lookup, family: 4 }));
  assert.deepEqual(calls, [["far.example.test", 4]]);
});

test("getaddrinfo() canonicalizes, de-duplicates and filters what the system returns", async () => {
  const { lookup } = fakeLookup({
    "far.example.test": [
      { address: "2001:DB8:0::1", family: 6 },
      { address: "2001:db8::1", family: 6 },
      { address: "not an address", family: 4 },
      { address: "192.0.2.1", family: 4 },
      { address: "192.0.2.1", family: 4 },
    ],
  });
  assert.deepEqual(addresses(await getaddrinfo("far.example.test", 80, offline({ systemLookup: lookup }))), [
    "2001:db8::1",
    "192.0.2.1",
  ]);
  assert.deepEqual(addresses(await getaddrinfo("far.example.test", 80, offline({ systemLookup: lookup, family: 4 }))), [
    "192.0.2.1",
  ]);
});

test("getaddrinfo() fails with EAI_NONAME when the system answers with nothing usable", async () => {
  const { lookup } = fakeLookup({
    "v6.example.test": [{ address: "2001:db8::1", family: 6 }],
    "empty.example.test": [],
  });
  await rejectsWith(getaddrinfo("v6.example.test", 80, offline({ systemLookup: lookup, family: 4 })), "EAI_NONAME");
  await rejectsWith(getaddrinfo("empty.example.test", 80, offline({ systemLookup: lookup })), "EAI_NONAME");
});

test("getaddrinfo() maps system lookup errors to EAI codes and keeps the cause", async () => {
  const table: [string, string][] = [
    ["ENOTFOUND", "EAI_NONAME"],
    ["ENODATA", "EAI_NONAME"],
    ["EAI_AGAIN", "EAI_AGAIN"],
    ["ETIMEOUT", "EAI_AGAIN"],
    ["ECONNREFUSED", "EAI_FAIL"],
    ["ESERVFAIL", "EAI_FAIL"],
  ];
  for (const [dnsCode, gaiCode] of table) {
    const cause = dnsError(dnsCode);
    const err = await rejectsWith(
      getaddrinfo("far.example.test", "http", offline({ systemLookup: () => Promise.reject(cause) })),
      gaiCode,
    );
    assert.equal(err.cause, cause);
    assert.equal(err.host, "far.example.test");
    assert.equal(err.service, "http");
    assert.match(err.message, new RegExp(`"far\\.example\\.test" \\(${dnsCode}\\)$`));
  }
});

test("getaddrinfo() reports an error without a code from the system lookup as EAI_FAIL", async () => {
  const err = await rejectsWith(
    getaddrinfo("far.example.test", 80, offline({ systemLookup: () => Promise.reject(new Error("no permission")) })),
    "EAI_FAIL",
  );
  assert.match(err.message, /no permission/);
});

test("getaddrinfo() goes to the system lookup when the hosts file is missing", async () => {
  const { lookup, calls } = fakeLookup({ "www.example.test": [{ address: "192.0.2.200", family: 4 }] });
  assert.deepEqual(
    addresses(await getaddrinfo("www.example.test", 80, offline({ hostsPath: MISSING, systemLookup: lookup }))),
    ["192.0.2.200"],
  );
  assert.equal(calls.length, 1);
});

// --- services --------------------------------------------------------------------

test("getaddrinfo() takes a port as a number or as decimal text", async () => {
  for (
    const [service, port] of [[0, 0], [80, 80], [65535, 65535], ["0", 0], ["8080", 8080], ["65535", 65535], [
      "080",
      80,
    ]] as const
  ) {
    assert.equal((await getaddrinfo("127.0.0.1", service, offline()))[0].port, port, String(service));
  }
});

test("getaddrinfo() gives port 0 for a null service", async () => {
  assert.equal((await getaddrinfo("::1", null, offline()))[0].port, 0);
});

test("getaddrinfo() refuses ports outside 0–65535 with EAI_SERVICE", async () => {
  for (const service of [65536, -1, 1.5, Number.NaN, "65536", "99999999999", "-1", "+80", " 80", ""]) {
    await rejectsWith(getaddrinfo("127.0.0.1", service, offline()), "EAI_SERVICE");
  }
});

test("getaddrinfo() looks service names up for the socket type's protocol", async () => {
  assert.deepEqual(await getaddrinfo("127.0.0.1", "www", offline()), [
    { family: 4, address: "127.0.0.1", port: 80, socktype: "stream", protocol: "tcp" },
  ]);
  assert.deepEqual(await getaddrinfo("127.0.0.1", "syslog", offline({ socktype: "dgram" })), [
    { family: 4, address: "127.0.0.1", port: 514, socktype: "dgram", protocol: "udp" },
  ]);
  assert.equal((await getaddrinfo("127.0.0.1", "cmd", offline()))[0].port, 514);
});

test("getaddrinfo() refuses a service name unknown for the protocol with EAI_SERVICE", async () => {
  const err = await rejectsWith(getaddrinfo("127.0.0.1", "syslog", offline()), "EAI_SERVICE");
  assert.equal(err.service, "syslog");
  assert.match(err.message, /^Servname not supported for ai_socktype: "syslog"/);
  await rejectsWith(getaddrinfo("127.0.0.1", "http", offline({ socktype: "dgram" })), "EAI_SERVICE");
  await rejectsWith(getaddrinfo("127.0.0.1", "http", offline({ servicesPath: MISSING })), "EAI_SERVICE");
});

test("getaddrinfo() checks the service before looking the host up", async () => {
  await rejectsWith(getaddrinfo("far.example.test", "gopher", offline()), "EAI_SERVICE");
});

test("getaddrinfo() with numericService refuses a name with EAI_NONAME but takes a number", async () => {
  await rejectsWith(getaddrinfo("127.0.0.1", "http", offline({ numericService: true })), "EAI_NONAME");
  assert.equal((await getaddrinfo("127.0.0.1", "80", offline({ numericService: true })))[0].port, 80);
});

// --- hints -----------------------------------------------------------------------

test("getaddrinfo() refuses a bad family with EAI_FAMILY and a bad socktype with EAI_SOCKTYPE", async () => {
  await rejectsWith(getaddrinfo("127.0.0.1", 80, offline({ family: 5 as AddrFamily })), "EAI_FAMILY");
  await rejectsWith(getaddrinfo("127.0.0.1", 80, offline({ preferFamily: 0 as 4 })), "EAI_FAMILY");
  await rejectsWith(getaddrinfo("127.0.0.1", 80, offline({ socktype: "raw" as "stream" })), "EAI_SOCKTYPE");
});

test("getaddrinfo() refuses canonName without a host with EAI_BADFLAGS (RFC 3493)", async () => {
  await rejectsWith(getaddrinfo(null, 80, offline({ canonName: true })), "EAI_BADFLAGS");
});

test("getaddrinfo() with canonName sets the hosts file's canonical name on the first result only", async () => {
  const list = await getaddrinfo("alias.example.test", 80, offline({ canonName: true }));
  assert.deepEqual(list, [
    {
      family: 4,
      address: "192.0.2.10",
      port: 80,
      socktype: "stream",
      protocol: "tcp",
      canonicalName: "www.example.test",
    },
  ]);
  const both = await getaddrinfo("www", 80, offline({ canonName: true }));
  assert.equal(both[0].canonicalName, "www.example.test");
  assert.ok(both.slice(1).every((a) => !("canonicalName" in a)));
});

test("getaddrinfo() with canonName uses the name itself for literals, localhost and system answers", async () => {
  const { lookup } = fakeLookup({ "far.example.test": [{ address: "192.0.2.1", family: 4 }] });
  const hints = offline({ canonName: true, systemLookup: lookup });
  assert.equal((await getaddrinfo("192.0.2.1", 80, hints))[0].canonicalName, "192.0.2.1");
  assert.equal((await getaddrinfo("localhost", 80, hints))[0].canonicalName, "localhost");
  assert.equal((await getaddrinfo("far.example.test", 80, hints))[0].canonicalName, "far.example.test");
});

test("getaddrinfo() without canonName sets no canonicalName", async () => {
  assert.ok(!("canonicalName" in (await getaddrinfo("alias.example.test", 80, offline()))[0]));
});

// --- addrConfig ------------------------------------------------------------------

const loopbackOnly: Record<string, InterfaceAddress[]> = {
  lo: [
    { address: "127.0.0.1", family: "IPv4", internal: true },
    { address: "::1", family: "IPv6", internal: true },
  ],
};
const v4Only = () => ({
  ...loopbackOnly,
  eth0: [
    { address: "192.0.2.2", family: "IPv4", internal: false },
    { address: "fe80::fc:ff:fe00:1", family: "IPv6", internal: false },
  ],
});
const v6Only = () => ({ ...loopbackOnly, eth0: [{ address: "2001:db8::2", family: 6, internal: false }] });
const dualStack = () => ({ ...v4Only(), eth1: [{ address: "fd00::2", family: "IPv6", internal: false }] });

test("getaddrinfo() with addrConfig drops a family this machine has no routable address of", async () => {
  assert.deepEqual(
    addresses(await getaddrinfo("www.example.test", 80, offline({ addrConfig: true, networkInterfaces: v4Only }))),
    [
      "192.0.2.10",
      "192.0.2.11",
    ],
  );
  assert.deepEqual(
    addresses(await getaddrinfo("www.example.test", 80, offline({ addrConfig: true, networkInterfaces: v6Only }))),
    [
      "2001:db8::10",
      "2001:db8::11",
    ],
  );
  assert.equal(
    (await getaddrinfo("www.example.test", 80, offline({ addrConfig: true, networkInterfaces: dualStack }))).length,
    4,
  );
});

test("getaddrinfo() with addrConfig asks the system for the configured family only", async () => {
  const { lookup, calls } = fakeLookup({ "far.example.test": [{ address: "192.0.2.1", family: 4 }] });
  await getaddrinfo(
    "far.example.test",
    80,
    offline({ addrConfig: true, networkInterfaces: v4Only, systemLookup: lookup }),
  );
  assert.deepEqual(calls, [["far.example.test", 4]]);
});

test("getaddrinfo() with addrConfig fails with EAI_NONAME for a family the machine lacks", async () => {
  await rejectsWith(
    getaddrinfo("www.example.test", 80, offline({ addrConfig: true, family: 6, networkInterfaces: v4Only })),
    "EAI_NONAME",
  );
  await rejectsWith(
    getaddrinfo("www.example.test", 80, offline({ addrConfig: true, networkInterfaces: () => loopbackOnly })),
    "EAI_NONAME",
  );
});

test("getaddrinfo() with addrConfig leaves localhost, literals and a null host alone", async () => {
  const hints = offline({ addrConfig: true, networkInterfaces: () => loopbackOnly });
  assert.deepEqual(addresses(await getaddrinfo("localhost", 80, hints)), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo("2001:db8::1", 80, hints)), ["2001:db8::1"]);
  assert.deepEqual(addresses(await getaddrinfo(null, 80, hints)), ["::1", "127.0.0.1"]);
  assert.deepEqual(addresses(await getaddrinfo(null, 80, { ...hints, passive: true })), ["::", "0.0.0.0"]);
});

test("getaddrinfo() with addrConfig drops nothing when the interface list cannot be read", async () => {
  const hints = offline({
    addrConfig: true,
    networkInterfaces: () => {
      throw new Error("no --allow-sys");
    },
  });
  assert.equal((await getaddrinfo("www.example.test", 80, hints)).length, 4);
});
