import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../../src/client/agent.ts";
import { Client } from "../../src/client/client.ts";
import type { ClientResponse } from "../../src/client/client_response.ts";
import type { ClientOptions } from "../../src/client/options.ts";
import { adapter } from "../../src/transport/runtime.ts";
import { type FakeServer, latin1, latin1Bytes, type Reply, startFakeServer, until } from "./_fake_server.ts";

/** Runs `fn` against a fake server with `script`, closing the server afterwards. */
async function withServer<T>(
  script: Parameters<typeof startFakeServer>[0],
  fn: (server: FakeServer) => Promise<T>,
): Promise<T> {
  const server = await startFakeServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** Splits a string into one piece per byte. */
const bytewise = (s: string) => [...s];

// ---------------------------------------------------------------------------------------
// The response corpus: raw bytes from the server → what request() makes of them.

interface Good {
  status: number;
  reason?: string;
  version?: string;
  headers?: [string, string | null][];
  /** The body, latin1; null for no body stream at all. */
  body: string | null;
  trailers?: [string, string][];
}

interface Case {
  name: string;
  reply: Reply;
  method?: string;
  options?: ClientOptions;
  /** A response, or the error code request() rejects with ("head") or the body fails with ("body"). */
  expect: Good | { code: string; at: "head" | "body" };
}

const BINARY = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
const LONG = "x".repeat(2000);

const CASES: Case[] = [
  {
    name: "an HTTP/1.0 response with Content-Length",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"] },
    expect: { status: 200, reason: "OK", version: "1.0", headers: [["content-length", "5"]], body: "hello" },
  },
  {
    name: "an HTTP/1.1 status line",
    reply: { pieces: ["HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"] },
    expect: { status: 201, reason: "Created", version: "1.1", body: "ok" },
  },
  {
    name: "a status line without a reason phrase",
    reply: { pieces: ["HTTP/1.0 200\r\nContent-Length: 2\r\n\r\nok"] },
    expect: { status: 200, reason: "", body: "ok" },
  },
  {
    name: "a status line with an empty reason phrase",
    reply: { pieces: ["HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"] },
    expect: { status: 404, reason: "", body: "" },
  },
  {
    name: "a reason phrase with spaces and obs-text",
    reply: { pieces: ["HTTP/1.0 418 I'm a  teapot \xe9\r\nContent-Length: 0\r\n\r\n"] },
    expect: { status: 418, reason: "I'm a  teapot \xe9", body: "" },
  },
  {
    name: "status 599, the highest there is",
    reply: { pieces: ["HTTP/1.0 599 Custom\r\nContent-Length: 1\r\n\r\n!"] },
    expect: { status: 599, reason: "Custom", body: "!" },
  },
  {
    name: "folded header lines, unfolded with one space",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nX-Long: first\r\n  second\r\n\tthird\r\nContent-Length: 0\r\n\r\n"] },
    expect: { status: 200, headers: [["x-long", "first second third"]], body: "" },
  },
  {
    name: "bare LF line endings",
    reply: { pieces: ["HTTP/1.0 200 OK\nContent-Length: 3\nX-A: b\n\nabc"] },
    expect: { status: 200, headers: [["x-a", "b"]], body: "abc" },
  },
  {
    name: "empty lines before the status line",
    reply: { pieces: ["\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx"] },
    expect: { status: 200, body: "x" },
  },
  {
    name: "whitespace before a header colon (dropped)",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nServer : fake\r\nContent-Length: 0\r\n\r\n"] },
    expect: { status: 200, headers: [["server", "fake"]], body: "" },
  },
  {
    name: "repeated headers, kept as separate lines",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"] },
    expect: { status: 200, headers: [["set-cookie", "a=1, b=2"]], body: "" },
  },
  {
    name: "a body that runs until the server closes",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n", "until ", "close"] },
    expect: { status: 200, headers: [["content-length", null]], body: "until close" },
  },
  {
    name: "an empty body delimited by close",
    reply: { pieces: ["HTTP/1.0 200 OK\r\n\r\n"] },
    expect: { status: 200, body: "" },
  },
  {
    name: "a binary body with every byte value",
    reply: { pieces: [`HTTP/1.0 200 OK\r\nContent-Length: 256\r\n\r\n${BINARY}`] },
    expect: { status: 200, body: BINARY },
  },
  {
    name: "a head and body trickling in one byte at a time",
    reply: { pieces: bytewise("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nslow"), pauseMs: 1 },
    expect: { status: 200, body: "slow" },
  },
  {
    name: "a close-delimited body in pieces with pauses",
    reply: { pieces: ["HTTP/1.0 200 OK\r\n\r\n", "a", "b", "c"], pauseMs: 20 },
    expect: { status: 200, body: "abc" },
  },
  {
    name: "Content-Length repeated with the same value",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"] },
    expect: { status: 200, body: "abc" },
  },
  {
    name: "a chunked body",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"] },
    expect: { status: 200, body: "hello world" },
  },
  {
    name: "a chunked body with chunk extensions",
    reply: {
      pieces: [
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n1 ; a ; b="q;\\"x"\r\n!\r\n0;last\r\n\r\n',
      ],
    },
    expect: { status: 200, body: "hello!" },
  },
  {
    name: "a chunked body with trailers",
    reply: {
      pieces: [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 42\r\nX-More: yes\r\n\r\n",
      ],
    },
    expect: { status: 200, body: "abc", trailers: [["x-sum", "42"], ["x-more", "yes"]] },
  },
  {
    name: "a chunked body written one byte at a time",
    reply: {
      pieces: bytewise(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n2;x=y\r\nab\r\n0\r\nT: v\r\n\r\n",
      ),
    },
    expect: { status: 200, body: "0123456789ab", trailers: [["t", "v"]] },
  },
  {
    name: "a chunked body with upper-case hex sizes and bare LF",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\n0123456789\n0\n\n"] },
    expect: { status: 200, body: "0123456789" },
  },
  {
    name: "Transfer-Encoding: chunked with Content-Length (chunked wins)",
    reply: {
      pieces: ["HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"],
    },
    expect: { status: 200, body: "ok" },
  },
  {
    name: "Transfer-Encoding on an HTTP/1.0 response (read until close, undecoded)",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"] },
    expect: { status: 200, body: "2\r\nok\r\n0\r\n\r\n" },
  },
  {
    name: "a transfer coding other than chunked (read until close)",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw-bytes"] },
    expect: { status: 200, body: "raw-bytes" },
  },
  {
    name: "a HEAD response with Content-Length but no body",
    method: "HEAD",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n"] },
    expect: { status: 200, headers: [["content-length", "10"]], body: null },
  },
  {
    name: "a 204 with Content-Length, and no body",
    reply: { pieces: ["HTTP/1.0 204 No Content\r\nContent-Length: 5\r\n\r\nxxxxx"] },
    expect: { status: 204, body: null },
  },
  {
    name: "a 304 with Content-Length, and no body",
    reply: { pieces: ["HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n"] },
    expect: { status: 304, body: null },
  },
  {
    name: "a 100 Continue before the response (skipped)",
    reply: { pieces: ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"] },
    expect: { status: 200, body: "ok" },
  },
  {
    name: "102 Processing and 103 Early Hints in separate writes (skipped)",
    reply: {
      pieces: [
        "HTTP/1.1 102 Processing\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone",
      ],
      pauseMs: 10,
    },
    expect: { status: 200, headers: [["link", null]], body: "done" },
  },
  {
    name: "101 Switching Protocols (final; nothing after it is read)",
    reply: { pieces: ["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nnot http"] },
    expect: { status: 101, body: null },
  },
  {
    name: "a Content-Length body cut short",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhalf"] },
    expect: { code: "HTTP10_TRUNCATED_BODY", at: "body" },
  },
  {
    name: "a chunked body cut in the middle of a chunk",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n01234"] },
    expect: { code: "HTTP10_TRUNCATED_BODY", at: "body" },
  },
  {
    name: "a chunked body cut before the last chunk",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n"] },
    expect: { code: "HTTP10_TRUNCATED_BODY", at: "body" },
  },
  {
    name: "a chunked body cut before the final empty line",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n"] },
    expect: { code: "HTTP10_TRUNCATED_BODY", at: "body" },
  },
  {
    name: "a malformed chunk size",
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"] },
    expect: { code: "HTTP10_INVALID_CHUNK", at: "body" },
  },
  {
    name: 'the status line "HTTP/1.0 2000 OK"',
    reply: { pieces: ["HTTP/1.0 2000 OK\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: 'the status line "ICY 200 OK"',
    reply: { pieces: ["ICY 200 OK\r\nicy-name: radio\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: "garbage instead of a status line",
    reply: { pieces: ["\x00\x01\x02 this is not HTTP"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: "an HTTP/0.9-style reply (a body without a head)",
    reply: { pieces: ["<html>hello</html>\n\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: 'the status line "HTTP/2.0 200 OK"',
    reply: { pieces: ["HTTP/2.0 200 OK\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: "a status below 100",
    reply: { pieces: ["HTTP/1.0 099 Low\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: "a status line with a lower-case version",
    reply: { pieces: ["http/1.0 200 OK\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_STATUS_LINE", at: "head" },
  },
  {
    name: "a connection closed before any byte",
    reply: { pieces: [] },
    expect: { code: "HTTP10_INCOMPLETE_HEAD", at: "head" },
  },
  {
    name: "a connection closed in the middle of the head",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Le"] },
    expect: { code: "HTTP10_INCOMPLETE_HEAD", at: "head" },
  },
  {
    name: "a connection closed in the middle of the status line",
    reply: { pieces: ["HTTP/1."] },
    expect: { code: "HTTP10_INCOMPLETE_HEAD", at: "head" },
  },
  {
    name: "a bare CR in a header",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nX-A: b\rc\r\n\r\n"] },
    expect: { code: "HTTP10_BARE_CR", at: "head" },
  },
  {
    name: "a NUL in a header value",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nX-A: b\x00c\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_HEADER_VALUE", at: "head" },
  },
  {
    name: "conflicting Content-Length values",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"] },
    expect: { code: "HTTP10_CONFLICTING_CONTENT_LENGTH", at: "head" },
  },
  {
    name: "a Content-Length that is not a number",
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n"] },
    expect: { code: "HTTP10_INVALID_CONTENT_LENGTH", at: "head" },
  },
  {
    name: "a head larger than maxHeadSize",
    options: { maxHeadSize: 1024 },
    reply: { pieces: [`HTTP/1.0 200 OK\r\nX-Long: ${LONG}\r\n\r\n`] },
    expect: { code: "HTTP10_HEADER_TOO_LARGE", at: "head" },
  },
  {
    name: "a head that never ends, beyond maxHeadSize",
    options: { maxHeadSize: 1024 },
    reply: { pieces: ["HTTP/1.0 200 OK\r\n", ...Array(40).fill(`X-A: ${"y".repeat(60)}\r\n`)], keepOpen: true },
    expect: { code: "HTTP10_HEADER_TOO_LARGE", at: "head" },
  },
  {
    name: "more header fields than maxHeaderCount",
    options: { maxHeaderCount: 3 },
    reply: { pieces: ["HTTP/1.0 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"] },
    expect: { code: "HTTP10_TOO_MANY_HEADERS", at: "head" },
  },
  {
    name: "a Content-Length over maxBodySize (refused before reading)",
    options: { maxBodySize: 10 },
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 11\r\n\r\n01234567890"] },
    expect: { code: "HTTP10_BODY_TOO_LARGE", at: "head" },
  },
  {
    name: "a body of exactly maxBodySize",
    options: { maxBodySize: 10 },
    reply: { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"] },
    expect: { status: 200, body: "0123456789" },
  },
  {
    name: "a close-delimited body over maxBodySize",
    options: { maxBodySize: 10 },
    reply: { pieces: ["HTTP/1.0 200 OK\r\n\r\n", "0123456789", "!"] },
    expect: { code: "HTTP10_BODY_TOO_LARGE", at: "body" },
  },
  {
    name: "a chunked body over maxBodySize",
    options: { maxBodySize: 4 },
    reply: { pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"] },
    expect: { code: "HTTP10_BODY_TOO_LARGE", at: "body" },
  },
];

for (const c of CASES) {
  const what = "code" in c.expect ? `rejects ${c.expect.code} for` : "reads";
  test(`Client.request() ${what} ${c.name}`, async () => {
    await withServer(c.reply, async (server) => {
      const client = new Client(c.options);
      const expect = c.expect;
      if ("code" in expect && expect.at === "head") {
        await assert.rejects(client.request(`${server.origin}/`, { method: c.method }), { code: expect.code });
        return;
      }
      const res = await client.request(`${server.origin}/`, { method: c.method });
      if ("code" in expect) {
        await assert.rejects(res.bytes(), { code: expect.code });
        return;
      }
      assert.equal(res.status, expect.status);
      if (expect.reason !== undefined) assert.equal(res.reason, expect.reason);
      if (expect.version !== undefined) assert.equal(`${res.version.major}.${res.version.minor}`, expect.version);
      for (const [name, value] of expect.headers ?? []) assert.equal(res.headers.get(name), value, name);
      if (expect.body === null) {
        assert.equal(res.body, null);
      } else {
        assert.equal(latin1(await res.bytes()), expect.body);
      }
      for (const [name, value] of expect.trailers ?? []) assert.equal(res.trailers.get(name), value, name);
    });
  });
}

// ---------------------------------------------------------------------------------------
// What the client sends.

const OK = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"] };

test("Client.request() sends an HTTP/1.0 request line, Host, defaults and Connection: close", async () => {
  await withServer(OK, async (server) => {
    const res = await new Client().request(`${server.origin}/a%20b/c?q=1&r=2#fragment`);
    await res.bytes();
    assert.equal(
      server.requests[0].head,
      `GET /a%20b/c?q=1&r=2 HTTP/1.0\r\nHost: 127.0.0.1:${server.port}\r\nUser-Agent: http10/0.1.0\r\n` +
        "Accept: */*\r\nConnection: close\r\n\r\n",
    );
    assert.equal(res.url, `${server.origin}/a%20b/c?q=1&r=2`);
    assert.equal(res.redirected, false);
  });
});

test("Client.request() body reads the same as a stream, and bytes() refuses a second read", async () => {
  const reply = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhe", "llo"] };
  await withServer(reply, async (server) => {
    const client = new Client();
    const streamed = await client.request(server.origin);
    let text = "";
    for await (const chunk of streamed.body!) text += latin1(chunk);
    assert.equal(text, "hello");
    const whole = await client.request(server.origin);
    assert.equal(await whole.text(), "hello");
    await assert.rejects(whole.bytes(), TypeError);
  });
});

test("Client.request() sends the right head for each method and header set on the same URL", async () => {
  await withServer(OK, async (server) => {
    const client = new Client();
    const url = `${server.origin}/same#`;
    await (await client.request(url)).bytes();
    await (await client.request(url, { headers: { "X-One": "1" } })).bytes();
    await (await client.request(url, { method: "POST" })).bytes();
    const last = await client.request(url);
    await last.bytes();
    const wanted = /^(GET|POST|X-One|Content-Length)/;
    const lines = server.requests.map((r) => r.head.split("\r\n").filter((l) => wanted.test(l)));
    assert.deepEqual(lines, [
      ["GET /same HTTP/1.0"],
      ["GET /same HTTP/1.0", "X-One: 1"],
      ["POST /same HTTP/1.0", "Content-Length: 0"],
      ["GET /same HTTP/1.0"],
    ]);
    assert.equal(last.url, `${server.origin}/same`);
  });
});

test("Client.request() sends '/' for a URL without a path, and a Host without port 80", async () => {
  await withServer(OK, async (server) => {
    // The URL says port 80; the injected connect function reaches the fake server instead.
    const client = new Client({
      resolve: { "example.test:80": ["127.0.0.1"] },
      dial: { connect: (_addr, signal) => adapter().connect({ hostname: "127.0.0.1", port: server.port, signal }) },
    });
    await (await client.request("http://example.test")).bytes();
    assert.match(server.requests[0].head, /^GET \/ HTTP\/1\.0\r\nHost: example\.test\r\n/);
  });
});

test("Client.request() sends an IPv6 literal's Host in brackets and connects to the bare address", async () => {
  await withServer(OK, async (server) => {
    const tried: string[] = [];
    const client = new Client({
      dial: {
        // Stands in for [::1]:8123: the fake server listens on 127.0.0.1.
        connect: (addr, signal) => {
          tried.push(`${addr.family} ${addr.address} ${addr.port}`);
          return adapter().connect({ hostname: "127.0.0.1", port: server.port, signal });
        },
      },
    });
    await (await client.request("http://[::1]:8123/v6")).bytes();
    assert.deepEqual(tried, ["6 ::1 8123"]);
    assert.match(server.requests[0].head, /^GET \/v6 HTTP\/1\.0\r\nHost: \[::1\]:8123\r\n/);
  });
});

test("Client.request() sends a body with Content-Length and the Content-Type fetch would give", async () => {
  await withServer(OK, async (server) => {
    const client = new Client();
    await (await client.request(server.origin, { method: "post", body: "héllo" })).bytes();
    await (await client.request(server.origin, { method: "PUT", body: new URLSearchParams({ a: "1", b: "x y" }) }))
      .bytes();
    await (await client.request(server.origin, { method: "POST", body: new Uint8Array([0, 1, 2]) })).bytes();
    const [text, form, bytes] = server.requests;
    assert.match(text.head, /^POST \/ HTTP\/1\.0\r\n/);
    assert.match(text.head, /\r\nContent-Type: text\/plain;charset=UTF-8\r\n/);
    assert.match(text.head, /\r\nContent-Length: 6\r\n/);
    assert.deepEqual(text.body, new TextEncoder().encode("héllo"));
    assert.match(form.head, /\r\nContent-Type: application\/x-www-form-urlencoded;charset=UTF-8\r\n/i);
    assert.equal(latin1(form.body), "a=1&b=x+y");
    assert.doesNotMatch(bytes.head, /Content-Type/i);
    assert.deepEqual(bytes.body, new Uint8Array([0, 1, 2]));
  });
});

test("Client.request() sends Content-Length: 0 for a POST without a body", async () => {
  await withServer(OK, async (server) => {
    await (await new Client().request(server.origin, { method: "POST" })).bytes();
    assert.match(server.requests[0].head, /\r\nContent-Length: 0\r\n/);
  });
});

test("Client.request() sends a body from a stream, read to its end first", async () => {
  await withServer(OK, async (server) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("one,"));
        controller.enqueue(new TextEncoder().encode("two"));
        controller.close();
      },
    });
    await (await new Client().request(server.origin, { method: "POST", body })).bytes();
    assert.match(server.requests[0].head, /\r\nContent-Length: 7\r\n/);
    assert.equal(latin1(server.requests[0].body), "one,two");
  });
});

test("Client.request() lets the caller's headers replace defaults and Host, but not framing", async () => {
  await withServer(OK, async (server) => {
    const headers = new Headers({
      "host": "virtual.example",
      "user-agent": "test/1",
      "x-custom": "yes",
      "connection": "keep-alive",
      "content-length": "99",
      "transfer-encoding": "chunked",
    });
    await (await new Client().request(server.origin, { headers })).bytes();
    const head = server.requests[0].head;
    assert.match(head, /^GET \/ HTTP\/1\.0\r\nHost: virtual\.example\r\nAccept: \*\/\*\r\n/);
    assert.match(head, /\r\nuser-agent: test\/1\r\n/);
    assert.match(head, /\r\nx-custom: yes\r\n/);
    assert.match(head, /\r\nConnection: close\r\n\r\n$/);
    assert.doesNotMatch(head, /content-length|transfer-encoding|keep-alive/i);
  });
});

test("Client.request() sends only the headers option in place of the defaults", async () => {
  await withServer(OK, async (server) => {
    await (await new Client({ headers: { "X-Only": "1" } }).request(server.origin)).bytes();
    assert.equal(
      server.requests[0].head,
      `GET / HTTP/1.0\r\nHost: 127.0.0.1:${server.port}\r\nX-Only: 1\r\nConnection: close\r\n\r\n`,
    );
  });
});

test("Client.request() turns URL credentials into Basic authorization", async () => {
  await withServer(OK, async (server) => {
    await (await new Client().request(`http://us%20er:p%C3%A4ss@127.0.0.1:${server.port}/`)).bytes();
    const expected = btoa(String.fromCharCode(...new TextEncoder().encode("us er:päss")));
    assert.match(server.requests[0].head, new RegExp(`\\r\\nAuthorization: Basic ${expected}\\r\\n`));
  });
});

test("Client.request() rejects a header value with CR LF before sending anything", async () => {
  await withServer(OK, async (server) => {
    await assert.rejects(
      new Client().request(server.origin, { headers: [["X-Evil", "a\r\nInjected: 1"]] }),
      { code: "HTTP10_INVALID_HEADER_VALUE" },
    );
    assert.equal(server.accepted, 0);
  });
});

// ---------------------------------------------------------------------------------------
// URLs and schemes.

test("Client.request() rejects a scheme other than http and https with a clear message", async () => {
  const client = new Client();
  await assert.rejects(client.request("ftp://example.com/"), {
    code: "HTTP10_UNSUPPORTED_SCHEME",
    message: "ftp is not supported: http10 speaks HTTP/1.0; use http:// or https://",
  });
});

test("Client.request() with a relative URL says to give an absolute one", async () => {
  await assert.rejects(new Client().request("/index.html"), {
    code: "HTTP10_INVALID_URL",
    message: /^Invalid URL: "\/index\.html" is relative, .*"http:\/\/127\.0\.0\.1:8000\/index\.html"/,
  });
});

test("Client.request() rejects a URL that does not parse", async () => {
  const client = new Client();
  await assert.rejects(client.request("http://exa mple.com/"), { code: "HTTP10_INVALID_URL" });
  await assert.rejects(client.request("not a url"), { code: "HTTP10_INVALID_URL" });
  await assert.rejects(client.request("http://[::1/"), { code: "HTTP10_INVALID_URL" });
});

test("Client.request() rejects an unknown redirect mode", async () => {
  await assert.rejects(
    new Client().request("http://127.0.0.1:1/", { redirect: "sideways" as "follow" }),
    { code: "HTTP10_INVALID_ARGUMENT" },
  );
});

// ---------------------------------------------------------------------------------------
// Keep-alive pooling: count the connections the fake server accepted.

const KEEP_ALIVE = {
  pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"],
  keepOpen: true,
};

async function getThree(server: FakeServer, client: Client, read = true): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const res = await client.request(`${server.origin}/${i}`);
    if (read) await res.bytes();
    else await res.cancel();
  }
}

test("Client with an Agent reuses a connection after a known-length keep-alive response", async () => {
  const agent = new Agent();
  try {
    await withServer(KEEP_ALIVE, async (server) => {
      await getThree(server, new Client({ agent }));
      assert.equal(server.accepted, 1);
      assert.deepEqual(server.requests.map((r) => r.connection), [0, 0, 0]);
      assert.match(server.requests[0].head, /\r\nConnection: keep-alive\r\n/);
      assert.equal(agent.idleCount, 1);
    });
  } finally {
    agent.close();
  }
});

test("Client with an Agent reuses a connection after keep-alive HEAD and 304 responses", async () => {
  const agent = new Agent();
  try {
    const reply = {
      pieces: ["HTTP/1.1 304 Not Modified\r\nConnection: keep-alive\r\nContent-Length: 10\r\n\r\n"],
      keepOpen: true,
    };
    await withServer(reply, async (server) => {
      const client = new Client({ agent });
      await client.request(server.origin);
      await client.request(server.origin, { method: "HEAD" });
      await client.request(server.origin);
      assert.equal(server.accepted, 1);
    });
  } finally {
    agent.close();
  }
});

const NO_REUSE: [string, Reply, boolean?][] = [
  ["the response did not say Connection: keep-alive", {
    pieces: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
    keepOpen: true,
  }],
  [
    "the response said Connection: close",
    { pieces: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive, close\r\n\r\nok"], keepOpen: true },
  ],
  ["the body was delimited by close", { pieces: ["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nok"] }],
  [
    "the body was chunked",
    {
      pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n2\r\nok\r\n0\r\n\r\n"],
      keepOpen: true,
    },
  ],
  [
    "the body was not read to its end",
    { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 6\r\nConnection: keep-alive\r\n\r\nabc"], keepOpen: true },
    false,
  ],
  [
    "bytes followed the body",
    { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nokEXTRA"], keepOpen: true },
  ],
];

for (const [why, reply, read] of NO_REUSE) {
  test(`Client with an Agent does not reuse a connection when ${why}`, async () => {
    const agent = new Agent();
    try {
      await withServer(reply, async (server) => {
        await getThree(server, new Client({ agent }), read ?? true);
        assert.equal(server.accepted, 3);
        assert.equal(agent.idleCount, 0);
      });
    } finally {
      agent.close();
    }
  });
}

test("Client without an Agent closes every connection", async () => {
  await withServer(KEEP_ALIVE, async (server) => {
    await getThree(server, new Client());
    assert.equal(server.accepted, 3);
    for (const r of server.requests) assert.match(r.head, /\r\nConnection: close\r\n/);
  });
});

test("Client retries a GET on a new connection when the pooled one was closed by the server", async () => {
  const agent = new Agent();
  try {
    // Says keep-alive, then closes anyway: the next request finds the pooled connection dead.
    const reply = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"] };
    await withServer(reply, async (server) => {
      const client = new Client({ agent });
      await (await client.request(server.origin)).bytes();
      assert.equal(agent.idleCount, 1);
      const res = await client.request(server.origin);
      assert.equal(await res.text(), "ok");
      assert.equal(server.accepted, 2);
      assert.equal(server.requests.length, 2);
    });
  } finally {
    agent.close();
  }
});

test("Client does not retry a POST when the pooled connection was closed by the server", async () => {
  const agent = new Agent();
  try {
    const reply = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"] };
    await withServer(reply, async (server) => {
      const client = new Client({ agent });
      await (await client.request(server.origin)).bytes();
      await assert.rejects(
        async () => {
          // The server's close may not have arrived before the write: then the read finds it.
          await client.request(server.origin, { method: "POST", body: "x" });
        },
        (err: { code?: string }) =>
          ["HTTP10_INCOMPLETE_HEAD", "HTTP10_CONNECTION_RESET", "HTTP10_SOCKET_CLOSED"].includes(err.code!),
      );
      assert.equal(server.accepted, 1);
    });
  } finally {
    agent.close();
  }
});

// ---------------------------------------------------------------------------------------
// Redirects.

function redirector(routes: Record<string, Reply>): (req: { head: string }) => Reply {
  return (req) => {
    const path = req.head.split(" ")[1];
    return routes[path] ?? { pieces: ["HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"] };
  };
}

const to = (status: number, location: string): Reply => ({
  pieces: [`HTTP/1.0 ${status} Moved\r\nLocation: ${location}\r\nContent-Length: 5\r\n\r\nmoved`],
});

const echo: Reply = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\ndone"] };

test("Client.request() follows a relative Location", async () => {
  await withServer(redirector({ "/a/b": to(302, "../c?x=1"), "/c?x=1": echo }), async (server) => {
    const res = await new Client().request(`${server.origin}/a/b`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "done");
    assert.equal(res.url, `${server.origin}/c?x=1`);
    assert.equal(res.redirected, true);
  });
});

const METHOD_RULES: [number, string, string, boolean][] = [
  // status, method sent, method after, body kept
  [301, "POST", "GET", false],
  [302, "POST", "GET", false],
  [302, "PUT", "PUT", true],
  [303, "POST", "GET", false],
  [303, "PUT", "GET", false],
  [303, "HEAD", "HEAD", false],
  [307, "POST", "POST", true],
  [308, "PUT", "PUT", true],
];

for (const [status, before, after, kept] of METHOD_RULES) {
  test(`Client.request() turns ${before} into ${after} after a ${status}${kept ? ", body and all" : ""}`, async () => {
    await withServer(redirector({ "/from": to(status, "/to"), "/to": echo }), async (server) => {
      const body = before === "HEAD" ? undefined : "payload";
      const res = await new Client().request(`${server.origin}/from`, { method: before, body });
      await res.bytes();
      const second = server.requests[1];
      assert.match(second.head, new RegExp(`^${after} /to HTTP/1\\.0\\r\\n`));
      if (kept) {
        assert.equal(latin1(second.body), "payload");
        assert.match(second.head, /\r\nContent-Type: text\/plain;charset=UTF-8\r\n/);
      } else {
        assert.equal(second.body.length, 0);
        assert.doesNotMatch(second.head, /Content-Type/i);
      }
    });
  });
}

test("Client.request() rejects a redirect loop with TooManyRedirectsError after maxRedirects", async () => {
  await withServer(redirector({ "/loop": to(302, "/loop") }), async (server) => {
    await assert.rejects(new Client({ maxRedirects: 3 }).request(`${server.origin}/loop`), {
      code: "HTTP10_TOO_MANY_REDIRECTS",
      name: "TooManyRedirectsError",
    });
    assert.equal(server.requests.length, 4);
  });
});

test("Client.request() follows 20 redirects by default, not 21", async () => {
  const routes: Record<string, Reply> = { "/21": echo };
  for (let i = 0; i < 21; i++) routes[`/${i}`] = to(301, `/${i + 1}`);
  await withServer(redirector(routes), async (server) => {
    const res = await new Client().request(`${server.origin}/1`);
    assert.equal(await res.text(), "done");
    await assert.rejects(new Client().request(`${server.origin}/0`), { code: "HTTP10_TOO_MANY_REDIRECTS" });
  });
});

test('Client.request() returns the redirect itself with redirect: "manual"', async () => {
  await withServer(redirector({ "/from": to(301, "/to"), "/to": echo }), async (server) => {
    const res = await new Client().request(`${server.origin}/from`, { redirect: "manual" });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "/to");
    assert.equal(await res.text(), "moved");
    assert.equal(server.requests.length, 1);
  });
});

test('Client.request() rejects a redirect with redirect: "error"', async () => {
  await withServer(redirector({ "/from": to(307, "/to") }), async (server) => {
    await assert.rejects(new Client().request(`${server.origin}/from`, { redirect: "error" }), {
      code: "HTTP10_REDIRECT_NOT_ALLOWED",
    });
  });
});

test("Client.request() returns a 3xx without a Location as it is", async () => {
  await withServer({ pieces: ["HTTP/1.0 302 Found\r\nContent-Length: 0\r\n\r\n"] }, async (server) => {
    const res = await new Client().request(server.origin);
    assert.equal(res.status, 302);
  });
});

test("Client.request() rejects a redirect to another scheme and to an invalid Location", async () => {
  await withServer(
    redirector({ "/ftp": to(301, "ftp://example.com/"), "/bad": to(302, "http://[::1") }),
    async (server) => {
      const client = new Client();
      await assert.rejects(client.request(`${server.origin}/ftp`), { code: "HTTP10_UNSUPPORTED_SCHEME" });
      await assert.rejects(client.request(`${server.origin}/bad`), { code: "HTTP10_INVALID_URL" });
    },
  );
});

test("Client.request() drops credentials on a redirect to another origin, keeps them on the same", async () => {
  await withServer(echo, async (other) => {
    const routes = { "/same": to(302, "/there"), "/there": to(302, `${other.origin}/x`) };
    await withServer(redirector(routes), async (server) => {
      const headers = { Authorization: "Bearer secret", Cookie: "a=1", "X-Keep": "1" };
      await (await new Client().request(`${server.origin}/same`, { headers })).bytes();
      assert.match(server.requests[1].head, /\r\nAuthorization: Bearer secret\r\n/);
      const crossed = other.requests[0].head;
      assert.doesNotMatch(crossed, /Authorization|Cookie/i);
      assert.match(crossed, /\r\nX-Keep: 1\r\n/);
      assert.match(crossed, new RegExp(`\\r\\nHost: 127\\.0\\.0\\.1:${other.port}\\r\\n`));
    });
  });
});

test("Client with an Agent reads a small redirect body off and reuses the connection", async () => {
  const agent = new Agent();
  try {
    const ka = (s: string) => ({ pieces: [s], keepOpen: true });
    const routes = {
      "/from": ka("HTTP/1.0 302 Found\r\nLocation: /to\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nmoved"),
      "/to": ka("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\ndone"),
    };
    await withServer(redirector(routes), async (server) => {
      const res = await new Client({ agent }).request(`${server.origin}/from`);
      assert.equal(await res.text(), "done");
      assert.equal(server.accepted, 1);
    });
  } finally {
    agent.close();
  }
});

// ---------------------------------------------------------------------------------------
// Timeouts, aborts, hooks.

test("Client.request() rejects with TimeoutError when the server never answers", async () => {
  await withServer({ hang: true }, async (server) => {
    await assert.rejects(new Client({ timeout: 200 }).request(server.origin), {
      code: "HTTP10_TIMEOUT",
      name: "TimeoutError",
    });
  });
});

test("Client's timeout also covers the body", async () => {
  await withServer(
    { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhalf"], keepOpen: true },
    async (server) => {
      const res = await new Client({ timeout: 300 }).request(server.origin);
      await assert.rejects(res.bytes(), { code: "HTTP10_TIMEOUT" });
    },
  );
});

test("Client.request() rejects with the signal's reason when aborted before or during the request", async () => {
  await withServer({ hang: true }, async (server) => {
    const client = new Client();
    const reason = new Error("stop");
    await assert.rejects(client.request(server.origin, { signal: AbortSignal.abort(reason) }), reason);
    const controller = new AbortController();
    const pending = client.request(server.origin, { signal: controller.signal });
    await until(() => server.requests.length === 1);
    controller.abort(reason);
    await assert.rejects(pending, reason);
  });
});

test("Client.request() fails the body with the signal's reason when aborted while streaming", async () => {
  await withServer({ pieces: ["HTTP/1.0 200 OK\r\n\r\nfirst"], keepOpen: true }, async (server) => {
    const controller = new AbortController();
    const res = await new Client().request(server.origin, { signal: controller.signal });
    const reader = res.body!.getReader();
    assert.equal(latin1((await reader.read()).value!), "first");
    const next = reader.read();
    controller.abort(new Error("enough"));
    await assert.rejects(next, { message: "enough" });
  });
});

test("Client calls onConnect, onRequestHead and onResponseHead, interim heads included", async () => {
  const reply = { pieces: ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"] };
  await withServer(reply, async (server) => {
    const seen: string[] = [];
    const client = new Client({
      onConnect: ({ conn, reused }) =>
        seen.push(`connect ${conn.remoteAddr.hostname}:${conn.remoteAddr.port} ${reused}`),
      onRequestHead: (head) => seen.push(`> ${latin1(head).split("\r\n")[0]}`),
      onResponseHead: (head, parsed) => seen.push(`< ${parsed.status} ${JSON.stringify(latin1(head))}`),
    });
    await client.request(server.origin);
    assert.deepEqual(seen, [
      `connect 127.0.0.1:${server.port} false`,
      "> GET / HTTP/1.0",
      '< 100 "HTTP/1.1 100 Continue\\r\\n\\r\\n"',
      '< 200 "HTTP/1.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n"',
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Connecting.

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = await startFakeServer({});
  const port = server.port;
  await server.close();
  return port;
}

test("Client.request() rejects with ConnectError when the port refuses", async () => {
  const port = await closedPort();
  await assert.rejects(
    new Client().request(`http://127.0.0.1:${port}/`),
    (err: Error & { code?: string; cause?: unknown }) => {
      assert.equal(err.code, "HTTP10_CONNECT_FAILED");
      assert.equal(err.cause, "ECONNREFUSED");
      return true;
    },
  );
});

test("Client tries the next address when the first refuses ([::1] first, listener on 127.0.0.1)", async () => {
  await withServer(OK, async (server) => {
    const attempts: string[] = [];
    const client = new Client({
      resolve: { [`name.test:${server.port}`]: ["[::1]", "127.0.0.1"] },
      dial: { onAttempt: (e) => attempts.push(`${e.addr.address} ${e.outcome}`) },
    });
    const res = await client.request(`http://name.test:${server.port}/`);
    assert.equal(await res.text(), "ok");
    assert.equal(res.remoteAddr.hostname, "127.0.0.1");
    assert.deepEqual(attempts.filter((a) => !a.endsWith("cancelled")), [
      "::1 start",
      "::1 failed",
      "127.0.0.1 start",
      "127.0.0.1 connected",
    ]);
    assert.match(server.requests[0].head, new RegExp(`\\r\\nHost: name\\.test:${server.port}\\r\\n`));
  });
});

test("Client passes an unreachable address (simulated by the connect function) and connects to the next", async () => {
  await withServer(OK, async (server) => {
    const tried: string[] = [];
    const client = new Client({
      resolve: { [`far.test:${server.port}`]: ["192.0.2.1", "127.0.0.1"] },
      dial: {
        mode: "sequential",
        connect(addr, signal) {
          tried.push(addr.address);
          if (addr.address !== "127.0.0.1") {
            return Promise.reject(Object.assign(new Error("Network is unreachable"), { code: "ENETUNREACH" }));
          }
          return adapter().connect({ hostname: addr.address, port: addr.port, signal });
        },
      },
    });
    assert.equal(await (await client.request(`http://far.test:${server.port}/`)).text(), "ok");
    assert.deepEqual(tried, ["192.0.2.1", "127.0.0.1"]);
  });
});

test("Client.request() rejects with ConnectTimeoutError when connecting outlasts connectTimeout", async () => {
  const client = new Client({
    connectTimeout: 100,
    resolve: { "slow.test:80": ["192.0.2.1"] },
    // Never connects: resolves only on abort (simulated, no packet leaves the machine).
    dial: {
      connect: (_addr, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    },
  });
  await assert.rejects(client.request("http://slow.test/"), { code: "HTTP10_CONNECT_TIMEOUT" });
});

test("Client.request() rejects with GaiError when the name does not resolve", async () => {
  const client = new Client({
    hints: {
      hostsPath: "/dev/null",
      systemLookup: () => Promise.reject(Object.assign(new Error("not found"), { code: "ENOTFOUND" })),
    },
  });
  await assert.rejects(client.request("http://no-such-host.test/"), { name: "GaiError", code: "EAI_NONAME" });
});

test("Client keeps only the family asked for from resolve", async () => {
  await withServer(OK, async (server) => {
    const attempts: string[] = [];
    const client = new Client({
      hints: { family: 4 },
      resolve: { [`v4.test:${server.port}`]: ["::1", "127.0.0.1"] },
      dial: { onAttempt: (e) => attempts.push(e.addr.address) },
    });
    await (await client.request(`http://v4.test:${server.port}/`)).bytes();
    assert.deepEqual([...new Set(attempts)], ["127.0.0.1"]);
    const v6 = new Client({ hints: { family: 6 }, resolve: { "v4only.test:80": ["127.0.0.1"] } });
    await assert.rejects(v6.request("http://v4only.test/"), { name: "GaiError" });
  });
});

test("Client.request() streams a large body in several chunks, bytes intact", async () => {
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 8)) & 0xff;
  const head = latin1Bytes(`HTTP/1.0 200 OK\r\nContent-Length: ${big.length}\r\n\r\n`);
  await withServer({ pieces: [head, big.subarray(0, 1000), big.subarray(1000)] }, async (server) => {
    const res = await new Client().request(server.origin);
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of res.body!) {
      chunks++;
      parts.push(chunk);
    }
    const got = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
    assert.ok(chunks > 1);
    assert.deepEqual(got, big);
  });
});

test("ClientResponse chunks stay intact after later reads (each is the consumer's own copy)", async () => {
  // The second piece is sent only once the client has taken the first chunk: no timing.
  let firstTaken!: () => void;
  const taken = new Promise<void>((resolve) => (firstTaken = resolve));
  await withServer(
    {
      pieces: ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "3\r\ndef\r\n0\r\n\r\n"],
      waitBefore: () => taken,
    },
    async (server) => {
      const res: ClientResponse = await new Client().request(server.origin);
      const chunks: Uint8Array[] = [];
      const seen: string[] = []; // each chunk's text when it arrived
      for await (const chunk of res.body!) {
        chunks.push(chunk);
        seen.push(latin1(chunk));
        firstTaken();
      }
      assert.deepEqual(chunks.map(latin1), ["abc", "def"]);
      assert.deepEqual(chunks.map(latin1), seen);
    },
  );
});
