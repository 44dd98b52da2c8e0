/**
 * The lazily built Request a handler receives (src/server/_request.ts): what it answers
 * from the parsed head, and that everything else behaves as a real Request's would.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lazyRequest, requestUrl } from "../../src/server/_request.ts";
import { parseRequestHead, type RequestHead } from "../../src/http10/parse_request.ts";
import type { NetAddr } from "../../src/transport/types.ts";

const LOCAL4: NetAddr = { transport: "tcp", hostname: "127.0.0.1", port: 8000, family: 4 };
const LOCAL6: NetAddr = { transport: "tcp", hostname: "::1", port: 8000, family: 6 };

function head(text: string): RequestHead {
  const result = parseRequestHead(new TextEncoder().encode(text));
  assert.notEqual(result, "incomplete");
  return (result as { head: RequestHead }).head;
}

function bodyOf(text: string): () => ReadableStream<Uint8Array> {
  return () =>
    new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(text));
        c.close();
      },
    });
}

const POST = "POST /form?x=1 HTTP/1.0\r\nHost: a.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n";

test("requestUrl() joins the Host field and an origin-form target", () => {
  assert.equal(
    requestUrl(head("GET /a?b=c HTTP/1.0\r\nHost: a.test:8080\r\n\r\n"), LOCAL4),
    "http://a.test:8080/a?b=c",
  );
});

test("requestUrl() takes an absolute-form target as it is, whatever the Host says", () => {
  assert.equal(requestUrl(head("GET http://b.test/x HTTP/1.1\r\nHost: a.test\r\n\r\n"), LOCAL4), "http://b.test/x");
});

test("requestUrl() uses the listening address for HTTP/1.0 without Host, bracketing IPv6", () => {
  assert.equal(requestUrl(head("GET /x HTTP/1.0\r\n\r\n"), LOCAL4), "http://127.0.0.1:8000/x");
  assert.equal(requestUrl(head("GET /x HTTP/1.0\r\n\r\n"), LOCAL6), "http://[::1]:8000/x");
});

test("requestUrl() writes the asterisk-form target of OPTIONS as /*", () => {
  assert.equal(requestUrl(head("OPTIONS * HTTP/1.0\r\nHost: a.test\r\n\r\n"), LOCAL4), "http://a.test/*");
});

test("lazyRequest() is an instance of Request with the method, URL and headers of the head", () => {
  const req = lazyRequest(head(POST), LOCAL4, bodyOf("hello"));
  assert.ok(req instanceof Request);
  assert.equal(Object.prototype.toString.call(req), "[object Request]");
  assert.equal(req.method, "POST");
  assert.equal(req.url, "http://a.test/form?x=1");
  assert.equal(req.headers.get("content-type"), "text/plain");
  assert.equal(req.headers, req.headers, "the same Headers object every time");
});

test("lazyRequest() reads its body like a Request: text(), then bodyUsed", async () => {
  const req = lazyRequest(head(POST), LOCAL4, bodyOf("hello"));
  assert.equal(req.bodyUsed, false);
  assert.equal(await req.text(), "hello");
  assert.equal(req.bodyUsed, true);
});

test("lazyRequest() has a null body for GET and never asks for the stream", async () => {
  let asked = false;
  const req = lazyRequest(head("GET / HTTP/1.0\r\n\r\n"), LOCAL4, () => {
    asked = true;
    return null;
  });
  assert.equal(req.body, null);
  assert.equal(await req.text(), "");
  assert.equal(asked, false);
});

test("lazyRequest() keeps changes a handler made to its headers when the Request is built", async () => {
  const req = lazyRequest(head(POST), LOCAL4, bodyOf("hello"));
  req.headers.set("x-seen", "yes");
  const copy = req.clone();
  assert.equal(copy.headers.get("x-seen"), "yes");
  assert.equal(await copy.text(), "hello");
});

test("lazyRequest() can be passed to new Request() like any Request", async () => {
  const req = lazyRequest(head(POST), LOCAL4, bodyOf("hello"));
  const copy = new Request(req);
  assert.equal(copy.method, "POST");
  assert.equal(copy.url, "http://a.test/form?x=1");
  assert.equal(copy.headers.get("content-type"), "text/plain");
  assert.equal(await copy.text(), "hello");
});

test("lazyRequest() answers the other Request members from a real Request", () => {
  const req = lazyRequest(head("GET / HTTP/1.0\r\n\r\n"), LOCAL4, null);
  assert.equal(req.signal.aborted, false);
  assert.equal(req.redirect, "follow");
  assert.equal(typeof req.cache, "string");
});
