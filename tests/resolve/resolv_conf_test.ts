import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadResolvConf, parseResolvConf, readResolvConf } from "../../src/resolve/resolv_conf.ts";

const DEFAULTS = { search: [], ndots: 1, timeout: 5, attempts: 2, rotate: false, edns0: false };

test("parseResolvConf() reads name servers of both families, the search list and the options", () => {
  const conf = parseResolvConf(
    "# generated\n; also a comment\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n" +
      "search example.test. corp.example.test\noptions ndots:2 timeout:1 attempts:3 rotate edns0\n",
  );
  assert.deepEqual(conf, {
    nameservers: [{ address: "192.0.2.53", family: 4, port: 53 }, { address: "2001:db8::53", family: 6, port: 53 }],
    search: ["example.test", "corp.example.test"],
    ndots: 2,
    timeout: 1,
    attempts: 3,
    rotate: true,
    edns0: true,
  });
});

test("parseResolvConf() gives glibc's defaults for an empty file: 127.0.0.1, ndots 1, timeout 5, attempts 2", () => {
  assert.deepEqual(parseResolvConf(""), { nameservers: [{ address: "127.0.0.1", family: 4, port: 53 }], ...DEFAULTS });
});

test("parseResolvConf() keeps three name servers, skips names, and lets the last of domain and search win", () => {
  const conf = parseResolvConf(
    "nameserver dns.example\nnameserver 192.0.2.1\nnameserver 192.0.2.2\nnameserver 192.0.2.3\nnameserver 192.0.2.4\n" +
      "search a.test b.test\ndomain c.test\n",
  );
  assert.deepEqual(conf.nameservers.map((s) => s.address), ["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
  assert.deepEqual(conf.search, ["c.test"]);
});

test("parseResolvConf() caps options at glibc's limits and ignores bad or unknown ones", () => {
  const conf = parseResolvConf("options ndots:99 timeout:99 attempts:99 single-request ndots:x\n");
  assert.equal(conf.ndots, 15);
  assert.equal(conf.timeout, 30);
  assert.equal(conf.attempts, 5);
  assert.equal(parseResolvConf("options timeout:0 attempts:0").timeout, 1);
});

test("readResolvConf() reads a file, and gives the defaults when it is missing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "http10-resolv-"));
  try {
    const path = join(dir, "resolv.conf");
    writeFileSync(path, "nameserver ::1\n");
    assert.deepEqual((await readResolvConf(path)).nameservers, [{ address: "::1", family: 6, port: 53 }]);
    assert.deepEqual((await readResolvConf(join(dir, "missing"))).nameservers[0].address, "127.0.0.1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadResolvConf() keeps what it read for 5 s, then reads the file again only if it changed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "http10-resolv-"));
  try {
    const path = join(dir, "resolv.conf");
    let now = 1_000;
    const clock = () => now;
    writeFileSync(path, "nameserver 192.0.2.1\n");
    assert.equal((await loadResolvConf(path, clock)).nameservers[0].address, "192.0.2.1");
    writeFileSync(path, "nameserver 192.0.2.22\n"); // a different size: a different stamp
    now += 4_999;
    assert.equal((await loadResolvConf(path, clock)).nameservers[0].address, "192.0.2.1", "not looked at yet");
    now += 1;
    assert.equal((await loadResolvConf(path, clock)).nameservers[0].address, "192.0.2.22", "changed, read again");
    const kept = await loadResolvConf(path, clock);
    now += 5_000;
    assert.equal(await loadResolvConf(path, clock), kept, "unchanged: the same object, not read again");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
