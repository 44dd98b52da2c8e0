import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { serve } from "../../src/server/serve.ts";
import { runScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/first_request.ts";
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net", "--allow-read", "--allow-sys"];

/**
 * A raw node:net server on `host` that keeps what the client sent and, once the request's
 * empty line has arrived, writes `response` and closes.
 */
async function rawServer(
  host: string,
  response: Uint8Array | string,
): Promise<{ server: Server; port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((socket: Socket) => {
    let text = "";
    socket.on("data", (d: Uint8Array) => {
      text += new TextDecoder().decode(d);
      if (text.includes("\r\n\r\n")) {
        requests.push(text);
        socket.end(response);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, port: (server.address() as { port: number }).port, requests };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

test("examples/first_request.ts prints the exchange with http10's serve(), CR and LF made visible", async () => {
  const seen: { url: string; host: string | null; connection: string | null }[] = [];
  const server = await serve((req) => {
    seen.push({ url: req.url, host: req.headers.get("host"), connection: req.headers.get("connection") });
    return new Response("hello\nworld\n");
  }, { port: 0, hostname: "127.0.0.1", onListen() {} });
  try {
    const port = server.addr.port;
    const r = await runScript(SCRIPT, ["127.0.0.1", "/greet?who=you", String(port)], { permissions: PERMISSIONS });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(seen, [{
      url: `http://127.0.0.1:${port}/greet?who=you`,
      host: `127.0.0.1:${port}`,
      connection: "close",
    }]);

    const lines = r.text.split("\n");
    assert.deepEqual(lines.slice(0, 6), [
      `* connected to 127.0.0.1:${port}`,
      "> GET /greet?who=you HTTP/1.0\\r\\n",
      `> Host: 127.0.0.1:${port}\\r\\n`,
      "> Connection: close\\r\\n",
      "> \\r\\n",
      "< HTTP/1.0 200 OK\\r\\n",
    ]);
    assert.ok(lines.includes("< Content-Length: 12\\r\\n"), r.text);
    // The head ends at the empty line; the body follows as it came, without prefixes.
    const end = lines.indexOf("< \\r\\n");
    assert.ok(end > 5, r.text);
    for (const line of lines.slice(5, end)) assert.match(line, /^< [^\r\n]*\\r\\n$/);
    const received = Number(/^\* (\d+) bytes received, then the server closed the connection$/m.exec(r.text)?.[1]);
    assert.deepEqual(lines.slice(end + 1), [
      "hello",
      "world",
      `* ${received} bytes received, then the server closed the connection`,
      "",
    ]);
    assert.ok(received > 12);
  } finally {
    await server.shutdown();
  }
});

test("examples/first_request.ts shows bare LFs, tabs and control bytes exactly as they came", async () => {
  const response = "HTTP/1.0 200 OK\nX-Odd: a\tb\x01\xff\n\nbody without newline";
  const bytes = Uint8Array.from(response, (c) => c.charCodeAt(0));
  const { server, port, requests } = await rawServer("127.0.0.1", bytes);
  try {
    const r = await runScript(SCRIPT, ["127.0.0.1", "/", String(port)], { permissions: PERMISSIONS });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requests, [`GET / HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`]);
    assert.equal(
      r.text.slice(r.text.indexOf("< ")),
      "< HTTP/1.0 200 OK\\n\n" +
        "< X-Odd: a\\tb\\x01\\xff\\n\n" +
        "< \\n\n" +
        "body without newline\n" +
        `* ${bytes.length} bytes received, then the server closed the connection\n`,
    );
  } finally {
    await closeServer(server);
  }
});

test("examples/first_request.ts puts an IPv6 address in brackets in the Host header", async () => {
  const { server, port, requests } = await rawServer("::1", "HTTP/1.0 204 No Content\r\n\r\n");
  try {
    const r = await runScript(SCRIPT, ["[::1]", "/", String(port)], { permissions: PERMISSIONS });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(requests, [`GET / HTTP/1.0\r\nHost: [::1]:${port}\r\nConnection: close\r\n\r\n`]);
    assert.match(
      r.text,
      new RegExp(
        `^\\* connected to \\[::1\\]:${port}\\n> GET / HTTP/1\\.0\\\\r\\\\n\\n> Host: \\[::1\\]:${port}\\\\r\\\\n\\n`,
      ),
    );
    assert.match(
      r.text,
      /\n< HTTP\/1\.0 204 No Content\\r\\n\n< \\r\\n\n\* 27 bytes received, then the server closed the connection\n$/,
    );
  } finally {
    await closeServer(server);
  }
});

test("examples/first_request.ts reports a refused connection in plain words, and exits 1", async () => {
  const { server, port } = await rawServer("127.0.0.1", "");
  await closeServer(server); // now nothing listens on that port
  const r = await runScript(SCRIPT, ["127.0.0.1", "/", String(port)], { permissions: PERMISSIONS });
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.equal(
    r.stderr,
    `first_request: connect to 127.0.0.1:${port} failed: 1 address tried\n  127.0.0.1:${port}: ECONNREFUSED\n`,
  );
});

test("examples/first_request.ts reports a host name that cannot resolve, and exits 1", async () => {
  const r = await runScript(SCRIPT, ["127.1"], { permissions: PERMISSIONS });
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.equal(r.stderr, 'first_request: Name or service not known: "127.1" (not a dotted-quad IPv4 address)\n');
});

test("examples/first_request.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [
      [],
      ["example.com", "index.html"],
      ["example.com", "/a b"],
      ["example.com", "/\r\nX: y"],
      ["example.com", "/", "0"],
      ["example.com", "/", "http"],
      ["example.com", "/", "80", "extra"],
      ["[]"],
      ["-v", "example.com"],
    ]
  ) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, JSON.stringify(args));
    assert.match(r.stderr, /^first_request: .*\nusage: first_request HOST \[PATH\] \[PORT\]\n$/, JSON.stringify(args));
    assert.equal(r.text, "");
  }
});
