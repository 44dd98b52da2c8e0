/**
 * The head cache of the static path: a head is reused only for a response with the same
 * status, reason, fields, length and connection fate, with the Date value patched; heads
 * whose fields the server decides are never kept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HeadCache } from "../../src/server/_head_cache.ts";

const DATE1 = "Sun, 06 Dec 2026 07:00:00 GMT";
const DATE2 = "Sun, 06 Dec 2026 07:00:01 GMT";
const text = (bytes: Uint8Array, n: number) => new TextDecoder().decode(bytes.subarray(0, n));

function headOf(date: string, extra = ""): Uint8Array {
  return new TextEncoder().encode(
    `HTTP/1.0 200 OK\r\nDate: ${date}\r\nServer: t\r\n${extra}Content-Length: 2\r\nConnection: keep-alive\r\n\r\n`,
  );
}

test("HeadCache copies a stored head for a response like it, with the new Date", () => {
  const cache = new HeadCache();
  const stored = headOf(DATE1, "X-A: 1\r\n");
  cache.store(stored, stored.length, new Response("hi", { headers: { "x-a": "1" } }), "OK", 2, true, DATE1);
  const out = new Uint8Array(512);
  const n = cache.copyInto(out, 512, new Response("yo", { headers: { "x-a": "1" } }), "OK", 2, true, DATE2);
  assert.equal(text(out, n), text(headOf(DATE2, "X-A: 1\r\n"), 1000));
  // The patched date stays until the next one.
  const m = cache.copyInto(out, 512, new Response("yo", { headers: { "x-a": "1" } }), "OK", 2, true, DATE2);
  assert.equal(text(out, m), text(headOf(DATE2, "X-A: 1\r\n"), 1000));
});

test("HeadCache answers -1 for another status, field value, field set, length, keep-alive or reason", () => {
  const cache = new HeadCache();
  const stored = headOf(DATE1, "X-A: 1\r\n");
  cache.store(stored, stored.length, new Response("hi", { headers: { "x-a": "1" } }), "OK", 2, true, DATE1);
  const out = new Uint8Array(512);
  const same = { headers: { "x-a": "1" } };
  assert.equal(cache.copyInto(out, 512, new Response("hi", { status: 201, ...same }), "OK", 2, true, DATE1), -1);
  assert.equal(cache.copyInto(out, 512, new Response("hi", { headers: { "x-a": "2" } }), "OK", 2, true, DATE1), -1);
  assert.equal(
    cache.copyInto(out, 512, new Response("hi", { headers: { "x-a": "1", "x-b": "1" } }), "OK", 2, true, DATE1),
    -1,
  );
  assert.equal(cache.copyInto(out, 512, new Response("hi", { headers: {} }), "OK", 2, true, DATE1), -1);
  assert.equal(cache.copyInto(out, 512, new Response("hi", same), "OK", 3, true, DATE1), -1);
  assert.equal(cache.copyInto(out, 512, new Response("hi", same), "OK", 2, false, DATE1), -1);
  assert.equal(cache.copyInto(out, 512, new Response("hi", same), "Fine", 2, true, DATE1), -1);
  assert.equal(cache.copyInto(out, 10, new Response("hi", same), "OK", 2, true, DATE1), -1, "too long for the room");
  assert.ok(cache.copyInto(out, 512, new Response("hi", same), "OK", 2, true, DATE1) > 0);
});

test("HeadCache never keeps a head whose fields the server decides", () => {
  for (const name of ["connection", "content-length", "keep-alive", "date"]) {
    const cache = new HeadCache();
    const stored = headOf(DATE1);
    const response = () => new Response("hi", { headers: { [name]: name === "content-length" ? "2" : "close" } });
    cache.store(stored, stored.length, response(), "OK", 2, true, DATE1);
    assert.equal(cache.copyInto(new Uint8Array(512), 512, response(), "OK", 2, true, DATE1), -1, name);
  }
});

test("HeadCache copies a matched head only while it is still the cached one, and only with the same added type", () => {
  const cache = new HeadCache();
  const typed = headOf(DATE1, "Content-Type: text/plain;charset=UTF-8\r\n");
  cache.store(typed, typed.length, new Response(new Uint8Array(2)), "OK", 2, true, DATE1, "text/plain;charset=UTF-8");
  const out = new Uint8Array(512);
  const generation = cache.matches(new Response(new Uint8Array(2)), "OK");
  assert.ok(generation >= 0);
  assert.equal(cache.hasContentType, false, "a bytes body has no type in its headers on any runtime");
  assert.equal(cache.copyMatched(generation, out, 512, 2, true, null, DATE1), -1, "another added type");
  const n = cache.copyMatched(generation, out, 512, 2, true, "text/plain;charset=UTF-8", DATE1);
  assert.equal(text(out, n), text(typed, 1000));
  // Another connection stores another head meanwhile: the old generation no longer copies.
  const other = headOf(DATE1, "X-B: 1\r\n");
  cache.store(other, other.length, new Response(new Uint8Array(2), { headers: { "x-b": "1" } }), "OK", 2, true, DATE1);
  assert.equal(cache.copyMatched(generation, out, 512, 2, true, "text/plain;charset=UTF-8", DATE1), -1);
  assert.equal(cache.matches(new Response(new Uint8Array(2)), "OK"), -1);
});
