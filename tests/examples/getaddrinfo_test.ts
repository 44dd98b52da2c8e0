import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";
import { startDnsmasq } from "../_helpers/dnsmasq.ts";
import { skipUnless } from "../_helpers/tools.ts";

const SCRIPT = "examples/getaddrinfo.ts";
const FILES = ["--hosts", "tests/_fixtures/resolve/hosts", "--services", "tests/_fixtures/resolve/services"];

test("examples/getaddrinfo.ts prints every address as address:port, IPv6 in brackets", async () => {
  const r = await runScript(SCRIPT, [...FILES, "www.example.test", "www"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "[2001:db8::10]:80\n192.0.2.10:80\n[2001:db8::11]:80\n192.0.2.11:80\n");
});

test("examples/getaddrinfo.ts resolves localhost to both loopback addresses", async () => {
  const r = await runScript(SCRIPT, [...FILES, "localhost", "8080"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "[::1]:8080\n127.0.0.1:8080\n");
});

test("examples/getaddrinfo.ts keeps one family with -4 or -6", async () => {
  const v4 = await runScript(SCRIPT, ["-4", ...FILES, "www.example.test", "http"]);
  assert.equal(v4.text, "192.0.2.10:80\n192.0.2.11:80\n");
  const v6 = await runScript(SCRIPT, [...FILES, "localhost", "https", "-6"]);
  assert.equal(v6.text, "[::1]:443\n");
});

test("examples/getaddrinfo.ts says in one line why a host does not resolve, and exits 1", async () => {
  const r = await runScript(SCRIPT, [...FILES, "127.1", "80"]);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.equal(r.stderr, 'getaddrinfo: Name or service not known: "127.1" (not a dotted-quad IPv4 address)\n');
});

test("examples/getaddrinfo.ts reports an unknown service and exits 1", async () => {
  const r = await runScript(SCRIPT, [...FILES, "localhost", "gopher"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^getaddrinfo: Servname not supported for ai_socktype: "gopher".*\n$/);
});

test("examples/getaddrinfo.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [[], ["localhost"], ["a", "b", "c"], ["-x", "localhost", "80"], ["-4", "-6", "localhost", "80"], [
      "localhost",
      "80",
      "--hosts",
    ]]
  ) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: getaddrinfo/);
    assert.equal(r.text, "");
  }
});

test("examples/getaddrinfo.ts --dns-servers asks that server itself: a name only dnsmasq knows", {
  skip: skipUnless("dnsmasq"),
}, async () => {
  const dns = await startDnsmasq(["local=/test/", "host-record=only.dns.test,192.0.2.7,2001:db8::7"], "only.dns.test");
  try {
    const r = await runScript(SCRIPT, [...FILES, "--dns-servers", dns.server, "only.dns.test", "80"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "[2001:db8::7]:80\n192.0.2.7:80\n");
    const nx = await runScript(SCRIPT, [...FILES, "--dns-servers", `127.0.0.1:${dns.port},[::1]:1`, "nx.test", "80"]);
    assert.equal(nx.code, 1);
    const nxdomain = `Name or service not known: "nx.test" \\(NXDOMAIN from 127\\.0\\.0\\.1:${dns.port}\\)`;
    assert.match(nx.stderr, new RegExp(nxdomain));
  } finally {
    await dns.stop();
  }
});

test("examples/getaddrinfo.ts refuses a --dns-servers list that is not addresses, with usage", async () => {
  const r = await runScript(SCRIPT, ["--dns-servers", "dns.example", "a.test", "80"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Invalid DNS server list "dns.example"[^]*usage: getaddrinfo/);
});
