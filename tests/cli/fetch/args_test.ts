import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs, parseDnsServers } from "../../../cli/fetch/args.ts";

test("parseArgs() reads the new curl flags in their short and long spellings", () => {
  const f = parseArgs([
    "-kGO",
    "--cacert",
    "ca.pem",
    "--compressed",
    "-w",
    "%{http_code}",
    "-A",
    "a/1",
    "-u",
    "u:p",
    "-e",
    "http://r/",
    "-b",
    "a=b",
    "-D",
    "-",
    "--json",
    "{}",
    "-r",
    "0-9",
    "-C",
    "-",
    "--retry",
    "3",
    "--http1.0",
    "http://a/",
    "-o",
    "b.out",
    "http://b/",
  ]);
  assert.ok(f !== "help");
  assert.deepEqual(f.urls, ["http://a/", "http://b/"]);
  assert.deepEqual(f.outputs, [null, "b.out"]);
  assert.equal(f.insecure, true);
  assert.equal(f.get, true);
  assert.equal(f.cacert, "ca.pem");
  assert.equal(f.compressed, true);
  assert.equal(f.writeOut, "%{http_code}");
  assert.deepEqual([f.userAgent, f.user, f.referer, f.dumpHeader, f.range, f.continueAt, f.retry], [
    "a/1",
    "u:p",
    "http://r/",
    "-",
    "0-9",
    "-",
    3,
  ]);
  assert.deepEqual(f.cookies, ["a=b"]);
  assert.equal(f.json, true);
  assert.deepEqual(f.data, [{ value: "{}", binary: true }]);
});

const BAD: [string, string[], RegExp][] = [
  ["-u without a password", ["-u", "ann", "http://x/"], /--user needs USER:PASSWORD/],
  ["a cookie file", ["-b", "cookies.txt", "http://x/"], /cookie files are not supported yet/],
  ["a malformed range", ["-r", "a-b", "http://x/"], /--range needs FROM-TO/],
  ["a bare dash range", ["-r", "-", "http://x/"], /--range needs FROM-TO/],
  ["a bad resume offset", ["-C", "soon", "http://x/"], /--continue-at needs an offset/],
  ["a bad --retry", ["--retry", "many", "http://x/"], /--retry needs a number/],
  ["more outputs than URLs", ["-o", "a", "-o", "b", "http://x/"], /more -o\/-O than URLs/],
];

for (const [what, argv, message] of BAD) {
  test(`parseArgs() rejects ${what} with exit status 2`, () => {
    assert.throws(() => parseArgs(argv), (err: Error & { exitCode?: number }) => {
      assert.equal(err.exitCode, 2);
      assert.match(err.message, message);
      return true;
    });
  });
}

test("parseArgs() reads --dns-servers with the resolver's parser of curl's ADDR[:PORT] list", () => {
  const flags = parseArgs(["--dns-servers", "192.0.2.1,192.0.2.2:5353,[2001:db8::1]:53,::1", "http://x/"]);
  assert.notEqual(flags, "help");
  assert.deepEqual(
    (flags as Exclude<typeof flags, "help">).dnsServers,
    parseDnsServers("192.0.2.1,192.0.2.2:5353,[2001:db8::1]:53,::1"),
  );
  for (const bad of ["ns.example", "192.0.2.1:0", "192.0.2.1:99999", "[::1", ""]) {
    assert.throws(() => parseArgs(["--dns-servers", bad, "http://x/"]), { exitCode: 2 }, bad);
  }
});
