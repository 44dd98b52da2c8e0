/**
 * The UDP sockets DNS queries go out on: one per address family, shared by the lookups in
 * flight and by lookups that follow at once, retired after a bounded number of queries
 * (like c-ares's `udp_max_queries`) so that the source port keeps changing.
 *
 * Binding a socket costs more than a loopback round trip (20 µs on Bun, over 100 µs through
 * `node:dgram` on Deno), so a socket per query would make the resolver slower than
 * `node:dns`, which keeps one socket per server for good. The source port is still the
 * kernel's random pick (bind to port 0), and every query still has its own random ID.
 *
 * @module
 */
import { adapter } from "../transport/runtime.ts";
import type { DatagramSocket } from "../transport/types.ts";
import { parseLiteral } from "./_literal.ts";

/** A query waiting for its answer on a shared socket. */
export interface Waiter {
  /** The server asked now: a datagram from any other address or port is dropped. */
  server: { address: string; port: number } | null;
  /** Set while an answer is awaited: takes the datagram's bytes. */
  receive: ((data: Uint8Array) => void) | null;
  /** Set with `receive`: gives up on the server for now, saying why. */
  fail: ((why: string) => void) | null;
}

/** One bound UDP socket and the queries waiting on it, by ID. */
export class SharedSocket {
  /** The bound socket. */
  readonly socket: DatagramSocket;
  readonly family: 4 | 6;
  #waiting = new Map<number, Waiter>();
  #queries = 0;
  #users = 0;
  #retired = false;
  #closed = false;

  constructor(socket: DatagramSocket, family: 4 | 6) {
    this.socket = socket;
    this.family = family;
    void this.#readLoop();
  }

  /** True once the socket is closed: after its last lookup, or because it failed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True if a lookup of `queries` questions may still use this socket. */
  canTake(queries: number, maxQueries: number): boolean {
    return !this.#retired && (this.#queries === 0 || this.#queries + queries <= maxQueries);
  }

  /** Counts a lookup in: `release()` counts it out. */
  take(queries: number): void {
    this.#queries += queries;
    this.#users++;
  }

  /** Gives `waiter` a random ID no other query on this socket has, and returns it. */
  register(waiter: Waiter): number {
    for (;;) {
      const id = randomId();
      if (this.#waiting.has(id)) continue;
      this.#waiting.set(id, waiter);
      return id;
    }
  }

  /** Forgets the query with `id`: a late answer to it is dropped. */
  unregister(id: number): void {
    this.#waiting.delete(id);
  }

  /**
   * A lookup is done with the socket. The last one out closes a retired socket; otherwise
   * the socket stays for lookups that start before the next turn of the event loop (a
   * loop of `await` lookups) and closes then if none did, so nothing keeps a program alive.
   */
  release(): void {
    if (--this.#users > 0) return;
    if (this.#retired) return this.#close();
    setTimeout(() => {
      if (this.#users === 0) this.retire();
    }, 0);
  }

  /** Takes no more lookups; closes once the last one is released. */
  retire(): void {
    if (!this.#retired) {
      this.#retired = true;
      if (current.get(this.family) === this) current.delete(this.family);
    }
    if (this.#users === 0) this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.socket.close();
  }

  async #readLoop(): Promise<void> {
    for (;;) {
      let datagram;
      try {
        datagram = await this.socket.receive();
      } catch (err) {
        if (this.#closed) return;
        // The socket failed (Bun ends it on an ICMP "port unreachable"): fail the queries
        // waiting on it now rather than at their timeout; the next lookup binds a new one.
        this.retire();
        this.#close();
        const why = `the UDP socket failed: ${describeError(err)}`;
        for (const waiter of this.#waiting.values()) waiter.fail?.(why);
        return;
      }
      const { data, remote } = datagram;
      if (!(data instanceof Uint8Array) || data.length < 2) continue;
      const waiter = this.#waiting.get((data[0] << 8) | data[1]);
      // An unknown ID, a query not waiting, or a sender other than the server asked: a
      // late answer from a server given up on, or a spoofing attempt. Dropped either way.
      if (waiter === undefined || waiter.receive === null || waiter.server === null) continue;
      if (remote.port !== waiter.server.port || !sameAddress(remote.hostname, waiter.server.address)) continue;
      try {
        waiter.receive(data);
      } catch (err) {
        // A bug in one query's handling must not stop the socket reading for the others.
        waiter.fail?.(`cannot handle the answer: ${describeError(err)}`);
      }
    }
  }
}

const current = new Map<4 | 6, SharedSocket>();
const binding = new Map<4 | 6, Promise<SharedSocket>>();

/**
 * A socket of `family` for a lookup of `queries` questions: the current one while its
 * budget of `maxQueries` lasts, else a new one bound on port 0 — the kernel picks the
 * source port, at random on Linux and the BSDs. Release it with `release()`.
 */
export async function acquireSocket(family: 4 | 6, queries: number, maxQueries: number): Promise<SharedSocket> {
  for (;;) {
    const shared = current.get(family);
    if (shared !== undefined && shared.canTake(queries, maxQueries)) {
      shared.take(queries);
      return shared;
    }
    shared?.retire();
    let pending = binding.get(family);
    if (pending === undefined) {
      pending = adapter().bindDatagram({ hostname: family === 6 ? "::" : "0.0.0.0", port: 0 }).then((socket) => {
        const fresh = new SharedSocket(socket, family);
        current.set(family, fresh);
        return fresh;
      }).finally(() => binding.delete(family));
      binding.set(family, pending);
    }
    await pending;
  }
}

// IDs come from a batch of random words, refilled when used up: one getRandomValues call per 256 queries.
const ids = new Uint16Array(256);
let nextId = ids.length;

/** A random 16-bit query ID (RFC 5452 §9.2: unpredictable IDs and ports resist spoofing). */
function randomId(): number {
  if (nextId === ids.length) {
    crypto.getRandomValues(ids);
    nextId = 0;
  }
  return ids[nextId++];
}

function sameAddress(text: string, server: string): boolean {
  if (text === server) return true;
  const a = parseLiteral(text);
  const b = parseLiteral(server);
  return a !== null && b !== null && a.family === b.family && a.bytes.every((x, i) => x === b.bytes[i]);
}

/** An error as "CODE: message", or the message when it already names the code. */
export function describeError(err: unknown): string {
  if (err === undefined) return "ECONNREFUSED"; // Bun's UDP error handler gets no error for an ICMP refusal
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}
