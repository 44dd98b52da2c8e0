import assert from "node:assert/strict";
import { test } from "node:test";
import type { AddrInfo } from "../../src/resolve/types.ts";
import { dial, type DialAttemptEvent, dialHost, type DialOptions } from "../../src/net/dial.ts";
import { ConnectError, ConnectTimeoutError } from "../../src/transport/errors.ts";
import { listen } from "../../src/net/listen.ts";
import type { Conn } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import { bytes, FakeClock, settle, text } from "../transport/_fakes.ts";
import { readAll } from "../transport/_loopback.ts";

// Documentation addresses (RFC 3849, RFC 5737): the fake network below is all they reach.
const A6 = "2001:db8::1";
const A4 = "192.0.2.1";
const B6 = "2001:db8::2";

function addr(address: string, port = 80): AddrInfo {
  return { family: address.includes(":") ? 6 : 4, address, port, socktype: "stream", protocol: "tcp" };
}

/** What the fake network does with a connect to one address, in fake milliseconds. */
interface Plan {
  /** Connects after this long (an abort before then makes it fail). */
  ok?: number;
  /** Refuses (ECONNREFUSED) after this long. */
  refuse?: number;
  /** Connects after this long even if aborted: a late loser. */
  late?: number;
  /** Never answers until aborted. */
  hang?: true;
}

interface FakeConn extends Conn {
  address: string;
  closes: number;
}

function fakeConn(address: string): FakeConn {
  const local = { transport: "tcp" as const, hostname: "::1", port: 50000, family: 6 as const };
  return {
    address,
    closes: 0,
    localAddr: local,
    remoteAddr: { ...addr(address), transport: "tcp", hostname: address },
    read: () => Promise.resolve(null),
    write: (p) => Promise.resolve(p.length),
    closeWrite: () => Promise.resolve(),
    close() {
      this.closes++;
    },
    setNoDelay() {},
  } as FakeConn;
}

/** A network of `plans`, on a fake clock; it records every event as "time outcome address". */
function fakeNetwork(plans: Record<string, Plan>) {
  const clock = new FakeClock();
  const conns = new Map<string, FakeConn>();
  const signals = new Map<string, AbortSignal>();
  const timeline: string[] = [];
  const connect = (a: AddrInfo, signal: AbortSignal): Promise<Conn> => {
    signals.set(a.address, signal);
    const plan = plans[a.address];
    return new Promise<Conn>((resolve, reject) => {
      const conn = fakeConn(a.address);
      conns.set(a.address, conn);
      const after = plan.ok ?? plan.late;
      if (after !== undefined) clock.setTimeout(() => resolve(conn), after);
      if (plan.refuse !== undefined) {
        clock.setTimeout(
          () => reject(Object.assign(new Error("Connection refused"), { code: "ECONNREFUSED" })),
          plan.refuse,
        );
      }
      if (plan.late === undefined) signal.addEventListener("abort", () => reject(signal.reason));
    });
  };
  const onAttempt = (e: DialAttemptEvent) => timeline.push(`${e.elapsed} ${e.outcome} ${e.addr.address}`);
  const options: DialOptions = { clock, connect, onAttempt };
  return { clock, conns, signals, timeline, options };
}

test("dial() sequential tries each address in order, the next when one fails", async () => {
  const net = fakeNetwork({ [A6]: { refuse: 10 }, [A4]: { refuse: 20 }, [B6]: { ok: 5 } });
  const dialing = dial([addr(A6), addr(A4), addr(B6)], { ...net.options, mode: "sequential" });
  await net.clock.advance(1000);
  const conn = (await dialing) as FakeConn;
  assert.equal(conn.address, B6);
  assert.deepEqual(net.timeline, [
    `0 start ${A6}`,
    `10 failed ${A6}`,
    `10 start ${A4}`,
    `30 failed ${A4}`,
    `30 start ${B6}`,
    `35 connected ${B6}`,
  ]);
});

test("dial() sequential never runs two attempts at once", async () => {
  const net = fakeNetwork({ [A6]: { hang: true }, [A4]: { ok: 1 } });
  const abort = new AbortController();
  const dialing = dial([addr(A6), addr(A4)], { ...net.options, mode: "sequential", signal: abort.signal });
  await net.clock.advance(60_000);
  assert.deepEqual(net.timeline, [`0 start ${A6}`]);
  abort.abort(new Error("enough"));
  await assert.rejects(dialing, /enough/);
});

test("dial() happy eyeballs starts the next attempt every attemptDelay until one connects", async () => {
  const net = fakeNetwork({ [A6]: { hang: true }, [A4]: { hang: true }, [B6]: { ok: 100 } });
  const dialing = dial([addr(A6), addr(A4), addr(B6)], { ...net.options, attemptDelay: 250 });
  await net.clock.advance(1000);
  const conn = (await dialing) as FakeConn;
  assert.equal(conn.address, B6);
  assert.deepEqual(net.timeline, [
    `0 start ${A6}`,
    `250 start ${A4}`,
    `500 start ${B6}`,
    `600 connected ${B6}`,
    `600 cancelled ${A6}`,
    `600 cancelled ${A4}`,
  ]);
  assert.equal(net.signals.get(A6)!.aborted, true);
  assert.equal(net.signals.get(A4)!.aborted, true);
  assert.equal(net.signals.get(B6)!.aborted, false);
  assert.equal(net.clock.pending, 0);
});

test("dial() happy eyeballs starts the next attempt as soon as the newest one fails", async () => {
  const net = fakeNetwork({ [A6]: { refuse: 50 }, [A4]: { hang: true }, [B6]: { ok: 10 } });
  const dialing = dial([addr(A6), addr(A4), addr(B6)], { ...net.options, attemptDelay: 250 });
  await net.clock.advance(1000);
  assert.equal(((await dialing) as FakeConn).address, B6);
  assert.deepEqual(net.timeline, [
    `0 start ${A6}`,
    `50 failed ${A6}`,
    `50 start ${A4}`,
    // The stagger restarts with each new attempt: 50 + 250.
    `300 start ${B6}`,
    `310 connected ${B6}`,
    `310 cancelled ${A4}`,
  ]);
});

test("dial() happy eyeballs waits for the stagger when an older attempt fails", async () => {
  const net = fakeNetwork({ [A6]: { refuse: 300 }, [A4]: { hang: true }, [B6]: { ok: 10 } });
  const dialing = dial([addr(A6), addr(A4), addr(B6)], { ...net.options, attemptDelay: 250 });
  await net.clock.advance(1000);
  assert.equal(((await dialing) as FakeConn).address, B6);
  assert.deepEqual(net.timeline, [
    `0 start ${A6}`,
    `250 start ${A4}`,
    `300 failed ${A6}`,
    `500 start ${B6}`,
    `510 connected ${B6}`,
    `510 cancelled ${A4}`,
  ]);
});

test("dial() happy eyeballs closes a loser that connects after the winner", async () => {
  const net = fakeNetwork({ [A6]: { late: 400 }, [A4]: { ok: 100 } });
  const dialing = dial([addr(A6), addr(A4)], { ...net.options, attemptDelay: 250 });
  await net.clock.advance(1000);
  const winner = (await dialing) as FakeConn;
  assert.equal(winner.address, A4);
  assert.equal(winner.closes, 0);
  assert.equal(net.conns.get(A6)!.closes, 1);
  assert.deepEqual(net.timeline, [`0 start ${A6}`, `250 start ${A4}`, `350 connected ${A4}`, `350 cancelled ${A6}`]);
});

test("dial() fails one attempt after connectTimeout and moves on", async () => {
  for (const mode of ["sequential", "happy-eyeballs"] as const) {
    const net = fakeNetwork({ [A6]: { hang: true }, [A4]: { ok: 10 } });
    const dialing = dial([addr(A6), addr(A4)], { ...net.options, mode, connectTimeout: 100, attemptDelay: 250 });
    await net.clock.advance(1000);
    assert.equal(((await dialing) as FakeConn).address, A4, mode);
    assert.deepEqual(
      net.timeline,
      [`0 start ${A6}`, `100 failed ${A6}`, `100 start ${A4}`, `110 connected ${A4}`],
      mode,
    );
    assert.equal(net.signals.get(A6)!.aborted, true, mode);
  }
});

test("dial() closes a connection that arrives after its attempt timed out", async () => {
  const net = fakeNetwork({ [A6]: { late: 150 }, [A4]: { ok: 50 } });
  const dialing = dial([addr(A6), addr(A4)], { ...net.options, mode: "sequential", connectTimeout: 100 });
  await net.clock.advance(1000);
  assert.equal(((await dialing) as FakeConn).address, A4);
  assert.equal(net.conns.get(A6)!.closes, 1);
});

test("dial() rejects with ConnectError listing every address and its cause when all fail", async () => {
  const net = fakeNetwork({ [A6]: { refuse: 10 }, [A4]: { hang: true } });
  const dialing = dial([addr(A6), addr(A4)], { ...net.options, connectTimeout: 100, host: "example.com" });
  const checked = assert.rejects(dialing, (err: unknown) => {
    assert.ok(err instanceof ConnectError);
    assert.equal(
      err.message,
      `connect to example.com:80 failed: 2 addresses tried\n  [${A6}]:80: ECONNREFUSED\n  ${A4}:80: ETIMEDOUT`,
    );
    assert.deepEqual(err.attempts.map((a) => [a.address, a.port, a.family, a.cause]), [
      [A6, 80, 6, "ECONNREFUSED"],
      [A4, 80, 4, "ETIMEDOUT"],
    ]);
    return true;
  });
  await net.clock.advance(1000);
  await checked;
  assert.deepEqual(net.timeline, [`0 start ${A6}`, `10 failed ${A6}`, `10 start ${A4}`, `110 failed ${A4}`]);
});

test("dial() rejects with ConnectTimeoutError at the overall deadline and cancels every attempt", async () => {
  const net = fakeNetwork({ [A6]: { refuse: 10 }, [A4]: { hang: true }, [B6]: { hang: true } });
  const dialing = dial([addr(A6), addr(A4), addr(B6)], { ...net.options, timeout: 300, host: "example.com" });
  const checked = assert.rejects(dialing, (err: unknown) => {
    assert.ok(err instanceof ConnectTimeoutError);
    assert.equal(err.code, "HTTP10_CONNECT_TIMEOUT");
    assert.equal(err.timeout, 300);
    assert.deepEqual(err.attempts.map((a) => a.address), [A6]);
    return true;
  });
  await net.clock.advance(1000);
  await checked;
  assert.deepEqual(net.timeline, [
    `0 start ${A6}`,
    `10 failed ${A6}`,
    `10 start ${A4}`,
    `260 start ${B6}`,
    `300 cancelled ${A4}`,
    `300 cancelled ${B6}`,
  ]);
  assert.equal(net.signals.get(B6)!.aborted, true);
  assert.equal(net.clock.pending, 0);
});

test("dial() rejects with the signal's reason when aborted, and cancels every attempt", async () => {
  const net = fakeNetwork({ [A6]: { hang: true }, [A4]: { hang: true } });
  const abort = new AbortController();
  const reason = new Error("user gave up");
  const dialing = dial([addr(A6), addr(A4)], { ...net.options, signal: abort.signal });
  await net.clock.advance(300);
  abort.abort(reason);
  await assert.rejects(dialing, (err) => err === reason);
  assert.deepEqual(net.timeline, [`0 start ${A6}`, `250 start ${A4}`, `300 cancelled ${A6}`, `300 cancelled ${A4}`]);
  assert.equal(net.signals.get(A6)!.aborted, true);
  assert.equal(net.clock.pending, 0);
});

test("dial() with an already aborted signal rejects without connecting", async () => {
  const net = fakeNetwork({ [A6]: { ok: 1 } });
  const reason = new Error("too late");
  await assert.rejects(
    dial([addr(A6)], { ...net.options, signal: AbortSignal.abort(reason) }),
    (err) => err === reason,
  );
  assert.deepEqual(net.timeline, []);
});

test("dial() with no addresses rejects with ConnectError", async () => {
  await assert.rejects(dial([], { host: "example.com" }), (err: unknown) => {
    assert.ok(err instanceof ConnectError);
    assert.equal(err.attempts.length, 0);
    return true;
  });
});

test("dial() treats a connect function that throws as a failed attempt", async () => {
  const clock = new FakeClock();
  const dialing = dial([addr(A6)], {
    clock,
    connect: () => {
      throw Object.assign(new Error("no route"), { code: "EHOSTUNREACH" });
    },
  });
  await assert.rejects(dialing, (err: unknown) => err instanceof ConnectError && err.cause === "EHOSTUNREACH");
});

test("dial() over loopback connects on the second address when ::1 refuses", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = listener.addr.port;
    for (const mode of ["happy-eyeballs", "sequential"] as const) {
      const events: string[] = [];
      const accepting = listener.accept();
      const conn = await dial([addr("::1", port), addr("127.0.0.1", port)], {
        mode,
        timeout: 10_000,
        onAttempt: (e) => events.push(`${e.outcome} ${e.addr.address}`),
      });
      const server = await accepting;
      try {
        assert.equal(conn.remoteAddr.hostname, "127.0.0.1", mode);
        assert.equal(conn.remoteAddr.port, port, mode);
        assert.deepEqual(events, ["start ::1", "failed ::1", "start 127.0.0.1", "connected 127.0.0.1"], mode);
        await writeAll(conn, bytes(mode));
        await conn.closeWrite();
        assert.equal(text(await readAll(server)), mode);
      } finally {
        conn.close();
        server.close();
      }
    }
  } finally {
    listener.close();
  }
});

test("dial() over loopback lists both refusals when nothing listens", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(dial([addr("::1", port), addr("127.0.0.1", port)], { timeout: 10_000 }), (err: unknown) => {
    assert.ok(err instanceof ConnectError);
    assert.deepEqual(err.attempts.map((a) => a.cause), ["ECONNREFUSED", "ECONNREFUSED"]);
    assert.equal(
      err.message,
      `connect failed: 2 addresses tried\n  [::1]:${port}: ECONNREFUSED\n  127.0.0.1:${port}: ECONNREFUSED`,
    );
    return true;
  });
});

test("dial() over loopback to one address without options connects, or lists its refusal", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  try {
    const accepting = listener.accept();
    const conn = await dial([addr("127.0.0.1", port)]);
    const server = await accepting;
    assert.equal(conn.remoteAddr.port, port);
    conn.close();
    server.close();
  } finally {
    listener.close();
  }
  await assert.rejects(dial([addr("127.0.0.1", port)]), (err: unknown) => {
    assert.ok(err instanceof ConnectError);
    assert.deepEqual(err.attempts.map((a) => a.cause), ["ECONNREFUSED"]);
    const target = `127.0.0.1:${port}`;
    assert.equal(err.message, `connect to ${target} failed: 1 address tried\n  ${target}: ECONNREFUSED`);
    return true;
  });
});

test("dialHost() resolves localhost and connects to whichever loopback address listens", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const accepting = listener.accept();
    const conn = await dialHost("localhost", listener.addr.port, { timeout: 10_000 });
    const server = await accepting;
    conn.close();
    server.close();
    assert.equal(conn.remoteAddr.hostname, "127.0.0.1");
  } finally {
    listener.close();
  }
});

test("dialHost() names the host in its error", async () => {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(dialHost("localhost", port), (err: unknown) => {
    assert.ok(err instanceof ConnectError);
    assert.match(err.message, new RegExp(`^connect to localhost:${port} failed: 2 addresses tried\n`));
    return true;
  });
});

test("dialHost() passes the timeout left after the lookup on to dial()", async () => {
  const clock = new FakeClock();
  const seen: number[] = [];
  const dialing = dialHost("localhost", 80, {
    clock,
    timeout: 500,
    connect: (_addr, signal) =>
      new Promise((_, reject) => {
        seen.push(clock.now());
        signal.addEventListener("abort", () => reject(signal.reason));
      }),
  });
  const checked = assert.rejects(dialing, ConnectTimeoutError);
  await settle();
  await clock.advance(499);
  assert.deepEqual(seen, [0, 250]);
  await clock.advance(1);
  await checked;
});
