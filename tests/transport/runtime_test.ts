// The adapter contract (Conn, Listener, DatagramSocket) over real loopback sockets, on
// whichever runtime runs the tests.
import assert from "node:assert/strict";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { test } from "node:test";
import { errnoOf } from "../../src/transport/_errno.ts";
import { ConnectionResetError, ListenerClosedError, SocketClosedError } from "../../src/transport/errors.ts";
import { adapter, detectRuntime } from "../../src/transport/runtime.ts";
import type { Conn } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import { RUNTIME } from "../_helpers/run_script.ts";
import { bytes, text } from "./_fakes.ts";
import { closedPort, connectedPair, readAll, tick } from "./_loopback.ts";

test("detectRuntime() names the runtime running the tests", () => {
  assert.equal(detectRuntime(), RUNTIME);
});

test("adapter() is the running runtime's, created once", () => {
  assert.equal(adapter().name, RUNTIME);
  assert.equal(adapter(), adapter());
});

test("adapter().listen() on port 0 reports the real port", () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  try {
    assert.ok(listener.addr.port > 0 && listener.addr.port < 65536);
    assert.deepEqual(listener.addr, { transport: "tcp", hostname: "127.0.0.1", port: listener.addr.port, family: 4 });
  } finally {
    listener.close();
  }
});

test("a Conn echoes bytes both ways and reports both addresses", async () => {
  const pair = await connectedPair(adapter());
  try {
    const { client, server, listener } = pair;
    assert.equal(client.remoteAddr.port, listener.addr.port);
    assert.equal(server.localAddr.port, listener.addr.port);
    assert.equal(server.remoteAddr.port, client.localAddr.port);
    assert.equal(server.remoteAddr.hostname, "127.0.0.1");
    assert.equal(server.remoteAddr.family, 4);

    await writeAll(client, bytes("ping"));
    const buf = new Uint8Array(16);
    let got = "";
    while (got.length < 4) got += text(buf.subarray(0, (await server.read(buf))!));
    assert.equal(got, "ping");
    await writeAll(server, bytes("pong"));
    got = "";
    while (got.length < 4) got += text(buf.subarray(0, (await client.read(buf))!));
    assert.equal(got, "pong");
  } finally {
    pair.close();
  }
});

test("a Conn over IPv6 loopback reports family 6", async () => {
  const pair = await connectedPair(adapter(), "::1");
  try {
    assert.equal(pair.listener.addr.family, 6);
    assert.equal(pair.server.remoteAddr.hostname, "::1");
    assert.equal(pair.server.remoteAddr.family, 6);
    assert.equal(pair.client.remoteAddr.hostname, "::1");
  } finally {
    pair.close();
  }
});

/** The byte at offset i of the big test message: a pattern that shows loss and reordering. */
function patternByte(i: number): number {
  return (i * 31 + (i >>> 13)) & 0xff;
}

test("writeAll() of 8 MiB arrives intact while the peer reads slowly", async () => {
  const size = 8 * 1024 * 1024;
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = patternByte(i);
  const pair = await connectedPair(adapter());
  try {
    const { client, server } = pair;
    const writing = writeAll(server, data).then(() => server.close());

    // A slow reader: small reads, and the event loop gets a turn every 16 of them.
    const buf = new Uint8Array(4096);
    let off = 0;
    let reads = 0;
    let mismatch = -1;
    while (true) {
      const n = await client.read(buf);
      if (n === null) break;
      for (let k = 0; k < n && mismatch < 0; k++) if (buf[k] !== patternByte(off + k)) mismatch = off + k;
      off += n;
      if (++reads % 16 === 0) await tick();
    }
    await writing;
    assert.equal(mismatch, -1);
    assert.equal(off, size);
  } finally {
    pair.close();
  }
});

test("closeWrite() half-closes: the peer sees end of file and can still answer", async () => {
  const pair = await connectedPair(adapter());
  try {
    const { client, server } = pair;
    await writeAll(client, bytes("question"));
    await client.closeWrite();
    assert.equal(text(await readAll(server)), "question");
    await writeAll(server, bytes("answer"));
    server.close();
    assert.equal(text(await readAll(client)), "answer");
  } finally {
    pair.close();
  }
});

test("read() returns the bytes sent before the peer closed, then null", async () => {
  const pair = await connectedPair(adapter());
  try {
    await writeAll(pair.server, bytes("bye"));
    pair.server.close();
    assert.equal(text(await readAll(pair.client, 2)), "bye");
    assert.equal(await pair.client.read(new Uint8Array(8)), null);
  } finally {
    pair.close();
  }
});

test("Conn.close() is idempotent, and reading or writing after it rejects with SocketClosedError", async () => {
  const pair = await connectedPair(adapter());
  try {
    pair.client.close();
    pair.client.close();
    await assert.rejects(pair.client.read(new Uint8Array(8)), SocketClosedError);
    await assert.rejects(pair.client.write(bytes("x")), SocketClosedError);
    assert.equal(await readAll(pair.server).then((b) => b.length), 0);
  } finally {
    pair.close();
  }
});

test("Conn.close() rejects a read that is waiting", async () => {
  const pair = await connectedPair(adapter());
  try {
    const reading = pair.client.read(new Uint8Array(8));
    await tick();
    pair.client.close();
    await assert.rejects(reading, SocketClosedError);
  } finally {
    pair.close();
  }
});

test("Listener.accept() rejects with ListenerClosedError once closed, also while waiting", async () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  const waiting = listener.accept();
  listener.close();
  listener.close();
  await assert.rejects(waiting, ListenerClosedError);
  await assert.rejects(listener.accept(), ListenerClosedError);
});

test("iterating a Listener yields connections and ends when it closes", async () => {
  const transport = adapter();
  const listener = transport.listen({ hostname: "127.0.0.1", port: 0 });
  const clients: Conn[] = [];
  const accepted: Conn[] = [];
  try {
    const loop = (async () => {
      for await (const conn of listener) {
        accepted.push(conn);
        if (accepted.length === 2) listener.close();
      }
    })();
    clients.push(await transport.connect({ hostname: "127.0.0.1", port: listener.addr.port }));
    clients.push(await transport.connect({ hostname: "127.0.0.1", port: listener.addr.port }));
    await loop;
    assert.equal(accepted.length, 2);
  } finally {
    listener.close();
    for (const c of [...clients, ...accepted]) c.close();
  }
});

test("connections accepted before Listener.close() stay open", async () => {
  const pair = await connectedPair(adapter());
  try {
    pair.listener.close();
    await writeAll(pair.client, bytes("still here"));
    await pair.client.closeWrite();
    assert.equal(text(await readAll(pair.server)), "still here");
  } finally {
    pair.close();
  }
});

test("a read rejects with ConnectionResetError when the peer resets the connection", async () => {
  // node:net can send a RST (resetAndDestroy) on both runtimes; our Conn API cannot.
  const server = createServer((socket: Socket) => socket.once("data", () => socket.resetAndDestroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const client = await adapter().connect({ hostname: "127.0.0.1", port });
  try {
    await writeAll(client, bytes("hello?"));
    await assert.rejects(client.read(new Uint8Array(16)), (err: unknown) => {
      assert.ok(err instanceof ConnectionResetError);
      assert.equal(err.cause, "ECONNRESET");
      return true;
    });
  } finally {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test("adapter().connect() to a port nobody listens on fails with ECONNREFUSED", async () => {
  const port = closedPort(adapter());
  await assert.rejects(adapter().connect({ hostname: "127.0.0.1", port }), (err: unknown) => {
    assert.equal(errnoOf(err), "ECONNREFUSED");
    return true;
  });
});

test("adapter().connect() with an aborted signal rejects with the signal's reason", async () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const reason = new Error("stop");
    const signal = AbortSignal.abort(reason);
    await assert.rejects(adapter().connect({ hostname: "127.0.0.1", port: listener.addr.port, signal }), (err) => {
      assert.equal(err, reason);
      return true;
    });
  } finally {
    listener.close();
  }
});

test("adapter().listen() on a port in use throws with EADDRINUSE", () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  try {
    assert.throws(() => adapter().listen({ hostname: "127.0.0.1", port: listener.addr.port }), (err: unknown) => {
      assert.equal(errnoOf(err), "EADDRINUSE");
      return true;
    });
  } finally {
    listener.close();
  }
});

test("a UDP datagram makes a round trip on loopback", async () => {
  const a = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  const b = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  try {
    assert.ok(a.addr.port > 0);
    assert.deepEqual(a.addr, { transport: "udp", hostname: "127.0.0.1", port: a.addr.port, family: 4 });
    await a.send(bytes("hello"), { hostname: "127.0.0.1", port: b.addr.port });
    const got = await b.receive();
    assert.equal(text(got.data), "hello");
    assert.deepEqual(got.remote, a.addr);
    await b.send(bytes("world"), got.remote);
    const back = await a.receive();
    assert.equal(text(back.data), "world");
    assert.equal(back.remote.port, b.addr.port);
  } finally {
    a.close();
    b.close();
  }
});

test('a UDP socket on "::" reports an IPv4 sender as IPv4', async () => {
  const any = await adapter().bindDatagram({ hostname: "::", port: 0 });
  const v4 = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  try {
    await v4.send(bytes("hi"), { hostname: "127.0.0.1", port: any.addr.port });
    const got = await any.receive();
    assert.equal(text(got.data), "hi");
    assert.deepEqual(got.remote, v4.addr);
  } finally {
    any.close();
    v4.close();
  }
});

test("DatagramSocket.receive() rejects with SocketClosedError once closed, also while waiting", async () => {
  const socket = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  const waiting = socket.receive();
  socket.close();
  socket.close();
  await assert.rejects(waiting, SocketClosedError);
  await assert.rejects(socket.receive(), SocketClosedError);
  await assert.rejects(socket.send(bytes("x"), { hostname: "127.0.0.1", port: 9 }), SocketClosedError);
});
