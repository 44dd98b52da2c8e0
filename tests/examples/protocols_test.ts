import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/protocols.ts";
const FILE = ["--file", "tests/_fixtures/resolve/protocols"];

test("examples/protocols.ts lists every entry, one per line", async () => {
  const r = await runScript(SCRIPT, FILE);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    "name=ip (0), aliases={ IP }\nname=icmp (1), aliases={ ICMP }\nname=tcp (6), aliases={ TCP }\n" +
      "name=udp (17), aliases={ UDP }\nname=ipv6-icmp (58), aliases={ IPv6-ICMP }\n",
  );
});

test("examples/protocols.ts looks a protocol up by name, alias or number", async () => {
  assert.equal((await runScript(SCRIPT, [...FILE, "udp"])).text, "name=udp (17), aliases={ UDP }\n");
  assert.equal((await runScript(SCRIPT, [...FILE, "TCP"])).text, "name=tcp (6), aliases={ TCP }\n");
  assert.equal((await runScript(SCRIPT, [...FILE, "58"])).text, "name=ipv6-icmp (58), aliases={ IPv6-ICMP }\n");
});

test("examples/protocols.ts says a protocol is not there and exits 1", async () => {
  const r = await runScript(SCRIPT, [...FILE, "132"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^protocols: "132" is not in /);
});

test("examples/protocols.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [["256"], ["tcp", "udp"], ["--file"], ["-n"]]) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: protocols/);
  }
});
