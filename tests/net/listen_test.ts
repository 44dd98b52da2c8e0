import assert from "node:assert/strict";
import { test } from "node:test";
import { ListenError } from "../../src/transport/errors.ts";
import { listen } from "../../src/net/listen.ts";
import { adapter } from "../../src/transport/runtime.ts";
import type { Listener, ListenOptions, TransportAdapter } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import { bytes, text } from "../transport/_fakes.ts";
import { readAll } from "../transport/_loopback.ts";
import { InvalidArgumentError } from "../../src/errors/invalid_options.ts";

test("listen() on port 0 reports the port it got", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  try {
    assert.equal(listener.addr.hostname, "127.0.0.1");
    assert.ok(listener.addr.port > 0);
  } finally {
    listener.close();
  }
});

test('listen() on "::" accepts an IPv4 client and shows it as 127.0.0.1', async () => {
  const listener = await listen({ hostname: "::", port: 0 });
  try {
    assert.deepEqual(listener.addr, { transport: "tcp", hostname: "::", port: listener.addr.port, family: 6 });
    const accepting = listener.accept();
    const client = await adapter().connect({ hostname: "127.0.0.1", port: listener.addr.port });
    const server = await accepting;
    try {
      assert.equal(server.remoteAddr.hostname, "127.0.0.1");
      assert.equal(server.remoteAddr.family, 4);
      assert.equal(server.remoteAddr.port, client.localAddr.port);
      assert.equal(server.localAddr.hostname, "127.0.0.1");
      await writeAll(client, bytes("v4 over v6"));
      await client.closeWrite();
      assert.equal(text(await readAll(server)), "v4 over v6");
    } finally {
      client.close();
      server.close();
    }
  } finally {
    listener.close();
  }
});

test('listen() without a host name binds the dual-stack wildcard "::" first', async () => {
  const listener = await listen({ port: 0 });
  try {
    assert.equal(listener.addr.hostname, "::");
    const accepting = listener.accept();
    const client = await adapter().connect({ hostname: "127.0.0.1", port: listener.addr.port });
    const server = await accepting;
    client.close();
    server.close();
    assert.equal(server.remoteAddr.hostname, "127.0.0.1");
  } finally {
    listener.close();
  }
});

test('listen() on "localhost" binds ::1 first', async () => {
  const listener = await listen({ hostname: "localhost", port: 0 });
  try {
    assert.equal(listener.addr.hostname, "::1");
  } finally {
    listener.close();
  }
});

test("listen() on a port in use throws ListenError with EADDRINUSE visible", async () => {
  const taken = await listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = taken.addr.port;
    await assert.rejects(listen({ hostname: "127.0.0.1", port }), (err: unknown) => {
      assert.ok(err instanceof ListenError);
      assert.equal(err.code, "HTTP10_LISTEN_FAILED");
      assert.equal(err.cause, "EADDRINUSE");
      assert.equal(err.message, `listen on 127.0.0.1:${port} failed: 1 address tried\n  127.0.0.1:${port}: EADDRINUSE`);
      assert.equal(err.attempts[0].family, 4);
      assert.ok(err.attempts[0].error instanceof Error);
      return true;
    });
  } finally {
    taken.close();
  }
});

test("listen() without a host name lists both wildcard addresses when the port is taken", async () => {
  const taken = await listen({ hostname: "::", port: 0 });
  try {
    const port = taken.addr.port;
    await assert.rejects(listen({ port }), (err: unknown) => {
      assert.ok(err instanceof ListenError);
      assert.deepEqual(err.attempts.map((a) => [a.address, a.cause]), [["::", "EADDRINUSE"], [
        "0.0.0.0",
        "EADDRINUSE",
      ]]);
      assert.match(
        err.message,
        /^listen on port \d+ failed: 2 addresses tried\n {2}\[::\]:\d+: EADDRINUSE\n {2}0\.0\.0\.0:\d+: EADDRINUSE$/,
      );
      return true;
    });
  } finally {
    taken.close();
  }
});

test("listen() tries each address in order until one binds", async () => {
  const tried: string[] = [];
  const fake: TransportAdapter = {
    ...adapter(),
    listen(options: ListenOptions): Listener {
      tried.push(options.hostname);
      if (options.hostname === "::1") {
        throw Object.assign(new Error("Cannot assign requested address"), { code: "EADDRNOTAVAIL" });
      }
      return { addr: { transport: "tcp", hostname: options.hostname, port: 8080, family: 4 } } as Listener;
    },
  };
  const listener = await listen({ hostname: "localhost", port: 8080, adapter: fake });
  assert.deepEqual(tried, ["::1", "127.0.0.1"]);
  assert.equal(listener.addr.hostname, "127.0.0.1");
});

test("listen() rejects a port outside 0–65535", async () => {
  await assert.rejects(listen({ port: 65536 }), InvalidArgumentError);
  await assert.rejects(listen({ port: -1 }), InvalidArgumentError);
  await assert.rejects(listen({ port: 1.5 }), InvalidArgumentError);
});
