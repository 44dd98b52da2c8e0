/**
 * The static-body fast path (src/server/_static_body.ts): it may only ever answer with the
 * body a response was given, and must say "don't know" for anything else.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hasStaticBodies, staticBody } from "../../src/server/_static_body.ts";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

test("staticBody() is available on Deno, and off where Response internals are out of reach", () => {
  // On Deno the probe must pass: if a Deno upgrade breaks it, this test says so (the server
  // stays correct, it only loses the fast path).
  assert.equal(hasStaticBodies, isDeno);
});

test("staticBody() gives the string or bytes a response was made with", { skip: !hasStaticBodies }, () => {
  assert.equal(staticBody(new Response("Hello, World!")), "Hello, World!");
  assert.equal(staticBody(new Response("x", { status: 404, headers: { "x-a": "1" } })), "x");
  assert.equal(staticBody(Response.json({ a: 1 })), '{"a":1}');
  const bytes = staticBody(new Response(new Uint8Array([1, 2, 3]), { headers: { "x-a": "1" } }));
  assert.deepEqual(bytes, new Uint8Array([1, 2, 3]));
});

test("staticBody() does not answer for streams, empty bodies, or bodies read or opened", async () => {
  assert.equal(staticBody(new Response(new ReadableStream())), undefined);
  assert.equal(staticBody(new Response(null)), undefined);
  assert.equal(staticBody(new Response(new Blob(["blob"]))), undefined);
  const read = new Response("read", { headers: { "x-a": "1" } });
  await read.text();
  assert.equal(staticBody(read), undefined);
  const readPlain = new Response("read");
  await readPlain.text();
  assert.equal(staticBody(readPlain), undefined);
  const opened = new Response("opened");
  void opened.body;
  assert.equal(staticBody(opened), undefined);
});

test("staticBody() of a cloned response and its clone is the body given or nothing", async () => {
  for (const init of [undefined, { headers: { "x-a": "1" } }]) {
    const original = new Response("cloned", init);
    const copy = original.clone();
    for (const r of [original, copy]) {
      const seen = staticBody(r);
      assert.ok(seen === undefined || seen === "cloned", `got ${String(seen)}`);
    }
    assert.equal(await copy.text(), "cloned");
    assert.equal(await original.text(), "cloned");
  }
});
