import { test } from "node:test";
import assert from "node:assert/strict";
import { runScript, startScript } from "../_helpers/run_script.ts";
import { connectPeer } from "./_net_peer.ts";

const SCRIPT = "examples/upper_tcp_server.ts";
const READY = /upper tcp server listening on 127\.0\.0\.1:(\d+)/;
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net"];
const ARGS = ["--host", "127.0.0.1", "0"];

/** Gives the server a moment to read what came so far, so the next write lands in another read. */
const pause = () => new Promise((r) => setTimeout(r, 50));

test("examples/upper_tcp_server.ts answers a line that arrives split across writes", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      await peer.write("hel");
      await pause();
      await peer.write("lo wor");
      await pause();
      await peer.write("ld\n");
      assert.equal(await peer.until((t) => t.endsWith("\n")), "HELLO WORLD\n");
      // Split inside a UTF-8 character: bytes are upper-cased one by one, so "é" survives.
      const e = new TextEncoder().encode("é");
      await peer.write(Uint8Array.of(0x68, e[0]));
      await pause();
      await peer.write(Uint8Array.of(e[1], 0x0a));
      assert.equal(await peer.until((t) => t.endsWith("Hé\n")), "HELLO WORLD\nHé\n");
    } finally {
      peer.destroy();
    }
  } finally {
    await server.stop();
  }
});

test("examples/upper_tcp_server.ts answers each of several lines that arrive in one write", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      await peer.write("one\ntwo\r\nthree\n");
      assert.equal(await peer.until((t) => t.endsWith("THREE\n")), "ONE\nTWO\r\nTHREE\n");
      const port = peer.localPort;
      peer.socket.end();
      await peer.closed;
      await server.waitFor(/^disconnected from /m);
      assert.match(server.output(), new RegExp(`^connected from 127\\.0\\.0\\.1:${port}$`, "m"));
      assert.match(
        server.output(),
        new RegExp(`^disconnected from 127\\.0\\.0\\.1:${port} \\(3 lines answered\\)$`, "m"),
      );
    } finally {
      peer.destroy();
    }
    assert.equal(await server.stop(), 0);
  } finally {
    await server.stop();
  }
});

test("examples/upper_tcp_server.ts answers a last line without its newline, then closes", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      await peer.write("first\nlast");
      peer.socket.end();
      assert.equal(await peer.closed, "FIRST\nLAST");
      await server.waitFor(/^disconnected from .* \(2 lines answered\)$/m);
    } finally {
      peer.destroy();
    }
  } finally {
    await server.stop();
  }
});

test("examples/upper_tcp_server.ts drops a client whose line is longer than 8192 bytes", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      await peer.write("ok\n" + "x".repeat(9000));
      await peer.closed;
      assert.equal(peer.received(), "OK\n");
      await server.waitFor(/^disconnected from .* \(1 line answered; a line was longer than 8192 bytes\)$/m);
    } finally {
      peer.destroy();
    }
    // One bad client does not stop the server: the next one is served.
    const next = await connectPeer(Number(server.match[1]));
    try {
      await next.write("still here\n");
      assert.equal(await next.until((t) => t.endsWith("\n")), "STILL HERE\n");
    } finally {
      next.destroy();
    }
  } finally {
    await server.stop();
  }
});

test("examples/upper_tcp_server.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [[], ["1", "2"], ["99999"], ["--host"], ["--port", "80"]]) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^upper_tcp_server: .*\nusage: upper_tcp_server \[--host H\] PORT\n$/, args.join(" "));
    assert.equal(r.text, "");
  }
});
