import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { runScript } from "../_helpers/run_script.ts";
import { type Dnsmasq, startDnsmasq } from "../_helpers/dnsmasq.ts";
import { skipUnless } from "../_helpers/tools.ts";

const SCRIPT = "examples/dig.ts";
// The permissions examples/README.md gives: sockets, and resolv.conf.
const permissions = ["--allow-net", "--allow-read"];
const skip = skipUnless("dnsmasq");
let dns: Dnsmasq;

before(async () => {
  if (skip) return;
  dns = await startDnsmasq([
    "local=/test/",
    "local=/in-addr.arpa/",
    "host-record=a.test,192.0.2.1,2001:db8::1,300",
    "cname=c1.test,c2.test",
    "cname=c2.test,a.test",
    ...Array.from({ length: 100 }, (_, i) => `host-record=big.test,10.0.0.${i + 1}`),
  ], "a.test");
});

after(async () => {
  await dns?.stop();
});

const dig = (...args: string[]) => runScript(SCRIPT, args, { permissions });

test(
  "examples/dig.ts prints the answer section like dig +noall +answer: a CNAME chain then the address",
  { skip },
  async () => {
    const r = await dig(`@${dns.server}`, "c1.test");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.text,
      "c1.test.\t0\tIN\tCNAME\tc2.test.\nc2.test.\t0\tIN\tCNAME\ta.test.\na.test.\t300\tIN\tA\t192.0.2.1\n",
    );
  },
);

test("examples/dig.ts asks for the type given: AAAA and PTR", { skip }, async () => {
  const aaaa = await dig(`@${dns.server}`, "a.test", "aaaa");
  assert.equal(aaaa.text, "a.test.\t300\tIN\tAAAA\t2001:db8::1\n");
  const ptr = await dig(`@${dns.server}`, "1.2.0.192.in-addr.arpa", "PTR");
  assert.equal(ptr.text, "1.2.0.192.in-addr.arpa.\t300\tIN\tPTR\ta.test.\n");
});

test(
  "examples/dig.ts prints all 100 records of an answer too big for UDP (asked again over TCP)",
  { skip },
  async () => {
    const r = await dig(`@${dns.server}`, "big.test");
    assert.equal(r.code, 0, r.stderr);
    const lines = r.text.trim().split("\n");
    assert.equal(lines.length, 100);
    assert.deepEqual(
      lines.map((l) => l.split("\t")[4]).sort(),
      Array.from({ length: 100 }, (_, i) => `10.0.0.${i + 1}`).sort(),
    );
  },
);

test("examples/dig.ts exits 1 with the rcode for NXDOMAIN and REFUSED", { skip }, async () => {
  const nx = await dig(`@${dns.server}`, "nx.test");
  assert.equal(nx.code, 1);
  assert.equal(nx.text, "");
  assert.equal(nx.stderr, ";; status: NXDOMAIN\n");
  const refused = await dig(`@${dns.server}`, "example.com");
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, ";; status: REFUSED\n");
});

test("examples/dig.ts exits 9 when the server never answers", async () => {
  // A bound socket that reads nothing: no answer, and no ICMP error either.
  const silent: Socket = createSocket("udp4");
  await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
  try {
    const r = await dig(`@127.0.0.1:${silent.address().port}`, "a.test", "--timeout", "100");
    assert.equal(r.code, 9);
    assert.match(
      r.stderr,
      /^;; connection timed out; no servers could be reached .*no answer from 127\.0\.0\.1:\d+ within 100 ms/,
    );
  } finally {
    silent.close();
  }
});

test("examples/dig.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [[], ["@dns.example", "a.test"], ["a.test", "BOGUS"], ["a", "A", "extra"], [
      "@1.2.3.4",
      "@1.2.3.5",
      "a",
    ], [
      "a.test",
      "--timeout",
      "0",
    ]]
  ) {
    const r = await dig(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: dig/);
  }
});
