/**
 * A keep-alive pool: idle connections kept per host and port for the next request.
 *
 * @module
 */
import { clearTimeout, setTimeout } from "node:timers";
import type { Conn } from "../transport/types.ts";
import { InvalidClientOptionsError } from "./errors.ts";
import { checkOptions, int, MAX_TIMER_MS } from "../errors/option_rules.ts";

/** Options of an {@linkcode Agent}. */
export interface AgentOptions {
  /** Idle connections kept per host and port; more are closed. Default 8. */
  maxIdlePerHost?: number;
  /** An idle connection is closed after this many milliseconds. Default 4000. */
  idleTimeout?: number;
}

const RULES = { maxIdlePerHost: int(0), idleTimeout: int(1, MAX_TIMER_MS) };

interface Idle {
  conn: Conn;
  /** When it was given back, by `Date.now()` (a third of `performance.now()`'s cost on Deno). */
  since: number;
}

/**
 * Holds idle connections, per host and port, for reuse. A client with an agent sends
 * `Connection: keep-alive`, and gives a connection back only when the response had a
 * known length, said `Connection: keep-alive`, and its body was read to the end;
 * every other connection is closed after its response.
 *
 * The newest idle connection is reused first (the one least likely to have been closed
 * by the server meanwhile); one the server closed anyway is detected on use, and an
 * idempotent request is then retried once on a new connection.
 *
 * @example
 * ```ts
 * import { Agent } from "./agent.ts";
 * import { Client } from "./client.ts";
 *
 * const agent = new Agent({ idleTimeout: 2000 });
 * const client = new Client({ agent });
 * try {
 *   await (await client.request("http://127.0.0.1:8000/a")).text();
 *   await (await client.request("http://127.0.0.1:8000/b")).text(); // same connection
 * } finally {
 *   agent.close();
 * }
 * ```
 */
export class Agent {
  readonly #maxIdlePerHost: number;
  readonly #idleTimeout: number;
  /** Per key, oldest first: `put` appends, `take` pops the newest. */
  readonly #idle = new Map<string, Idle[]>();
  /** One timer for the whole pool, due when the oldest idle connection expires. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** Creates an empty pool; throws `InvalidClientOptionsError` for bad options. */
  constructor(options: AgentOptions = {}) {
    checkOptions("Agent", options, RULES, InvalidClientOptionsError);
    this.#maxIdlePerHost = options.maxIdlePerHost ?? 8;
    this.#idleTimeout = options.idleTimeout ?? 4000;
  }

  /** How many idle connections the pool holds, over all hosts. */
  get idleCount(): number {
    let n = 0;
    for (const list of this.#idle.values()) n += list.length;
    return n;
  }

  /** Takes the newest idle connection for `key` ("host:port") out of the pool, if any. */
  take(key: string): Conn | undefined {
    const list = this.#idle.get(key);
    const entry = list?.pop();
    if (entry === undefined) return undefined;
    if (list!.length === 0) this.#idle.delete(key);
    // Its expiry is left to the pool's timer, which finds it gone: no timer per checkout.
    return entry.conn;
  }

  /** Gives an idle connection for `key` to the pool; it is closed instead when the pool is full or closed. */
  put(key: string, conn: Conn): void {
    if (this.#closed) return conn.close();
    const list = this.#idle.get(key) ?? [];
    if (list.length >= this.#maxIdlePerHost) return conn.close();
    list.push({ conn, since: Date.now() });
    if (list.length === 1) this.#idle.set(key, list);
    if (this.#timer === undefined) this.#arm(this.#idleTimeout);
  }

  /** Closes every idle connection; connections given back later are closed at once. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const list of this.#idle.values()) {
      for (const { conn } of list) conn.close();
    }
    this.#idle.clear();
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#expire(), ms);
    // Idle connections alone must not keep the process running.
    this.#timer.unref();
  }

  /** Closes every connection idle for `idleTimeout` ms, and re-arms for the oldest left. */
  #expire(): void {
    this.#timer = undefined;
    const now = Date.now();
    let oldest = Infinity;
    for (const [key, list] of this.#idle) {
      let n = 0;
      while (n < list.length && now - list[n].since >= this.#idleTimeout) list[n++].conn.close();
      if (n > 0) list.splice(0, n);
      if (list.length === 0) this.#idle.delete(key);
      else oldest = Math.min(oldest, list[0].since);
    }
    if (oldest !== Infinity) this.#arm(Math.max(1, oldest + this.#idleTimeout - now));
  }
}
