/**
 * queryDns and the exchange under it, against a fake DNS server written here for what a
 * real server will not do: answer with the wrong ID, from a spoofed address, to another
 * question, not at all, with a compression loop, cut short, with SERVFAIL, or truncated.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapter } from "../../src/transport/runtime.ts";
import { BufReader } from "../../src/transport/buf_reader.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import type { DatagramSocket, Listener, NetAddr } from "../../src/transport/types.ts";
import { decodeMessage, type DnsMessageInit, encodeMessage } from "../../src/resolve/dns/message.ts";
import type { DnsMessage } from "../../src/resolve/dns/types.ts";
import { loadDnsConfig, queryDns } from "../../src/resolve/dns_query.ts";
import { getaddrinfo } from "../../src/resolve/getaddrinfo.ts";
import type { GaiError } from "../../src/resolve/gai_error.ts";

type Reply = (answer: DnsMessageInit | Uint8Array, from?: DatagramSocket) => Promise<void>;

interface FakeDns {
  server: string;
  port: number;
  /** Each query received: the message and where it came from. */
  queries: { message: DnsMessage; from: NetAddr }[];
  /** Connections accepted over TCP. */
  tcpConnections: number;
  close(): void;
}

/** The answer a well-behaved server gives: `query`'s ID and question, with `answers`. */
function answer(query: DnsMessage, data: string[], extra: Partial<DnsMessageInit> = {}): DnsMessageInit {
  const q = query.questions[0];
  return {
    id: query.id,
    response: true,
    recursionDesired: true,
    recursionAvailable: true,
    questions: query.questions,
    answers: data.map((d) => ({ name: q.name, type: q.type, class: 1, ttl: 60, data: d })),
    ...extra,
  };
}

/**
 * A fake DNS server on 127.0.0.1 (UDP, and TCP on the same port when `tcp` is given) that
 * hands each query to `udp`, and each TCP query to `tcp`.
 */
async function fakeDns(
  udp: (query: DnsMessage, reply: Reply) => Promise<void> | void,
  tcp?: (query: DnsMessage) => DnsMessageInit,
): Promise<FakeDns> {
  let socket: DatagramSocket | undefined;
  let listener: Listener | undefined;
  for (let tries = 0; listener === undefined && tries < 10; tries++) {
    socket?.close();
    socket = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
    if (tcp === undefined) break;
    try {
      listener = adapter().listen({ hostname: "127.0.0.1", port: socket.addr.port });
    } catch {
      // The same port is taken for TCP: try another.
    }
  }
  const udpSocket = socket!;
  const fake: FakeDns = {
    server: `127.0.0.1:${udpSocket.addr.port}`,
    port: udpSocket.addr.port,
    queries: [],
    tcpConnections: 0,
    close() {
      udpSocket.close();
      listener?.close();
    },
  };
  (async () => {
    for (;;) {
      let d;
      try {
        d = await udpSocket.receive();
      } catch {
        return;
      }
      const query = decodeMessage(d.data);
      fake.queries.push({ message: query, from: d.remote });
      const reply: Reply = async (msg, from = udpSocket) => {
        await from.send(msg instanceof Uint8Array ? msg : encodeMessage(msg), d.remote);
      };
      await udp(query, reply);
    }
  })();
  if (listener !== undefined && tcp !== undefined) {
    (async () => {
      for await (const conn of listener!) {
        fake.tcpConnections++;
        const reader = new BufReader(conn);
        const prefix = await reader.readFull(2);
        const query = decodeMessage(await reader.readFull((prefix[0] << 8) | prefix[1]));
        const bytes = encodeMessage(tcp(query));
        await writeAll(conn, Uint8Array.from([bytes.length >> 8, bytes.length & 0xff, ...bytes]));
        conn.close();
      }
    })().catch(() => {});
  }
  return fake;
}

const addressesOf = (m: DnsMessage) => m.answers.map((rr) => rr.data);

test("queryDns() ignores an answer with another ID and takes the one with the query's ID", async () => {
  const fake = await fakeDns(async (q, reply) => {
    await reply(answer(q, ["198.51.100.66"], { id: q.id ^ 1 }));
    await reply(answer(q, ["192.0.2.1"]));
  });
  try {
    const { message, server } = await queryDns("a.test", "A", { nameservers: [fake.server] });
    assert.deepEqual(addressesOf(message), ["192.0.2.1"]);
    assert.equal(server.port, fake.port);
  } finally {
    fake.close();
  }
});

test("queryDns() ignores an answer from another source address or port, however right its ID and question", async () => {
  // 127.0.0.2 is loopback too on Linux: a datagram from there is what an off-path spoofer sends.
  const other = await adapter().bindDatagram({ hostname: "127.0.0.2", port: 0 });
  const otherPort = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  const fake = await fakeDns(async (q, reply) => {
    await reply(answer(q, ["198.51.100.66"]), other);
    await reply(answer(q, ["198.51.100.67"]), otherPort);
    await reply(answer(q, ["192.0.2.1"]));
  });
  try {
    const { message } = await queryDns("a.test", "A", { nameservers: [fake.server] });
    assert.deepEqual(addressesOf(message), ["192.0.2.1"]);
  } finally {
    fake.close();
    other.close();
    otherPort.close();
  }
});

test("queryDns() ignores an answer with the right ID to another question", async () => {
  const fake = await fakeDns(async (q, reply) => {
    await reply({ ...answer(q, []), questions: [{ name: "evil.test", type: 1, class: 1 }] });
    await reply({ ...answer(q, []), questions: [{ name: q.questions[0].name, type: 28, class: 1 }] });
    await reply(answer(q, ["192.0.2.1"]));
  });
  try {
    assert.deepEqual(addressesOf((await queryDns("a.test", "A", { nameservers: [fake.server] })).message), [
      "192.0.2.1",
    ]);
  } finally {
    fake.close();
  }
});

test("queryDns() asks with a random ID each time, and from a new random port once a socket's budget is spent", async () => {
  const fake = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  try {
    // udpMaxQueries 1: a socket per query, as glibc has it.
    for (let i = 0; i < 8; i++) await queryDns(`n${i}.test`, "A", { nameservers: [fake.server], udpMaxQueries: 1 });
    assert.equal(fake.queries.length, 8);
    assert.ok(new Set(fake.queries.map((q) => q.message.id)).size > 1, "IDs vary");
    assert.ok(new Set(fake.queries.map((q) => q.from.port)).size > 1, "source ports vary");
  } finally {
    fake.close();
  }
});

test("queryDns() gives up on a server that never answers after `attempts` tries: EAI_AGAIN naming it", async () => {
  const fake = await fakeDns(() => {});
  try {
    await assert.rejects(
      queryDns("a.test", "A", { nameservers: [fake.server], timeout: 100, attempts: 3 }),
      (e: GaiError) => {
        assert.equal(e.code, "EAI_AGAIN");
        assert.match(e.message, new RegExp(`no answer from 127\\.0\\.0\\.1:${fake.port} within 100 ms`));
        return true;
      },
    );
    assert.equal(fake.queries.length, 3);
  } finally {
    fake.close();
  }
});

test("queryDns() moves on from a silent server to the next and takes its answer", async () => {
  const silent = await fakeDns(() => {});
  const good = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  try {
    const { message, server } = await queryDns("a.test", "A", {
      nameservers: [silent.server, good.server],
      timeout: 100,
    });
    assert.deepEqual(addressesOf(message), ["192.0.2.1"]);
    assert.equal(server.port, good.port);
    assert.equal(silent.queries.length, 1);
  } finally {
    silent.close();
    good.close();
  }
});

test("queryDns() moves on from a server whose port is closed to the next one", async () => {
  // A port nobody listens on: Bun's socket fails with the ICMP "port unreachable", Deno's
  // hears nothing and times out; either way the next server answers.
  const closed = await adapter().bindDatagram({ hostname: "127.0.0.1", port: 0 });
  const closedPort = closed.addr.port;
  closed.close();
  const good = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  try {
    const { server } = await queryDns("a.test", "A", {
      nameservers: [`127.0.0.1:${closedPort}`, good.server],
      timeout: 200,
    });
    assert.equal(server.port, good.port);
  } finally {
    good.close();
  }
});

test("queryDns() treats SERVFAIL as that server's failure: the next server answers, or SERVFAIL is returned", async () => {
  const failing = await fakeDns((q, reply) => reply(answer(q, [], { rcode: 2 })));
  const good = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  try {
    const { server } = await queryDns("a.test", "A", { nameservers: [failing.server, good.server] });
    assert.equal(server.port, good.port);
    const alone = await queryDns("a.test", "A", { nameservers: [failing.server], attempts: 2 });
    assert.equal(alone.message.rcode, 2);
    assert.equal(failing.queries.length, 3, "asked once, then twice more when alone");
  } finally {
    failing.close();
    good.close();
  }
});

test("getaddrinfo() with resolver dns turns SERVFAIL into EAI_AGAIN, naming the server", async () => {
  const failing = await fakeDns((q, reply) => reply(answer(q, [], { rcode: 2 })));
  try {
    const hints = { resolver: "dns" as const, nameservers: [failing.server], hostsPath: "/dev/null" };
    await assert.rejects(getaddrinfo("a.test", 80, hints), (e: GaiError) => {
      assert.equal(e.code, "EAI_AGAIN");
      assert.match(e.message, new RegExp(`SERVFAIL from 127\\.0\\.0\\.1:${failing.port}`));
      return true;
    });
  } finally {
    failing.close();
  }
});

test("queryDns() fails a server whose answer has a compression loop, with the codec's code, and tries the next", async () => {
  const looping = await fakeDns(async (q, reply) => {
    const bytes = encodeMessage(answer(q, []));
    // One answer record whose owner name is a pointer to itself.
    const at = bytes.length;
    const record = Uint8Array.from([0xc0 | (at >> 8), at & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    const looped = Uint8Array.from([...bytes, ...record]);
    looped[7] = 1; // ANCOUNT
    await reply(looped);
  });
  const good = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  try {
    await assert.rejects(queryDns("a.test", "A", { nameservers: [looping.server], attempts: 1 }), (e: GaiError) => {
      assert.equal(e.code, "EAI_AGAIN");
      assert.match(e.message, /malformed answer from 127\.0\.0\.1:\d+: HTTP10_DNS_POINTER_LOOP/);
      return true;
    });
    const { server } = await queryDns("a.test", "A", { nameservers: [looping.server, good.server] });
    assert.equal(server.port, good.port);
  } finally {
    looping.close();
    good.close();
  }
});

test("queryDns() fails a server whose answer is cut short, with HTTP10_DNS_TRUNCATED", async () => {
  const cut = await fakeDns(async (q, reply) => {
    const bytes = encodeMessage(answer(q, ["192.0.2.1"]));
    await reply(bytes.subarray(0, bytes.length - 3));
  });
  try {
    await assert.rejects(queryDns("a.test", "A", { nameservers: [cut.server], attempts: 1 }), (e: GaiError) => {
      assert.equal(e.code, "EAI_AGAIN");
      assert.match(e.message, /malformed answer from 127\.0\.0\.1:\d+: HTTP10_DNS_TRUNCATED/);
      return true;
    });
  } finally {
    cut.close();
  }
});

test("queryDns() asks again over TCP, with a length prefix, when the UDP answer has TC set", async () => {
  const many = Array.from({ length: 60 }, (_, i) => `10.1.0.${i + 1}`);
  const fake = await fakeDns(
    (q, reply) => reply(answer(q, [], { truncated: true })),
    (q) => answer(q, many),
  );
  try {
    const { message } = await queryDns("big.test", "A", { nameservers: [fake.server] });
    assert.deepEqual(addressesOf(message), many);
    assert.equal(fake.tcpConnections, 1);
  } finally {
    fake.close();
  }
});

test("getaddrinfo() with resolver dns asks A and AAAA of the same server in parallel", async () => {
  const fake = await fakeDns(async (q, reply) => {
    const type = q.questions[0].type;
    await reply(answer(q, [type === 1 ? "192.0.2.1" : "2001:db8::1"]));
  });
  try {
    const found = await getaddrinfo("a.test", 80, {
      resolver: "dns",
      nameservers: [fake.server],
      hostsPath: "/dev/null",
    });
    assert.deepEqual(found.map((a) => a.address), ["2001:db8::1", "192.0.2.1"]);
    assert.deepEqual(fake.queries.map((q) => q.message.questions[0].type).sort(), [1, 28]);
    assert.equal(fake.queries[0].from.port, fake.queries[1].from.port, "one socket for both");
  } finally {
    fake.close();
  }
});

test("getaddrinfo() with resolver dns asks for the end of a CNAME chain that a non-recursive server left open", async () => {
  // An authoritative-only server (RA clear): the CNAME, but not the target's addresses.
  const fake = await fakeDns(async (q, reply) => {
    const { name, type } = q.questions[0];
    if (name === "alias.test") {
      const cname = { name, type: 5, class: 1, ttl: 60, data: "target.test" };
      await reply({ ...answer(q, []), recursionAvailable: false, answers: [cname] });
    } else {
      await reply({ ...answer(q, type === 1 ? ["192.0.2.9"] : []), recursionAvailable: false });
    }
  });
  try {
    const hints = { resolver: "dns" as const, nameservers: [fake.server], hostsPath: "/dev/null", canonName: true };
    const found = await getaddrinfo("alias.test", 80, hints);
    assert.deepEqual(found.map((a) => a.address), ["192.0.2.9"]);
    assert.equal(found[0].canonicalName, "target.test");
    assert.deepEqual(fake.queries.map((q) => q.message.questions[0].name).sort(), [
      "alias.test",
      "alias.test",
      "target.test",
      "target.test",
    ]);
  } finally {
    fake.close();
  }
});

test("getaddrinfo() with resolver dns stops at a CNAME loop with EAI_FAIL", async () => {
  const fake = await fakeDns((q, reply) => {
    const { name } = q.questions[0];
    const other = name === "ping.test" ? "pong.test" : "ping.test";
    return reply({
      ...answer(q, []),
      answers: [
        { name, type: 5, class: 1, ttl: 60, data: other },
        { name: other, type: 5, class: 1, ttl: 60, data: name },
      ],
    });
  });
  try {
    const hints = { resolver: "dns" as const, nameservers: [fake.server], hostsPath: "/dev/null" };
    await assert.rejects(getaddrinfo("ping.test", 80, hints), (e: GaiError) => {
      assert.equal(e.code, "EAI_FAIL");
      assert.match(e.message, /CNAME chain longer than 16/);
      return true;
    });
  } finally {
    fake.close();
  }
});

test("loadDnsConfig() takes servers and options from resolv.conf, and the options given over them", async () => {
  const dir = mkdtempSync(join(tmpdir(), "http10-dnsconf-"));
  try {
    const resolvConfPath = join(dir, "resolv.conf");
    writeFileSync(resolvConfPath, "nameserver 192.0.2.53\nsearch a.test\noptions timeout:3 attempts:4 rotate edns0\n");
    const conf = await loadDnsConfig({ resolvConfPath });
    assert.deepEqual(conf.servers, [{ address: "192.0.2.53", family: 4, port: 53 }]);
    assert.deepEqual(
      [conf.search, conf.timeout, conf.attempts, conf.rotate, conf.udpSize],
      [["a.test"], 3000, 4, true, 1232],
    );
    const over = await loadDnsConfig({ resolvConfPath, nameservers: ["[::1]:5353"], timeout: 50, udpSize: null });
    assert.deepEqual(over.servers, [{ address: "::1", family: 6, port: 5353 }]);
    assert.deepEqual([over.timeout, over.udpSize], [50, null]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("queryDns() with resolv.conf's rotate starts each query at the next server", async () => {
  const dir = mkdtempSync(join(tmpdir(), "http10-dnsconf-"));
  const one = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.1"])));
  const two = await fakeDns((q, reply) => reply(answer(q, ["192.0.2.2"])));
  try {
    const resolvConfPath = join(dir, "resolv.conf");
    writeFileSync(resolvConfPath, "options rotate\n");
    const options = { resolvConfPath, nameservers: [one.server, two.server] };
    const ports = [];
    for (let i = 0; i < 4; i++) ports.push((await queryDns(`r${i}.test`, "A", options)).server.port);
    assert.deepEqual([one.queries.length, two.queries.length], [2, 2]);
    assert.notEqual(ports[0], ports[1]);
    assert.deepEqual(ports.slice(2), ports.slice(0, 2));
  } finally {
    one.close();
    two.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
