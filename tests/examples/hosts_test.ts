import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/hosts.ts";
const FILE = ["--file", "tests/_fixtures/resolve/hosts"];

test("examples/hosts.ts lists every entry, one per line", async () => {
  const r = await runScript(SCRIPT, FILE);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.text.split("\n");
  assert.equal(lines.length, 12);
  assert.equal(lines[0], "name=localhost (127.0.0.1), aliases={ }");
  assert.equal(lines[1], "name=localhost (::1), aliases={ ip6-localhost ip6-loopback }");
  assert.equal(lines[5], "name=www.example.test (2001:db8::11), aliases={ }");
  assert.equal(lines[11], "");
});

test("examples/hosts.ts looks a name up and prints all its addresses", async () => {
  const r = await runScript(SCRIPT, [...FILE, "WWW.example.test"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    "name=www.example.test (192.0.2.10, 2001:db8::10, 192.0.2.11, 2001:db8::11), aliases={ www alias.example.test }\n",
  );
});

test("examples/hosts.ts says a name is not there and exits 1", async () => {
  const r = await runScript(SCRIPT, [...FILE, "nowhere.test"]);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.match(r.stderr, /^hosts: "nowhere\.test" is not in .*hosts\n$/);
});

test("examples/hosts.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [["a", "b"], ["--file"], ["-v"]]) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: hosts/);
  }
});
