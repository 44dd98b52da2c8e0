// Bun-only behavior of the Bun adapter; skipped under Deno.
import assert from "node:assert/strict";
import { test } from "node:test";
import { errnoOf } from "../../src/transport/_errno.ts";
import type { TransportAdapter } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import { RUNTIME } from "../_helpers/run_script.ts";
import { bytes, text } from "./_fakes.ts";
import { connectedPair, readAll, tick } from "./_loopback.ts";

const skip = RUNTIME !== "bun" && "Bun only";
const bun: TransportAdapter | undefined = RUNTIME === "bun"
  ? (await import("../../src/transport/bun.ts")).createBunAdapter()
  : undefined;

test('createBunAdapter() with ipv6Only on "::" refuses IPv4 clients and takes IPv6 ones', { skip }, async () => {
  const listener = bun!.listen({ hostname: "::", port: 0, ipv6Only: true });
  try {
    const port = listener.addr.port;
    await assert.rejects(bun!.connect({ hostname: "127.0.0.1", port }), (err: unknown) => {
      assert.equal(errnoOf(err), "ECONNREFUSED");
      return true;
    });
    const accepting = listener.accept();
    const client = await bun!.connect({ hostname: "::1", port });
    const server = await accepting;
    client.close();
    server.close();
    assert.equal(server.remoteAddr.family, 6);
  } finally {
    listener.close();
  }
});

test("createBunAdapter() shares a port only between listeners that ask for reusePort", { skip }, () => {
  assert.equal(bun!.reusePort, true);
  const first = bun!.listen({ hostname: "127.0.0.1", port: 0, reusePort: true });
  try {
    const port = first.addr.port;
    const second = bun!.listen({ hostname: "127.0.0.1", port, reusePort: true });
    second.close();
    assert.throws(() => bun!.listen({ hostname: "127.0.0.1", port }), (err: unknown) => {
      assert.equal(errnoOf(err), "EADDRINUSE");
      return true;
    });
  } finally {
    first.close();
  }
});

test("createBunAdapter() connections refuse a second read while one is waiting", { skip }, async () => {
  const pair = await connectedPair(bun!);
  try {
    const first = pair.client.read(new Uint8Array(8));
    await assert.rejects(pair.client.read(new Uint8Array(8)), /another read is waiting/);
    await writeAll(pair.server, bytes("ok"));
    assert.equal(await first, 2);
  } finally {
    pair.close();
  }
});

test("createBunAdapter() connections keep what arrives before anyone reads, across many chunks", { skip }, async () => {
  const pair = await connectedPair(bun!);
  try {
    // 256 KiB with nobody reading: past the high-water mark, so the socket pauses.
    const data = new Uint8Array(256 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    await writeAll(pair.server, data);
    pair.server.close();
    for (let i = 0; i < 10; i++) await tick();
    const got = await readAll(pair.client, 1000);
    assert.equal(got.length, data.length);
    assert.deepEqual(got, data);
  } finally {
    pair.close();
  }
});

test("createBunAdapter() connections refuse writes after closeWrite()", { skip }, async () => {
  const pair = await connectedPair(bun!);
  try {
    await pair.client.closeWrite();
    await assert.rejects(pair.client.write(bytes("late")), /closed/);
    assert.equal(text(await readAll(pair.server)), "");
  } finally {
    pair.close();
  }
});

test(
  "createBunAdapter() gives the same addresses whether known up front or read from the socket",
  { skip },
  async () => {
    for (const hostname of ["127.0.0.1", "0.0.0.0"]) {
      const listener = bun!.listen({ hostname, port: 0 });
      try {
        const port = listener.addr.port;
        const accepting = listener.accept();
        const client = await bun!.connect({ hostname: "127.0.0.1", port });
        const server = await accepting;
        // The dialed address is the client's peer; the kernel's port for it is the server's peer.
        assert.deepEqual(client.remoteAddr, { transport: "tcp", hostname: "127.0.0.1", port, family: 4 });
        assert.deepEqual(server.localAddr, { transport: "tcp", hostname: "127.0.0.1", port, family: 4 }, hostname);
        assert.equal(server.remoteAddr.port, client.localAddr.port);
        assert.notEqual(client.localAddr.port, 0);
        client.close();
        server.close();
      } finally {
        listener.close();
      }
    }
  },
);

test("createBunAdapter() reports an address first asked for after close as unspecified", { skip }, async () => {
  const listener = bun!.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const accepting = listener.accept();
    const client = await bun!.connect({ hostname: "127.0.0.1", port: listener.addr.port });
    const server = await accepting;
    server.close();
    client.close();
    await tick();
    // Bun forgets a closed socket's addresses; the stand-in is well formed and plainly unknown.
    assert.deepEqual(client.localAddr, { transport: "tcp", hostname: "0.0.0.0", port: 0, family: 4 });
    assert.equal(client.remoteAddr.port, listener.addr.port, "the dialed address is still known");
  } finally {
    listener.close();
  }
});
