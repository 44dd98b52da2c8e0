/**
 * The connection's request loop over real loopback sockets: a client that leaves,
 * half-closes or resets; Expect: 100-continue (with curl as the peer); strict chunk
 * framing; the access log of refused requests.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../src/server/serve.ts";
import type { Handler } from "../../src/server/options.ts";
import { exchange, parseResponses } from "../_helpers/raw.ts";
import { skipUnless } from "../_helpers/tools.ts";
import { encode, held, Peer, withServer } from "./_peer.ts";
import type { Listener } from "../../src/transport/types.ts";

/** An endless stream that records its cancel, and a handler that also records the abort. */
function watched() {
  const cancelled = held<unknown>();
  const aborted = held<unknown>();
  const handler = (req: Request) => {
    req.signal.addEventListener("abort", () => aborted.resolve(req.signal.reason));
    return new Response(
      new ReadableStream<Uint8Array>({
        async pull(c) {
          await new Promise((r) => setTimeout(r, 5));
          c.enqueue(new Uint8Array(1024).fill(46));
        },
        cancel(reason) {
          cancelled.resolve(reason);
        },
      }),
      // With its type given, Bun needs no copy of the response to learn it (see README).
      { headers: { "content-type": "application/octet-stream" } },
    );
  };
  return { handler, cancelled: cancelled.promise, aborted: aborted.promise };
}

test("serve(): a client that closes while the body streams gets the stream cancelled and the signal aborted", async () => {
  const { handler, cancelled, aborted } = watched();
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\n\r\n");
    await peer.until("\r\n\r\n.");
    peer.close();
    const reason = (await aborted) as { code?: string };
    assert.equal(reason.code, "HTTP10_CLIENT_GONE");
    await cancelled;
  });
});

test("serve(): a client that resets while the body streams gets the stream cancelled and the signal aborted", async () => {
  const { handler, cancelled, aborted } = watched();
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\n\r\n");
    await peer.until("\r\n\r\n.");
    peer.reset();
    assert.equal(((await aborted) as { code?: string }).code, "HTTP10_CLIENT_GONE");
    assert.equal(((await cancelled) as { code?: string }).code, "HTTP10_CLIENT_GONE");
  });
});

test("serve(): a client that closes while the handler works gets the signal aborted", async () => {
  const aborted = held<unknown>();
  const reached = held();
  const handler = async (req: Request) => {
    reached.resolve();
    await new Promise((r) => req.signal.addEventListener("abort", r));
    aborted.resolve(req.signal.reason);
    return new Response("too late");
  };
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\n\r\n");
    await reached.promise;
    peer.close();
    assert.equal(((await aborted.promise) as { code?: string }).code, "HTTP10_CLIENT_GONE");
  });
});

test("serve(): a client that half-closes after its request still gets the response", async () => {
  const ended = held();
  const release = held();
  const handler = async (req: Request) => {
    req.signal.addEventListener("abort", () => ended.resolve());
    await release.promise;
    return new Response("late answer");
  };
  await withServer(handler, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("GET / HTTP/1.0\r\n\r\n");
    peer.end(); // shutdown(SHUT_WR), as an HTTP/1.0 client may
    await ended.promise; // the server saw the end of the request stream...
    release.resolve(); // ...and answers all the same
    const text = await peer.toEnd();
    assert.match(text, /^HTTP\/1\.0 200 OK\r\n/);
    assert.ok(text.endsWith("\r\n\r\nlate answer"), JSON.stringify(text));
  });
});

test("serve(): shutdown() ends within the grace period while an endless stream is being sent", async () => {
  const { handler, cancelled, aborted } = watched();
  const server = await serve(handler, { port: 0, hostname: "127.0.0.1", onListen() {}, gracePeriod: 100 });
  const peer = await Peer.connect(server.addr.port);
  peer.write("GET / HTTP/1.0\r\n\r\n");
  await peer.until("\r\n\r\n.");
  await server.shutdown();
  await server.finished;
  assert.equal(((await cancelled) as { code?: string }).code, "HTTP10_SERVER_CLOSED");
  assert.equal(((await aborted) as { code?: string }).code, "HTTP10_SERVER_CLOSED");
  await peer.closed;
});

test("serve(): shutdown() ends within the grace period while a handler never answers", async () => {
  const aborted = held<unknown>();
  const reached = held();
  const handler = (req: Request) => {
    req.signal.addEventListener("abort", () => aborted.resolve(req.signal.reason));
    reached.resolve();
    return new Promise<Response>(() => {}); // never
  };
  const server = await serve(handler, { port: 0, hostname: "127.0.0.1", onListen() {}, gracePeriod: 100 });
  const peer = await Peer.connect(server.addr.port);
  peer.write("GET / HTTP/1.0\r\n\r\n");
  await reached.promise;
  await server.shutdown();
  assert.equal(((await aborted.promise) as { code?: string }).code, "HTTP10_SERVER_CLOSED");
  await peer.closed;
});

const echo: Handler = async (req) => new Response(await req.arrayBuffer());

test("serve(): Expect: 100-continue gets an interim 100 when the handler reads the body", async () => {
  await withServer(echo, async (port) => {
    const peer = await Peer.connect(port);
    peer.write("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    const interim = await peer.until("\r\n\r\n");
    assert.equal(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    peer.write("hello");
    const text = await peer.until("hello");
    assert.match(text.slice(interim.length), /^HTTP\/1\.0 200 OK\r\n[^]*\r\n\r\nhello$/);
    peer.close();
  });
});

test("serve(): Expect: 100-continue is answered finally, without a 100, by a handler that does not read", async () => {
  const handler = () => new Response("who are you?", { status: 401 });
  await withServer(handler, async (port) => {
    const ex = await exchange(port, [
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n",
    ]);
    assert.match(ex.text, /^HTTP\/1\.0 401 Unauthorized\r\n/);
    assert.doesNotMatch(ex.text, /100 Continue/);
    assert.match(ex.text, /\r\nConnection: close\r\n/);
    assert.ok(ex.closed, "the connection closes: the client may or may not send the body now");
  });
});

test("serve(): curl -d @file (2 MiB, Expect: 100-continue) gets one 100 Continue and its answer", {
  skip: skipUnless("curl"),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "http10-expect-"));
  const file = join(dir, "upload.bin");
  writeFileSync(file, new Uint8Array(2 * 1024 * 1024).fill(65));
  const handler: Handler = async (req) => new Response(`got ${(await req.arrayBuffer()).byteLength} bytes\n`);
  try {
    await withServer(handler, async (port) => {
      const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        execFile(
          "curl",
          [
            "-sS",
            "-v",
            "--data-binary",
            `@${file}`,
            "-H",
            "Content-Type: application/octet-stream",
            `http://127.0.0.1:${port}/up`,
          ],
          { timeout: 30_000 },
          (err, stdout, stderr) => (err ? reject(err) : resolve({ stdout, stderr })),
        );
      });
      assert.equal(stdout, `got ${2 * 1024 * 1024} bytes\n`);
      assert.match(stderr, /> Expect: 100-continue/);
      assert.equal(stderr.match(/< HTTP\/1\.1 100 Continue/g)?.length, 1, stderr);
      assert.match(stderr, /< HTTP\/1\.0 200 OK/);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (
  const [name, chunked] of [
    ["after the size line", "5\nhello\r\n0\r\n\r\n"],
    ["after the chunk data", "5\r\nhello\n0\r\n\r\n"],
    ["after the last chunk", "5\r\nhello\r\n0\n\n"],
  ]
) {
  test(`serve(): a bare LF ${name} of a chunked body is 400 and the pipelined next request is not answered`, async () => {
    await withServer(echo, async (port) => {
      const ex = await exchange(port, [
        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked +
        "GET /second HTTP/1.1\r\nHost: a\r\n\r\n",
      ]);
      const responses = parseResponses(ex.bytes);
      assert.deepEqual(responses.map((r) => r.status), [400], ex.text);
      assert.ok(ex.closed);
    }, { allowBareLf: true }); // a leniency for the head, never for chunk framing
  });
}

test("serve(): the access log shows the request line of requests the server refused itself", async () => {
  const lines: string[] = [];
  await withServer(echo, async (port) => {
    await exchange(port, ["POST /big HTTP/1.0\r\nContent-Length: 99999999\r\n\r\n"]); // 413
    await exchange(port, ["POST /none HTTP/1.0\r\n\r\n"]); // 411
    await exchange(port, ["TRACE /t HTTP/1.0\r\n\r\n"]); // 501
    await exchange(port, ["GET /v HTTP/2.0\r\n\r\n"]); // 505
    await exchange(port, ["GET /h HTTP/1.0\r\nBad Name: x\r\n\r\n"]); // 400 in a field
    await exchange(port, ["BAD\x01 / HTTP/1.0\r\n\r\n"]); // 400 in the request line
  }, { accessLog: (l) => lines.push(l), maxBodySize: 1024 });
  const requests = lines.map((l) => l.match(/"([^"]*)" (\d+)/)!.slice(1).join(" "));
  assert.deepEqual(requests, [
    "POST /big HTTP/1.0 413",
    "POST /none HTTP/1.0 411",
    "TRACE /t HTTP/1.0 501",
    "GET /v HTTP/2.0 505",
    "GET /h HTTP/1.0 400",
    "- 400",
  ]);
});

test("serve(): a pipelined request after a streamed response is still answered when the client stays", async () => {
  const handler: Handler = (req) =>
    new URL(req.url).pathname === "/stream"
      ? new Response(new ReadableStream({ start: (c) => (c.enqueue(encode("streamed")), c.close()) }))
      : new Response("second");
  await withServer(handler, async (port) => {
    const ex = await exchange(port, [
      "GET /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ]);
    const responses = parseResponses(ex.bytes);
    assert.deepEqual(responses.map((r) => new TextDecoder().decode(r.body)), ["streamed", "second"]);
  });
});

// ---------------------------------------------------------------------------------------
// Pipelined requests: responses held back and written together, never out of order and
// never behind work that waits.

/** GET requests for `paths`, HTTP/1.1 (kept alive), as one string. */
const gets = (paths: string[]) => paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: a\r\n\r\n`).join("");

test("serve(): a pipelined burst mixing sync, async, streamed and bodied requests is answered in order, a bad head last", async () => {
  const handler: Handler = async (req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/async")) await null;
    if (path === "/stream") {
      return new Response(
        new ReadableStream({
          async pull(c) {
            await null;
            c.enqueue(encode("streamed"));
            c.close();
          },
        }),
      );
    }
    if (req.method === "POST") return new Response(`echo ${await req.text()}`);
    return new Response(path);
  };
  await withServer((req, info) => {
    // Synchronous answers for /s*, so that the static path (and holding) is taken.
    const path = new URL(req.url).pathname;
    return path.startsWith("/s") && path !== "/stream" ? new Response(path) : handler(req, info);
  }, async (port) => {
    const peer = await Peer.connect(port);
    peer.write(
      gets(["/s1", "/s2", "/async1", "/s3", "/stream", "/s4"]) +
        "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nxy" +
        gets(["/s5", "/s6"]) + "BAD\r\n\r\n",
    );
    const text = await peer.toEnd();
    const responses = parseResponses(new TextEncoder().encode(text));
    assert.deepEqual(
      responses.map((r) => `${r.status} ${new TextDecoder().decode(r.body).split("\n")[0]}`).slice(0, 9),
      ["200 /s1", "200 /s2", "200 /async1", "200 /s3", "200 streamed", "200 /s4", "200 echo xy", "200 /s5", "200 /s6"],
    );
    assert.equal(responses.length, 10);
    assert.equal(responses[9].status, 400);
  });
});

test("serve(): a response held for a pipelined request goes out before the server waits for that request's handler", async () => {
  const slow = held<Response>();
  await withServer(
    (req) => new URL(req.url).pathname === "/slow" ? slow.promise : new Response("fast"),
    async (port) => {
      const peer = await Peer.connect(port);
      peer.write(gets(["/fast", "/slow"]));
      // Fails (after the guard) if "fast" waited behind the handler the test still holds.
      await peer.until("fast");
      slow.resolve(new Response("slow"));
      await peer.until("slow");
      peer.close();
    },
  );
});

test("serve(): a response held for a pipelined request goes out before the server waits for the rest of the next head", async () => {
  await withServer(() => new Response("answer"), async (port) => {
    const peer = await Peer.connect(port);
    peer.write(gets(["/first"]) + "GET /second HTTP/1.1\r\nHo");
    await peer.until("answer");
    peer.write("st: a\r\nConnection: close\r\n\r\n");
    const text = await peer.toEnd();
    assert.equal(parseResponses(new TextEncoder().encode(text)).length, 2);
  });
});

test("serve(): sixteen pipelined requests that arrive in one read are answered with one write", async () => {
  const { adapter } = await import("../../src/transport/runtime.ts");
  const { resolveServeOptions } = await import("../../src/server/options.ts");
  const { serveListener } = await import("../../src/server/serve.ts");
  const inner = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  let writes = 0;
  // The real listener and connections, with the server's writes counted.
  const listener: Listener = {
    addr: inner.addr,
    accept: async () => {
      const conn = await inner.accept();
      return {
        localAddr: conn.localAddr,
        remoteAddr: conn.remoteAddr,
        read: (p) => conn.read(p),
        write: (p) => (writes++, conn.write(p)),
        closeWrite: () => conn.closeWrite(),
        close: () => conn.close(),
        setNoDelay: (on) => conn.setNoDelay(on),
      };
    },
    close: () => inner.close(),
    [Symbol.asyncIterator]: () => inner[Symbol.asyncIterator](),
  };
  const server = serveListener(listener, () => new Response("hi"), resolveServeOptions({ onListen() {} }));
  try {
    const peer = await Peer.connect(inner.addr.port);
    const paths = Array.from({ length: 16 }, (_, i) => `/${i}`);
    peer.write(gets(paths.slice(0, 15)) + `GET /15 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    const responses = parseResponses(new TextEncoder().encode(await peer.toEnd()));
    assert.equal(responses.length, 16);
    // One write for the burst; two if the kernel happened to split it across reads.
    assert.ok(writes <= 2, `${writes} writes for 16 pipelined responses`);
  } finally {
    await server.shutdown();
  }
});
