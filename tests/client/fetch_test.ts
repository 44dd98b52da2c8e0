import assert from "node:assert/strict";
import { test } from "node:test";
import { Client } from "../../src/client/client.ts";
import { fetch } from "../../src/client/fetch.ts";
import { type FakeServer, latin1, type Reply, startFakeServer } from "./_fake_server.ts";

async function withServer<T>(
  script: Reply | Reply[] | ((req: { head: string }, i: number) => Reply),
  fn: (server: FakeServer) => Promise<T>,
): Promise<T> {
  const server = await startFakeServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test("fetch() resolves with a standard Response: status, statusText, headers, body", async () => {
  const reply = {
    pieces: ["HTTP/1.0 201 Made It\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n", '{"a":1}\n'],
  };
  await withServer(reply, async (server) => {
    const res = await fetch(`${server.origin}/thing?x=1#frag`);
    assert.ok(res instanceof Response);
    assert.equal(res.status, 201);
    assert.equal(res.statusText, "Made It");
    assert.equal(res.ok, true);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.url, `${server.origin}/thing?x=1`);
    assert.equal(res.redirected, false);
    assert.deepEqual(await res.json(), { a: 1 });
    assert.match(server.requests[0].head, /^GET \/thing\?x=1 HTTP\/1\.0\r\n/);
  });
});

test("fetch() streams the body: the first chunk arrives while the server holds the rest", async () => {
  // The server sends part of a close-delimited body and then keeps the connection open.
  await withServer({ pieces: ["HTTP/1.0 200 OK\r\n\r\nfirst"], keepOpen: true }, async (server) => {
    const res = await fetch(server.origin);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    assert.equal(latin1(value!), "first");
    await reader.cancel();
  });
});

test("fetch() keeps every Set-Cookie line", async () => {
  const reply = { pieces: ["HTTP/1.0 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"] };
  await withServer(reply, async (server) => {
    const res = await fetch(server.origin);
    assert.deepEqual(res.headers.getSetCookie(), ["a=1", "b=2"]);
  });
});

test("fetch() sets url and redirected after following a redirect", async () => {
  const script = (req: { head: string }) =>
    req.head.startsWith("GET /old ")
      ? { pieces: ["HTTP/1.0 308 Permanent Redirect\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"] }
      : { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nnew"] };
  await withServer(script, async (server) => {
    const res = await fetch(`${server.origin}/old`);
    assert.equal(await res.text(), "new");
    assert.equal(res.url, `${server.origin}/new`);
    assert.equal(res.redirected, true);
  });
});

test("fetch() accepts a Request: its method, headers, body and redirect mode", async () => {
  const reply = { pieces: ["HTTP/1.0 303 See Other\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n"] };
  await withServer(reply, async (server) => {
    const req = new Request(`${server.origin}/submit`, {
      method: "POST",
      headers: { "X-Id": "7" },
      body: "a=b",
      redirect: "manual",
    });
    const res = await fetch(req);
    assert.equal(res.status, 303);
    const { head, body } = server.requests[0];
    assert.match(head, /^POST \/submit HTTP\/1\.0\r\n/);
    assert.match(head, /\r\nx-id: 7\r\n/);
    assert.match(head, /\r\nContent-Length: 3\r\n/);
    assert.equal(latin1(body), "a=b");
  });
});

test("fetch() gives a HEAD, 204, 205 or 304 response a null body", async () => {
  const replies = [
    "HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\n",
    "HTTP/1.0 204 No Content\r\n\r\n",
    "HTTP/1.0 205 Reset Content\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.0 304 Not Modified\r\n\r\n",
  ].map((s) => ({ pieces: [s] }));
  await withServer(replies, async (server) => {
    const head = await fetch(server.origin, { method: "HEAD" });
    assert.equal(head.body, null);
    assert.equal(head.headers.get("content-length"), "4");
    for (const status of [204, 205, 304]) {
      const res = await fetch(server.origin);
      assert.equal(res.status, status);
      assert.equal(res.body, null);
    }
  });
});

test("fetch() rejects a 101 response with UnsupportedStatusError", async () => {
  await withServer({ pieces: ["HTTP/1.1 101 Switching Protocols\r\n\r\n"] }, async (server) => {
    await assert.rejects(fetch(server.origin), { code: "HTTP10_UNSUPPORTED_STATUS", status: 101 });
  });
});

test("fetch() rejects with the typed errors, and with the signal's reason", async () => {
  await withServer({ pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 9\r\n\r\nshort"] }, async (server) => {
    const res = await fetch(server.origin);
    await assert.rejects(res.arrayBuffer(), { code: "HTTP10_TRUNCATED_BODY" });
    await assert.rejects(fetch("ftp://example.com/"), { code: "HTTP10_UNSUPPORTED_SCHEME" });
    await assert.rejects(fetch(server.origin, { signal: AbortSignal.abort() }), { name: "AbortError" });
  });
});

test("Client.fetch() applies the client's options", async () => {
  await withServer({ hang: true }, async (server) => {
    await assert.rejects(new Client({ timeout: 100 }).fetch(server.origin), { code: "HTTP10_TIMEOUT" });
  });
});
