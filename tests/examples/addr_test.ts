import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/addr.ts";

test("examples/addr.ts prints IPv4 as one 32-bit hex word", async () => {
  const r = await runScript(SCRIPT, ["127.0.0.1"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "IPv4: 0x7f000001\n");
});

test("examples/addr.ts prints IPv6 as eight 16-bit hex words, with the zone", async () => {
  assert.equal(
    (await runScript(SCRIPT, ["2001:db8::1"])).text,
    "IPv6: 0x2001 0x0db8 0x0000 0x0000 0x0000 0x0000 0x0000 0x0001\n",
  );
  assert.equal(
    (await runScript(SCRIPT, ["::ffff:192.0.2.1"])).text,
    "IPv6: 0x0000 0x0000 0x0000 0x0000 0x0000 0xffff 0xc000 0x0201\n",
  );
  assert.equal(
    (await runScript(SCRIPT, ["fe80::1%eth0"])).text,
    "IPv6: 0xfe80 0x0000 0x0000 0x0000 0x0000 0x0000 0x0000 0x0001 zone=eth0\n",
  );
});

test("examples/addr.ts says text is neither address family and exits 1", async () => {
  for (const text of ["127.1", "localhost", "1::2::3"]) {
    const r = await runScript(SCRIPT, [text]);
    assert.equal(r.code, 1, text);
    assert.equal(r.text, "");
    assert.equal(r.stderr, `addr: ${JSON.stringify(text)} is neither an IPv4 nor an IPv6 address\n`);
  }
});

test("examples/addr.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [[], ["1.2.3.4", "5.6.7.8"], ["-x"]]) {
    const r = await runScript(SCRIPT, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /usage: addr ADDRESS/);
  }
});
