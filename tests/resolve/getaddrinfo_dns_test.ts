/**
 * getaddrinfo and getnameinfo with `resolver: "dns"` against dnsmasq, a real DNS server the
 * test starts on loopback with its own configuration.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { getaddrinfo } from "../../src/resolve/getaddrinfo.ts";
import { getnameinfo } from "../../src/resolve/getnameinfo.ts";
import type { GaiError } from "../../src/resolve/gai_error.ts";
import { queryDns } from "../../src/resolve/dns_query.ts";
import { RR_TYPES } from "../../src/resolve/dns/types.ts";
import { type Dnsmasq, startDnsmasq } from "../_helpers/dnsmasq.ts";
import { skipUnless } from "../_helpers/tools.ts";

const skip = skipUnless("dnsmasq");
/** 100 A records: 1,600 bytes of answers, more than 512 (no EDNS) or 1232 (EDNS) bytes of UDP. */
const BIG = Array.from({ length: 100 }, (_, i) => `10.0.${i >> 8}.${(i & 0xff) + 1}`);
const CONFIG = [
  // No upstream: unknown names under these are NXDOMAIN, all others REFUSED.
  "local=/test/",
  "local=/in-addr.arpa/",
  "local=/ip6.arpa/",
  "host-record=a.test,192.0.2.1,2001:db8::1,300",
  "cname=c1.test,c2.test",
  "cname=c2.test,a.test",
  "host-record=only6.test,2001:db8::6",
  "host-record=www.corp.test,192.0.2.80",
  "host-record=www.test,192.0.2.81",
  "host-record=nx2.test.corp.test,192.0.2.83",
  ...BIG.map((a) => `host-record=big.test,${a}`),
  ...BIG.slice(0, 40).map((a) => `host-record=mid.test,${a}`),
];

let dns: Dnsmasq;
let hints: { resolver: "dns"; nameservers: string[]; resolvConfPath: string; hostsPath: string };

before(async () => {
  if (skip) return;
  dns = await startDnsmasq(CONFIG, "a.test");
  const resolvConfPath = join(dns.dir, "resolv.conf");
  const hostsPath = join(dns.dir, "hosts");
  // No nameserver line: `nameservers` gives dnsmasq's port. The search list and ndots are read from here.
  writeFileSync(resolvConfPath, "search corp.test\noptions ndots:1 timeout:5 attempts:2\n");
  writeFileSync(hostsPath, "192.0.2.99 hostsonly.test\n");
  hints = { resolver: "dns", nameservers: [dns.server], resolvConfPath, hostsPath };
});

after(async () => {
  await dns?.stop();
});

const addresses = (list: { address: string }[]) => list.map((a) => a.address);

test("getaddrinfo() with resolver dns asks dnsmasq for A and AAAA and orders them IPv6 first", { skip }, async () => {
  assert.deepEqual(addresses(await getaddrinfo("a.test", 80, hints)), ["2001:db8::1", "192.0.2.1"]);
  assert.deepEqual(addresses(await getaddrinfo("a.test", 80, { ...hints, family: 4 })), ["192.0.2.1"]);
});

test(
  "getaddrinfo() with resolver dns follows a CNAME chain and gives its end as the canonical name",
  { skip },
  async () => {
    const found = await getaddrinfo("c1.test", "80", { ...hints, canonName: true });
    assert.deepEqual(addresses(found), ["2001:db8::1", "192.0.2.1"]);
    assert.equal(found[0].canonicalName, "a.test");
  },
);

test("getaddrinfo() with resolver dns gets all 100 addresses of a name whose UDP answer is truncated, over TCP", {
  skip,
}, async () => {
  const found = await getaddrinfo("big.test", 80, { ...hints, family: 4 });
  assert.deepEqual(addresses(found).sort(), [...BIG].sort());
  // With EDNS0's 1232 bytes it does not fit either.
  const { message } = await queryDns("big.test", "A", { nameservers: hints.nameservers, udpSize: 1232 });
  assert.equal(message.truncated, false, "the answer kept is the one over TCP");
  assert.equal(message.answers.length, 100);
});

test(
  "queryDns() gets all 40 records of a 700-byte answer, with EDNS0 over UDP and without it over TCP",
  { skip },
  async () => {
    for (const udpSize of [null, 1232]) {
      const { message } = await queryDns("mid.test", RR_TYPES.A, { nameservers: hints.nameservers, udpSize });
      assert.equal(message.answers.length, 40, `udpSize ${udpSize}`);
      assert.equal(message.edns !== null, udpSize !== null, "dnsmasq answers EDNS with EDNS");
    }
  },
);

test("getaddrinfo() with resolver dns reads the hosts file first: a name only there resolves", { skip }, async () => {
  assert.deepEqual(addresses(await getaddrinfo("hostsonly.test", 80, hints)), ["192.0.2.99"]);
});

test("getaddrinfo() with resolver dns turns NXDOMAIN into EAI_NONAME, naming the server", { skip }, async () => {
  await assert.rejects(getaddrinfo("nx.test", 80, hints), (e: GaiError) => {
    assert.equal(e.code, "EAI_NONAME");
    assert.match(e.message, new RegExp(`NXDOMAIN from 127\\.0\\.0\\.1:${dns.port}`));
    return true;
  });
});

test(
  "getaddrinfo() with resolver dns says EAI_NONAME for a name with no record of the family asked",
  { skip },
  async () => {
    await assert.rejects(getaddrinfo("only6.test", 80, { ...hints, family: 4 }), (e: GaiError) => {
      assert.equal(e.code, "EAI_NONAME");
      assert.match(e.message, /no A record at 127\.0\.0\.1/);
      return true;
    });
    assert.deepEqual(addresses(await getaddrinfo("only6.test", 80, hints)), ["2001:db8::6"]);
  },
);

test("getaddrinfo() with resolver dns turns REFUSED into EAI_AGAIN, naming the server", { skip }, async () => {
  await assert.rejects(getaddrinfo("example.com", 80, hints), (e: GaiError) => {
    assert.equal(e.code, "EAI_AGAIN");
    assert.match(e.message, new RegExp(`REFUSED from 127\\.0\\.0\\.1:${dns.port}`));
    return true;
  });
});

test(
  "getaddrinfo() with resolver dns tries the search list first for a name with fewer dots than ndots",
  { skip },
  async () => {
    // "www" has 0 dots < ndots 1: www.corp.test is asked first and exists.
    const found = await getaddrinfo("www", 80, { ...hints, family: 4, canonName: true });
    assert.deepEqual(addresses(found), ["192.0.2.80"]);
    assert.equal(found[0].canonicalName, "www.corp.test");
    // "www.test" has 1 dot: asked as is first.
    assert.deepEqual(addresses(await getaddrinfo("www.test", 80, { ...hints, family: 4 })), ["192.0.2.81"]);
    // "nx2.test" is NXDOMAIN as is, then found with the search domain; a final dot turns the search off.
    assert.deepEqual(addresses(await getaddrinfo("nx2.test", 80, { ...hints, family: 4 })), ["192.0.2.83"]);
    await assert.rejects(getaddrinfo("nx2.test.", 80, hints), (e: GaiError) => e.code === "EAI_NONAME");
  },
);

test("getnameinfo() with resolver dns finds a name through PTR records, IPv4 and IPv6", { skip }, async () => {
  assert.deepEqual(await getnameinfo("192.0.2.1", 80, hints), { host: "a.test", service: "http" });
  assert.equal((await getnameinfo("2001:db8::1", 443, hints)).host, "a.test");
  assert.equal((await getnameinfo("::ffff:192.0.2.1", 443, hints)).host, "a.test");
});

test("getnameinfo() with resolver dns falls back to the address text when no PTR exists, or fails with nameRequired", {
  skip,
}, async () => {
  assert.equal((await getnameinfo("192.0.2.200", 80, { ...hints, numericService: true })).host, "192.0.2.200");
  await assert.rejects(
    getnameinfo("192.0.2.200", 80, { ...hints, nameRequired: true }),
    (e: GaiError) => e.code === "EAI_NONAME",
  );
});

test("getaddrinfo() refuses a resolver it does not know and a nameserver that is not an address", async () => {
  await assert.rejects(
    getaddrinfo("a.test", 80, { resolver: "bind" as "dns" }),
    (e: GaiError) => e.code === "EAI_BADFLAGS",
  );
  await assert.rejects(
    getaddrinfo("a.test", 80, { resolver: "dns", nameservers: ["dns.example"] }),
    (e: Error & { code: string }) => e.code === "HTTP10_DNS_BAD_SERVERS",
  );
});
