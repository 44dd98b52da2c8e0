import { test } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createServer } from "node:net";
import { runScript, startScript } from "../_helpers/run_script.ts";
import { connectPeer } from "./_net_peer.ts";

const SCRIPT = "examples/echo_server.ts";
const READY = /echo server listening on 127\.0\.0\.1:(\d+)/;
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net"];
const ARGS = ["--host", "127.0.0.1", "0"];

test("examples/echo_server.ts echoes to two clients at once and logs each one coming and going", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const port = Number(server.match[1]);
    const a = await connectPeer(port);
    const b = await connectPeer(port);
    try {
      // b is answered while a is still connected: one slow client does not hold up another.
      await a.write("from a\n");
      await b.write("from b, split ");
      await b.write("in two\n");
      assert.equal(await b.until((t) => t.endsWith("\n")), "from b, split in two\n");
      assert.equal(await a.until((t) => t.endsWith("\n")), "from a\n");
      await a.write("again\n");
      assert.equal(await a.until((t) => t.endsWith("again\n")), "from a\nagain\n");

      const aAddr = `127.0.0.1:${a.localPort}`;
      const bAddr = `127.0.0.1:${b.localPort}`;
      // The log comes through a pipe, which may lag behind the socket: wait for it.
      await server.waitFor(/^connected from [^]*^connected from /m);
      const connected = server.output();
      assert.match(connected, new RegExp(`^connected from ${aAddr}$`, "m"));
      assert.match(connected, new RegExp(`^connected from ${bAddr}$`, "m"));

      a.socket.end();
      b.socket.end();
      assert.equal(await a.closed, "from a\nagain\n");
      assert.equal(await b.closed, "from b, split in two\n");
      await server.waitFor(/^disconnected from [^]*^disconnected from /m);
      const log = server.output();
      assert.match(log, new RegExp(`^disconnected from ${aAddr} \\(13 bytes echoed\\)$`, "m"));
      assert.match(log, new RegExp(`^disconnected from ${bAddr} \\(21 bytes echoed\\)$`, "m"));
    } finally {
      a.destroy();
      b.destroy();
    }
    assert.equal(await server.stop(), 0);
  } finally {
    await server.stop();
  }
});

test("examples/echo_server.ts echoes bytes that are not text, unchanged", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      const bytes = new Uint8Array(100_000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
      const chunks: Uint8Array[] = [];
      let got = 0;
      const all = new Promise<void>((resolve) =>
        peer.socket.on("data", (c: Uint8Array) => {
          chunks.push(c);
          got += c.length;
          if (got >= bytes.length) resolve();
        })
      );
      await peer.write(bytes);
      await all;
      assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), bytes);
    } finally {
      peer.destroy();
    }
  } finally {
    await server.stop();
  }
});

test("examples/echo_server.ts stops on SIGINT with a client still connected, and exits 0", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  try {
    const peer = await connectPeer(Number(server.match[1]));
    try {
      await server.waitFor(/^connected from /m);
      const exited = new Promise<number | null>((r) => server.child.once("close", (code) => r(code)));
      // process.kill, not child.kill: Deno's child.kill() reports the child as killed by the signal.
      process.kill(server.child.pid!, "SIGINT");
      assert.equal(await exited, 0);
      await peer.closed; // the server closed the connection on its way out
      assert.match(server.output(), /^SIGINT: stopping$/m);
    } finally {
      peer.destroy();
    }
  } finally {
    await server.stop();
  }
});

test("examples/echo_server.ts says why it cannot listen, and exits 1", async () => {
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
  try {
    const port = (taken.address() as { port: number }).port;
    const r = await runScript(SCRIPT, ["--host", "127.0.0.1", String(port)], { permissions: PERMISSIONS });
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    assert.match(r.stderr, new RegExp(`^echo_server: listen on 127\\.0\\.0\\.1:${port} failed: .*\\n.*EADDRINUSE\\n$`));
  } finally {
    await new Promise((r) => taken.close(r));
  }
});

test("examples/echo_server.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [[], ["1", "2"], ["65536"], ["-1"], ["http"], ["--host"], ["--bogus", "80"], ["--host=", "x"]]) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^echo_server: .*\nusage: echo_server \[--host H\] PORT\n$/, args.join(" "));
    assert.equal(r.text, "");
  }
});
