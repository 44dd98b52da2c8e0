import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { runScript, startScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/upper_udp_server.ts";
const READY = /upper udp server listening on 127\.0\.0\.1:(\d+)/;
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net"];
const ARGS = ["--host", "127.0.0.1", "0"];

/** A node:dgram socket bound on 127.0.0.1, independent of http10's transport. */
async function udpPeer(): Promise<Socket> {
  const socket = createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return socket;
}

/** The next datagram `socket` receives, as text, within 10 s. */
function nextMessage(socket: Socket): Promise<{ text: string; port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no datagram within 10 s")), 10_000);
    socket.once("message", (msg: Uint8Array, rinfo: { port: number }) => {
      clearTimeout(timer);
      resolve({ text: new TextDecoder().decode(msg), port: rinfo.port });
    });
  });
}

function send(socket: Socket, text: string, port: number): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(text, port, "127.0.0.1", (err) => (err ? reject(err) : resolve()))
  );
}

test("examples/upper_udp_server.ts sends each datagram back upper-cased, to its own sender", async () => {
  const server = await startScript(SCRIPT, ARGS, READY, { permissions: PERMISSIONS });
  const a = await udpPeer();
  const b = await udpPeer();
  try {
    const port = Number(server.match[1]);
    const fromA = nextMessage(a);
    const fromB = nextMessage(b);
    await send(a, "hello from a", port);
    await send(b, "and b\n", port);
    assert.deepEqual(await fromA, { text: "HELLO FROM A", port });
    assert.deepEqual(await fromB, { text: "AND B\n", port });
    await server.waitFor(/^6 bytes from /m);
    assert.match(server.output(), new RegExp(`^12 bytes from 127\\.0\\.0\\.1:${a.address().port}$`, "m"));
    assert.match(server.output(), new RegExp(`^6 bytes from 127\\.0\\.0\\.1:${b.address().port}$`, "m"));
    assert.equal(await server.stop(), 0);
    assert.match(server.output(), /^SIGTERM: stopping$/m);
  } finally {
    a.close();
    b.close();
    await server.stop();
  }
});

test("examples/upper_udp_server.ts says why it cannot bind, and exits 1", async () => {
  const taken = await udpPeer();
  try {
    const port = taken.address().port;
    const r = await runScript(SCRIPT, ["--host", "127.0.0.1", String(port)], { permissions: PERMISSIONS });
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    assert.match(
      r.stderr,
      new RegExp(`^upper_udp_server: cannot bind UDP 127\\.0\\.0\\.1 port ${port}: .*EADDRINUSE.*\\n$`),
    );
  } finally {
    taken.close();
  }
});

test("examples/upper_udp_server.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [[], ["1", "2"], ["65536"], ["--host"], ["--tries", "1", "80"]]) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^upper_udp_server: .*\nusage: upper_udp_server \[--host H\] PORT\n$/, args.join(" "));
    assert.equal(r.text, "");
  }
});
