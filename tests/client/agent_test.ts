import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../../src/client/agent.ts";
import type { Conn, NetAddr } from "../../src/transport/types.ts";
import { until } from "./_fake_server.ts";

const ADDR: NetAddr = { transport: "tcp", hostname: "127.0.0.1", port: 1, family: 4 };

/** A connection that only records whether it was closed. */
function fakeConn(): Conn & { closed: boolean } {
  return {
    closed: false,
    localAddr: ADDR,
    remoteAddr: ADDR,
    read: () => Promise.resolve(null),
    write: (p) => Promise.resolve(p.length),
    closeWrite: () => Promise.resolve(),
    close() {
      this.closed = true;
    },
    setNoDelay() {},
  };
}

test("Agent.take() returns nothing for a host it holds no connection for", () => {
  const agent = new Agent();
  assert.equal(agent.take("127.0.0.1:80"), undefined);
  assert.equal(agent.idleCount, 0);
});

test("Agent.take() returns the newest idle connection for the key, and only for that key", () => {
  const agent = new Agent();
  try {
    const a = fakeConn();
    const b = fakeConn();
    const other = fakeConn();
    agent.put("h:80", a);
    agent.put("h:80", b);
    agent.put("other:80", other);
    assert.equal(agent.idleCount, 3);
    assert.equal(agent.take("h:80"), b);
    assert.equal(agent.take("h:80"), a);
    assert.equal(agent.take("h:80"), undefined);
    assert.equal(agent.idleCount, 1);
    assert.equal(a.closed || b.closed, false);
  } finally {
    agent.close();
  }
});

test("Agent.put() closes a connection beyond maxIdlePerHost", () => {
  const agent = new Agent({ maxIdlePerHost: 1 });
  try {
    const a = fakeConn();
    const b = fakeConn();
    agent.put("h:80", a);
    agent.put("h:80", b);
    assert.equal(agent.idleCount, 1);
    assert.equal(a.closed, false);
    assert.equal(b.closed, true);
  } finally {
    agent.close();
  }
});

test("Agent.close() closes every idle connection, and any given back later", () => {
  const agent = new Agent();
  const a = fakeConn();
  agent.put("h:80", a);
  agent.close();
  assert.equal(a.closed, true);
  assert.equal(agent.idleCount, 0);
  const late = fakeConn();
  agent.put("h:80", late);
  assert.equal(late.closed, true);
  assert.equal(agent.take("h:80"), undefined);
});

test("Agent closes an idle connection after idleTimeout", async () => {
  const agent = new Agent({ idleTimeout: 20 });
  try {
    const a = fakeConn();
    agent.put("h:80", a);
    await until(() => a.closed);
    assert.equal(agent.idleCount, 0);
    assert.equal(agent.take("h:80"), undefined);
  } finally {
    agent.close();
  }
});

test("Agent rejects invalid options with InvalidClientOptionsError", () => {
  assert.throws(() => new Agent({ maxIdlePerHost: -1 }), { code: "HTTP10_INVALID_OPTIONS" });
  assert.throws(() => new Agent({ idleTimeout: 0 }), { code: "HTTP10_INVALID_OPTIONS", message: /idleTimeout/ });
  assert.throws(() => new Agent({ idle: 5 } as never), { code: "HTTP10_INVALID_OPTIONS" });
});
