import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/getnameinfo.ts";
const FILES = ["--hosts", "tests/_fixtures/resolve/hosts", "--services", "tests/_fixtures/resolve/services"];

test("examples/getnameinfo.ts prints the host and service names", async () => {
  const r = await runScript(SCRIPT, [...FILES, "192.0.2.10", "80"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "www.example.test http\n");
});

test("examples/getnameinfo.ts names UDP ports with -u", async () => {
  const r = await runScript(SCRIPT, [...FILES, "-u", "::1", "514"]);
  assert.equal(r.text, "localhost syslog\n");
});

test("examples/getnameinfo.ts prints numbers with -n", async () => {
  const r = await runScript(SCRIPT, [...FILES, "-n", "2001:DB8::10", "80"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "2001:db8::10 80\n");
});

test("examples/getnameinfo.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [[], ["127.0.0.1"], ["localhost", "80"], ["127.0.0.1", "http"], ["127.0.0.1", "65536"], [
      "-x",
      "127.0.0.1",
      "80",
    ]]
  ) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: getnameinfo/);
  }
});
