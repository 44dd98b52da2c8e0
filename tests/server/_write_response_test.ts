/**
 * Writing responses over real loopback sockets: streamed bodies go out as they are
 * produced, with backpressure, close-delimited; a body's Content-Type is the fetch
 * standard's on every runtime.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseResponses } from "../_helpers/raw.ts";
import { RUNTIME } from "../_helpers/run_script.ts";
import { encode, held, Peer, withServer } from "./_peer.ts";

test("writeResponse() sends the head and the first chunk while the handler's stream still waits", async () => {
  const release = held();
  let pulls = 0;
  const handler = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        async pull(c) {
          pulls++;
          if (pulls === 1) return c.enqueue(encode("first\n"));
          await release.promise;
          c.enqueue(encode("second\n"));
          c.close();
        },
      }),
    );
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    // The stream is still waiting on `release`: what arrives now was sent as produced.
    const early = await peer.until("first\n");
    assert.match(early, /^HTTP\/1\.0 200 OK\r\n/);
    assert.doesNotMatch(early, /content-length/i);
    assert.doesNotMatch(early, /transfer-encoding/i);
    assert.match(early, /\r\nConnection: close\r\n/);
    assert.doesNotMatch(early, /second/);
    release.resolve();
    const all = await peer.toEnd();
    assert.ok(all.endsWith("\r\n\r\nfirst\nsecond\n"), JSON.stringify(all));
  });
});

test("writeResponse() sends an endless stream's head at once (server-sent events)", async () => {
  const handler = (req: Request) => {
    let n = 0;
    return new Response(
      new ReadableStream<Uint8Array>({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 20));
          if (req.signal.aborted) return c.close();
          c.enqueue(encode(`data: ${n++}\n\n`));
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  };
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET /events HTTP/1.0\r\n\r\n");
    const text = await peer.until("data: 2\n\n");
    assert.match(text, /^HTTP\/1\.0 200 OK\r\n[^]*Content-Type: text\/event-stream\r\n/);
    peer.close();
  });
});

test("writeResponse() reads the next chunk only after the last was written (backpressure)", async () => {
  const CHUNK = 64 * 1024;
  let pulled = 0;
  const handler = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulled += CHUNK;
          c.enqueue(new Uint8Array(CHUNK).fill(120));
        },
      }, { highWaterMark: 0 }),
    );
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.socket.pause(); // a client that reads nothing
    peer.write("GET / HTTP/1.0\r\n\r\n");
    // Wait until the server stops pulling: the socket buffers are full.
    let last = -1;
    for (let stable = 0; stable < 5;) {
      await new Promise((r) => setTimeout(r, 50));
      stable = pulled === last ? stable + 1 : 0;
      last = pulled;
    }
    // The kernel holds a few MiB on loopback; an unbounded server would hold everything.
    assert.ok(pulled > 0 && pulled < 32 * 1024 * 1024, `pulled ${pulled} bytes for a paused client`);
    peer.close();
  });
});

test("writeResponse() gives a body made ready at once a Content-Length and keeps the connection", async () => {
  const handler = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encode("ready "));
          c.enqueue(encode("now"));
          c.close();
        },
      }),
    );
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const text = await peer.until("ready now");
    assert.match(text, /\r\nContent-Length: 9\r\n/);
    assert.match(text, /\r\nConnection: keep-alive\r\n/);
    peer.close();
  });
});

const TEXT = /^text\/plain;charset=UTF-8$/;

// The fetch standard's "extract a body" gives these types; each runtime must send the same.
const TYPES: { name: string; body: () => Response; type: RegExp | null; check?: (res: Response) => Promise<void> }[] = [
  { name: "a string", body: () => new Response("text"), type: TEXT },
  {
    name: "URLSearchParams",
    body: () => new Response(new URLSearchParams({ a: "1", b: "two" })),
    type: /^application\/x-www-form-urlencoded;charset=UTF-8$/,
  },
  {
    name: "FormData",
    body: () => {
      const form = new FormData();
      form.set("field", "value");
      return new Response(form);
    },
    type: /^multipart\/form-data; ?boundary=\S+$/,
    // The boundary in the field must be the one in the body.
    check: async (res) => assert.equal((await res.formData()).get("field"), "value"),
  },
  {
    name: "a typed Blob",
    body: () => new Response(new Blob(["<b>"], { type: "application/x-test" })),
    type: /^application\/x-test$/,
  },
  { name: "Response.json()", body: () => Response.json({ ok: true }), type: /^application\/json$/ },
  // Bun's Response does not tell bytes from a string, so both get the string's type there.
  { name: "an untyped Blob", body: () => new Response(new Blob(["raw"])), type: RUNTIME === "bun" ? TEXT : null },
  { name: "bytes", body: () => new Response(new Uint8Array([1, 2, 3])), type: RUNTIME === "bun" ? TEXT : null },
  {
    name: "a string with the handler's own type",
    body: () => new Response("x", { headers: { "content-type": "text/x-own" } }),
    type: /^text\/x-own$/,
  },
];

for (const c of TYPES) {
  test(`writeResponse() sends the fetch standard's Content-Type for ${c.name}`, async () => {
    await withServer(() => c.body(), async (port) => {
      const peer = await Peer.connect(port);
      peer.write("GET / HTTP/1.0\r\n\r\n");
      const [res] = parseResponses(new TextEncoder().encode(await peer.toEnd()));
      const type = res.headers.get("content-type")?.[0] ?? null;
      if (c.type === null) assert.equal(type, null);
      else assert.match(type ?? "(none)", c.type);
      const expected = new Uint8Array(await c.body().arrayBuffer());
      if (c.name !== "FormData") assert.deepEqual(res.body, expected);
      if (c.check) {
        await c.check(new Response(res.body as Uint8Array<ArrayBuffer>, { headers: { "content-type": type! } }));
      }
    });
  });
}

/** A byte stream ("bytes" type) of `size` bytes (i % 251), read as a file is: pull-based, BYOB-capable. */
function byteStream(size: number, extra = 0): ReadableStream<Uint8Array> {
  let at = 0;
  const total = size + extra;
  return new ReadableStream({
    type: "bytes",
    pull(c) {
      const request = c.byobRequest; // null for a default reader's read
      const view = request?.view ?? new Uint8Array(64 * 1024);
      const n = Math.min(view.byteLength, total - at);
      if (n === 0) {
        c.close();
        request?.respond(0);
        return;
      }
      const bytes = new Uint8Array(view.buffer, view.byteOffset, n);
      for (let i = 0; i < n; i++) bytes[i] = (at + i) % 251;
      at += n;
      if (request) request.respond(n);
      else c.enqueue(bytes);
    },
  });
}

test("writeResponse() streams a large byte stream of declared length whole, and keeps the connection", async () => {
  const SIZE = 1_000_003;
  const handler = () =>
    new Response(byteStream(SIZE), {
      headers: { "content-length": String(SIZE), "content-type": "application/octet-stream" },
    });
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n");
    await peer.closed;
    const [first, second] = parseResponses(peer.bytes);
    for (const res of [first, second]) {
      assert.equal(res.headers.get("content-length")?.[0], String(SIZE));
      assert.equal(res.body.length, SIZE);
      assert.ok(res.body.every((b, i) => b === i % 251), "every byte in its place");
    }
    assert.equal(first.headers.get("connection")?.[0], "keep-alive");
  });
});

test("writeResponse() cuts a byte stream longer than its Content-Length there, and closes", async () => {
  const SIZE = 100_000;
  const handler = () =>
    new Response(byteStream(SIZE, 10), {
      headers: { "content-length": String(SIZE), "content-type": "application/octet-stream" },
    });
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    await peer.closed; // the server closes
    const [res] = parseResponses(peer.bytes);
    assert.equal(res.body.length, SIZE);
  });
});

test("writeResponse() answers a HEAD whose handler gave no body without a Content-Length", async () => {
  await withServer(() => new Response(null, { headers: { "content-type": "text/plain" } }), async (port) => {
    const peer = await Peer.connect(port);
    peer.write("HEAD / HTTP/1.0\r\n\r\n");
    const text = await peer.toEnd();
    assert.match(text, /^HTTP\/1\.0 200 OK\r\n/);
    assert.doesNotMatch(text, /content-length/i);
  });
});
