/**
 * Asking DNS servers, the way glibc's stub resolver does: each question over UDP from a
 * kernel-chosen port (see `_dns_socket.ts`) with a random ID, answers checked against the ID,
 * the server's address and the question, a truncated answer asked again over TCP, and
 * rounds over the servers bounded by a timeout and a number of attempts.
 *
 * @module
 */
import { adapter } from "../transport/runtime.ts";
import { BufReader } from "../transport/buf_reader.ts";
import { writeAll } from "../transport/write_all.ts";
import type { Conn } from "../transport/types.ts";
import { decodeMessage, encodeQuery } from "./dns/message.ts";
import { sameName } from "./dns/_name.ts";
import { CLASS_IN, type DnsMessage, rcodeName, RCODES } from "./dns/types.ts";
import { type DnsServer, formatDnsServer } from "./dns_servers.ts";
import { acquireSocket, describeError, type SharedSocket, type Waiter } from "./_dns_socket.ts";

/** How to ask: the servers, in order, and the bounds on waiting. */
export interface DnsConfig {
  servers: DnsServer[];
  /** Milliseconds to wait for one server's answer before asking the next. */
  timeout: number;
  /** Rounds over all the servers. */
  attempts: number;
  /** Start each exchange at the next server, round-robin (`options rotate`). */
  rotate: boolean;
  /** The UDP payload size offered in an EDNS0 OPT record, or null to send none. */
  udpSize: number | null;
  /** Queries a UDP socket carries before a new one (a new source port) takes over. */
  udpMaxQueries: number;
}

/** One question to ask. */
export interface Question {
  name: string;
  type: number;
}

/** What came of one question: the answer and its server, or why no server gave one. */
export type Outcome =
  | { ok: true; message: DnsMessage; server: DnsServer }
  | { ok: false; failures: string[]; last?: { message: DnsMessage; server: DnsServer } };

interface _Item extends Waiter {
  name: string;
  type: number;
  /** The ID on the socket asked now (each socket gives the question its own). */
  id: number;
  /** The query with ID 0: each send takes a copy with `id` set. */
  query: Uint8Array;
  ids: Map<SharedSocket, number>;
  answer: { message: DnsMessage; server: DnsServer } | null;
  /** The last well-formed answer that did not settle the question (SERVFAIL, REFUSED, ...). */
  last: { message: DnsMessage; server: DnsServer } | undefined;
  failures: string[];
}

// The 16-bit length prefix bounds a DNS message over TCP (RFC 1035 §4.2.2).
const TCP_MAX = 65535;
let rotation = 0;

/**
 * Asks every question, in parallel, of the servers in turn until each has an answer
 * (NOERROR or NXDOMAIN) or every server has failed it `attempts` times. Never rejects for
 * a server's fault: the failures, each naming its server, are in the outcome.
 */
export async function exchange(questions: readonly Question[], config: DnsConfig): Promise<Outcome[]> {
  const items: _Item[] = questions.map((q) => ({
    name: q.name,
    type: q.type,
    id: 0,
    query: encodeQuery({ id: 0, name: q.name, type: q.type, udpSize: config.udpSize }),
    ids: new Map(),
    answer: null,
    last: undefined,
    failures: [],
    server: null,
    receive: null,
    fail: null,
  }));
  const held = new Map<4 | 6, SharedSocket>();
  const n = config.servers.length;
  const first = config.rotate ? rotation++ % n : 0;
  try {
    for (let round = 0; round < config.attempts; round++) {
      for (let k = 0; k < n; k++) {
        const open = items.filter((item) => item.answer === null);
        if (open.length === 0) break;
        const server = config.servers[(first + k) % n];
        let shared = held.get(server.family);
        if (shared !== undefined && shared.closed) {
          // It failed under us (an ICMP error on Bun): let it go and take a new one.
          letGo(shared, items);
          held.delete(server.family);
          shared = undefined;
        }
        if (shared === undefined) {
          try {
            shared = await acquireSocket(server.family, items.length, config.udpMaxQueries);
          } catch (err) {
            for (const item of open) item.failures.push(`cannot open a UDP socket: ${describeError(err)}`);
            continue;
          }
          held.set(server.family, shared);
        }
        await askOverUdp(shared, server, open, config);
      }
    }
  } finally {
    for (const shared of held.values()) letGo(shared, items);
  }
  return items.map((item) =>
    item.answer !== null
      ? { ok: true, message: item.answer.message, server: item.answer.server }
      : { ok: false, failures: [...new Set(item.failures)], last: item.last }
  );
}

/** Forgets `items`' IDs on `shared` and releases it. */
function letGo(shared: SharedSocket, items: _Item[]): void {
  for (const item of items) {
    const id = item.ids.get(shared);
    if (id !== undefined) shared.unregister(id);
  }
  shared.release();
}

/** Sends each open question to `server` and waits until each is settled there or the timeout passes. */
function askOverUdp(shared: SharedSocket, server: DnsServer, open: _Item[], config: DnsConfig): Promise<void> {
  const where = formatDnsServer(server);
  return new Promise<void>((resolve) => {
    let left = open.length;
    let finished = false;
    const overTcp: Promise<void>[] = [];
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const item of open) {
        if (item.receive === null) continue;
        item.receive = null;
        item.fail = null;
        item.failures.push(`no answer from ${where} within ${config.timeout} ms`);
      }
      if (overTcp.length === 0) resolve();
      else Promise.all(overTcp).then(() => resolve());
    };
    const settle = (item: _Item) => {
      item.receive = null;
      item.fail = null;
      if (--left === 0) finish();
    };
    const timer = setTimeout(finish, config.timeout);
    for (const item of open) {
      item.server = server;
      item.fail = (why) => {
        item.failures.push(why);
        settle(item);
      };
      item.receive = (data) => {
        let message: DnsMessage;
        try {
          message = decodeMessage(data);
        } catch (err) {
          item.failures.push(`malformed answer from ${where}: ${describeError(err)}`);
          return settle(item);
        }
        // An answer to some other question (a bug, or an attack with a guessed ID): keep waiting.
        if (!answers(message, item)) return;
        if (message.truncated) overTcp.push(askOverTcp(server, item, config));
        else accept(item, message, server);
        settle(item);
      };
    }
    for (const item of open) {
      let id = item.ids.get(shared);
      if (id === undefined) {
        id = shared.register(item);
        item.ids.set(shared, id);
      }
      item.id = id;
      shared.socket.send(withId(item.query, id), { hostname: server.address, port: server.port }).catch((err) => {
        item.fail?.(`cannot send to ${where}: ${describeError(err)}`);
      });
    }
  });
}

/** A copy of `query` with `id` in its header: a send may hold on to its bytes until it is done. */
function withId(query: Uint8Array, id: number): Uint8Array {
  const copy = query.slice();
  copy[0] = id >> 8;
  copy[1] = id & 0xff;
  return copy;
}

/** True if `message` is a standard-query response to exactly `item`'s question. */
function answers(message: DnsMessage, item: _Item): boolean {
  const q = message.questions;
  return message.response && message.opcode === 0 && message.id === item.id && q.length === 1 &&
    q[0].type === item.type && q[0].class === CLASS_IN && sameName(q[0].name, item.name);
}

/** Keeps an answer that settles the question (NOERROR, NXDOMAIN); notes any other rcode as this server's failure. */
function accept(item: _Item, message: DnsMessage, server: DnsServer): void {
  if (message.rcode === RCODES.NOERROR || message.rcode === RCODES.NXDOMAIN) {
    item.answer = { message, server };
  } else {
    item.last = { message, server };
    item.failures.push(`${rcodeName(message.rcode)} from ${formatDnsServer(server)}`);
  }
}

/** Asks `item`'s question of `server` over TCP (after a truncated UDP answer); never rejects. */
async function askOverTcp(server: DnsServer, item: _Item, config: DnsConfig): Promise<void> {
  const where = `${formatDnsServer(server)} over TCP`;
  try {
    const message = decodeMessage(await tcpExchange(server, withId(item.query, item.id), config.timeout));
    if (!answers(message, item)) throw new Error("the answer is to another question");
    accept(item, message, server);
  } catch (err) {
    item.failures.push(`no answer from ${where}: ${describeError(err)}`);
  }
}

/**
 * One query over TCP (RFC 1035 §4.2.2, RFC 7766): the message behind a two-byte length,
 * the answer read the same way with read loops, everything within `timeout` ms.
 */
async function tcpExchange(server: DnsServer, query: Uint8Array, timeout: number): Promise<Uint8Array> {
  const abort = new AbortController();
  let conn: Conn | null = null;
  const timer = setTimeout(() => {
    abort.abort(new Error(`timed out after ${timeout} ms`));
    conn?.close(); // ends a read or write in progress
  }, timeout);
  try {
    conn = await adapter().connect({ hostname: server.address, port: server.port, signal: abort.signal });
    if (abort.signal.aborted) throw abort.signal.reason;
    const framed = new Uint8Array(2 + query.length);
    framed[0] = query.length >> 8;
    framed[1] = query.length & 0xff;
    framed.set(query, 2);
    await writeAll(conn, framed);
    const reader = new BufReader(conn, { size: 2048, maxSize: TCP_MAX + 2 });
    const prefix = await reader.readFull(2);
    return await reader.readFull((prefix[0] << 8) | prefix[1]);
  } catch (err) {
    throw abort.signal.aborted ? abort.signal.reason : err;
  } finally {
    clearTimeout(timer);
    conn?.close();
  }
}
