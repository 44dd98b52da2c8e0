import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/services.ts";
const FILE = ["--file", "tests/_fixtures/resolve/services"];

test("examples/services.ts lists every entry, one per line", async () => {
  const r = await runScript(SCRIPT, FILE);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.text.trimEnd().split("\n");
  assert.equal(lines.length, 9);
  assert.equal(lines[0], "name=ftp (tcp/21), aliases={ }");
  assert.equal(lines[1], "name=http (tcp/80), aliases={ www }");
});

test("examples/services.ts looks a service up by name or alias", async () => {
  const r = await runScript(SCRIPT, [...FILE, "www", "tcp"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "name=http (tcp/80), aliases={ www }\n");
});

test("examples/services.ts looks a service up by port, per protocol", async () => {
  assert.equal((await runScript(SCRIPT, [...FILE, "514", "udp"])).text, "name=syslog (udp/514), aliases={ }\n");
  assert.equal((await runScript(SCRIPT, [...FILE, "514"])).text, "name=shell (tcp/514), aliases={ cmd }\n");
});

test("examples/services.ts says a service is not there and exits 1", async () => {
  const r = await runScript(SCRIPT, [...FILE, "http", "udp"]);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.match(r.stderr, /^services: "http" for udp is not in /);
});

test("examples/services.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [["http", "sctp"], ["70000"], ["a", "tcp", "b"], ["--file"], ["-x"]]) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: services/);
  }
});
