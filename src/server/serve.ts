/**
 * `serve()`: the HTTP/1.0 server, and the `Server` it returns. An accept loop hands each
 * connection to its request loop (`_connection.ts`); one timer sweeps the head timeouts of
 * every connection; `shutdown()` stops accepting, lets what is in flight finish, and when
 * `gracePeriod` runs out aborts, cancels and closes whatever is left.
 *
 * The path of a request: `_connection.ts` (read, parse, dispatch, disconnects) →
 * `_body.ts` (request body, 100-continue) and `_request.ts` (the lazy `Request`) → the
 * handler → `_write_response.ts` with `_response_fields.ts` (head fields, body) →
 * `_error_response.ts` for what the server refuses itself.
 *
 * @module
 */
import type { Listener, NetAddr } from "../transport/types.ts";
import { listen } from "../net/listen.ts";
import { BufReader } from "../transport/buf_reader.ts";
import { BufferPool } from "../transport/buffer_pool.ts";
import type { RequestHead, RequestParseOptions } from "../http10/parse_request.ts";
import {
  type Handler,
  type ResolvedServeOptions,
  resolveServeOptions,
  type ServeHandlerInfo,
  type ServeOptions,
} from "./options.ts";
import { clientLeft, type ConnectionHost, serveConnection, type Session } from "./_connection.ts";
import { errorResponse, sendError } from "./_error_response.ts";
import { requestUrl } from "./_request.ts";
import { CachedDate } from "./_response_fields.ts";
import { HeadCache } from "./_head_cache.ts";
import { LARGE_BUFFER, SMALL_BUFFER } from "./_write_response.ts";
import { commonLogLine } from "./access_log.ts";
import { ServerClosedError } from "./errors.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";
import { formatHostPort } from "../transport/host_port.ts";
import { parentPort, serveInWorker } from "./worker.ts";
import { startPrimary } from "./_primary.ts";

export type { Handler, ServeHandlerInfo, ServeOptions };
export { requestUrl };

/** A running server, as `serve()` returns it. */
export interface Server {
  /** The bound address; the real port when 0 was asked for. */
  readonly addr: NetAddr;
  /** Resolves once the server has shut down and every connection is closed. */
  readonly finished: Promise<void>;
  /**
   * Stops accepting, closes idle connections, lets in-flight responses finish (each then
   * closes its connection) and force-closes what is left after `gracePeriod`.
   * Resolves like `finished`.
   */
  shutdown(): Promise<void>;
  /** Same as `shutdown()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Reader buffers start at this size, enough for most request heads, and double up to the
 * head limit (16 KiB by default) only when a head needs it: what an idle connection holds.
 */
const READ_BUFFER = 1024;
/** Free buffers the pool keeps per size; more are left to the GC. */
const POOL_PER_SIZE = 256;
/** Host values known to make a valid URL, kept up to this many. */
const GOOD_HOSTS = 64;

/**
 * Serves `handler` over HTTP/1.0 until `shutdown()` or `options.signal` aborts. With
 * `workers` > 1, worker threads serve (each runs the main module again and serves in its own
 * `serve()` call) and this thread's `Server` stands for them all: see `isWorker()`.
 *
 * @example
 * ```ts
 * import { serve } from "./mod.ts";
 * const server = await serve((req) => new Response(`You asked for ${new URL(req.url).pathname}\n`), { port: 8000 });
 * // later: await server.shutdown();
 * ```
 */
export async function serve(handler: Handler, options: ServeOptions = {}): Promise<Server> {
  if (typeof handler !== "function") {
    throw new InvalidArgumentError("serve(handler, options): handler must be a function (request, info) => Response");
  }
  const opts = resolveServeOptions(options);
  const parent = parentPort();
  if (parent !== null) return serveInWorker(parent, opts, (listener, o) => serveListener(listener, handler, o));
  if (opts.workers > 1) return servePrimary(opts);
  const tls = opts.cert === undefined ? undefined : { cert: opts.cert, key: opts.key! };
  const listener = await listen({ hostname: opts.hostname, port: opts.port, tls });
  return serveListener(listener, handler, opts);
}

/**
 * `serve()` with `workers` > 1 in the main thread: the workers serve, this thread waits;
 * its `Server` says where they listen, and shutting it down drains them all.
 */
async function servePrimary(opts: ResolvedServeOptions): Promise<Server> {
  const primary = await startPrimary(opts);
  const shutdown = () => primary.shutdown();
  if (opts.signal) {
    if (opts.signal.aborted) shutdown();
    else opts.signal.addEventListener("abort", shutdown, { once: true });
  }
  (opts.onListen ?? ((addr) => defaultOnListen(addr, opts.cert !== undefined)))(primary.addr);
  return { addr: primary.addr, finished: primary.finished, shutdown, [Symbol.asyncDispose]: shutdown };
}

/**
 * `serve()` on a listener that is already open (internal: the benchmarks drive it with
 * in-memory connections to measure the JavaScript per request without the kernel's share).
 */
export function serveListener(listener: Listener, handler: Handler, opts: ResolvedServeOptions): Server {
  const core = new ServerCore(listener, handler, opts);
  (opts.onListen ?? ((addr) => defaultOnListen(addr, opts.cert !== undefined)))(listener.addr);
  if (opts.signal) {
    if (opts.signal.aborted) core.shutdown();
    else opts.signal.addEventListener("abort", () => core.shutdown(), { once: true });
  }
  core.start();
  return {
    addr: listener.addr,
    finished: core.finished,
    shutdown: () => core.shutdown(),
    [Symbol.asyncDispose]: () => core.shutdown(),
  };
}

function defaultOnListen(addr: NetAddr, secure: boolean): void {
  console.log(`Listening on ${urlOf(addr, secure)}`);
}

/** "http://127.0.0.1:8000/" or "http://[::1]:8000/"; "https://..." when `secure`. */
export function urlOf(addr: NetAddr, secure = false): string {
  return `${secure ? "https" : "http"}://${formatHostPort(addr.hostname, addr.port)}/`;
}

class ServerCore implements ConnectionHost {
  readonly finished: Promise<void>;
  readonly parseOptions: RequestParseOptions;
  /** "https" when the listener speaks TLS: request URLs and the access log say so. */
  readonly scheme: "http" | "https";
  /** Reader and write buffers, shared by every connection (DESIGN.md, Buffers). */
  readonly pool = new BufferPool({ sizes: [READ_BUFFER, SMALL_BUFFER, LARGE_BUFFER], maxPerSize: POOL_PER_SIZE });
  readonly heads = new HeadCache();
  closing = false;
  #resolveFinished!: () => void;
  #sessions = new Set<Session>();
  #acceptDone: Promise<void> = Promise.resolve();
  #slotFreed: (() => void) | null = null;
  #log: ((line: string) => void) | null;
  #date = new CachedDate();
  #sweeper: ReturnType<typeof setInterval> | undefined = undefined;
  /** `performance.now()` at the last sweep: a clock that costs nothing to read per request. */
  #clock = 0;
  /** Milliseconds between sweeps. */
  #tick = 0;
  #goodHosts = new Set<string>();

  constructor(
    readonly listener: Listener,
    readonly handler: Handler,
    readonly opts: ResolvedServeOptions,
  ) {
    this.finished = new Promise((r) => (this.#resolveFinished = r));
    this.scheme = opts.cert === undefined ? "http" : "https";
    this.#log = opts.accessLog === true
      ? (line) => console.log(line)
      : typeof opts.accessLog === "function"
      ? opts.accessLog
      : null;
    this.parseOptions = {
      maxRequestLine: opts.maxRequestLine,
      maxHeadSize: opts.maxHeadSize,
      maxHeaderCount: opts.maxHeaderCount,
      maxBodySize: opts.maxBodySize,
      allowBareLf: opts.allowBareLf,
    };
  }

  start(): void {
    // One timer for every deadline, instead of a timer armed and cleared per request (which
    // cost more than parsing the request): timeouts fire up to two ticks late.
    this.#tick = Math.min(500, Math.max(5, Math.min(this.opts.headerTimeout, this.opts.idleTimeout) / 10));
    this.#clock = performance.now();
    this.#sweeper = setInterval(() => this.#sweep(), this.#tick);
    this.finished.then(() => clearInterval(this.#sweeper));
    this.#acceptDone = this.#acceptLoop();
  }

  date(): string {
    return this.#date.now();
  }

  /**
   * A deadline `ms` from now on the sweep's clock, which lags by up to a tick: so the
   * timeout fires after `ms` and at most two ticks later, with no clock read per request.
   */
  deadline(ms: number): number {
    return this.#clock + ms + this.#tick;
  }

  log(remote: NetAddr, request: RequestHead | string | null, status: number, bytes: number): void {
    if (this.#log) this.#log(commonLogLine(remote, request, status, bytes, new Date(), this.scheme));
  }

  /** Closes the connections whose wait for a head is over: with a 408 if a request had begun. */
  #sweep(): void {
    const now = this.#clock = performance.now();
    for (const session of this.#sessions) {
      if (session.deadline > now) continue;
      session.deadline = Infinity;
      session.timedOut = true;
      // Waking the pending read is the only way to stop it: answer 408 if a request had
      // begun, then close; an idle keep-alive connection just closes.
      const { conn } = session;
      if (session.idle) {
        conn.close();
      } else {
        sendError(conn, null, 408, "Request head did not arrive in time", this.date(), this.opts.serverName)
          .then((sent) => sent >= 0 && this.log(conn.remoteAddr, null, 408, sent))
          .finally(() => conn.close());
      }
    }
  }

  async #acceptLoop(): Promise<void> {
    while (!this.closing) {
      if (this.#sessions.size >= this.opts.maxConnections) {
        // At the cap: leave further clients in the kernel's backlog until a slot frees.
        await new Promise<void>((r) => (this.#slotFreed = r));
        continue;
      }
      let conn;
      try {
        conn = await this.listener.accept();
      } catch (err) {
        if (this.closing) break;
        // EMFILE and friends: wait a little rather than spin, then go on accepting.
        console.error(`http10: accept failed: ${(err as Error)?.message ?? err}`);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const session: Session = {
        conn,
        idle: true,
        deadline: Infinity,
        timedOut: false,
        request: null,
        response: null,
        watch: null,
        peerClosed: false,
        finished: false,
        held: null,
        heldBytes: 0,
      };
      this.#sessions.add(session);
      // The reader grows up to the head limit: a head that fills it without ending is 431.
      const maxSize = this.opts.maxHeadSize;
      const reader = new BufReader(conn, { size: Math.min(READ_BUFFER, maxSize), maxSize, pool: this.pool });
      serveConnection(this, session, reader).finally(() => {
        this.#sessions.delete(session);
        const wake = this.#slotFreed;
        this.#slotFreed = null;
        wake?.();
        if (this.closing && this.#sessions.size === 0) this.#resolveFinished();
      });
    }
  }

  shutdown(): Promise<void> {
    if (this.closing) return this.finished;
    this.closing = true;
    this.listener.close();
    this.#slotFreed?.();
    for (const s of this.#sessions) if (s.idle) s.conn.close();
    if (this.#sessions.size === 0) this.#resolveFinished();
    const force = setTimeout(() => this.#forceClose(), this.opts.gracePeriod);
    this.finished.then(() => clearTimeout(force));
    return this.#acceptDone.then(() => this.finished);
  }

  /**
   * The grace period is over: every request still being answered is aborted, every body
   * stream still being sent is cancelled, every connection is closed. A handler that
   * ignores its signal cannot keep the server from finishing: `finished` resolves now.
   */
  #forceClose(): void {
    const reason = new ServerClosedError();
    for (const session of this.#sessions) {
      clientLeft(session, reason, true);
      session.conn.close();
    }
    this.#resolveFinished();
  }

  /**
   * True if a URL can be made of the request's target and Host. For a "/path" target that
   * depends on the Host alone (the parser admits no byte a URL path rejects), so good Host
   * values are remembered and most requests cost a Set lookup.
   */
  urlOk(head: RequestHead, local: NetAddr): boolean {
    if (head.target.charCodeAt(0) !== 0x2f) return URL.canParse(requestUrl(head, local));
    const host = head.headers.get("host");
    if (!host || this.#goodHosts.has(host)) return true;
    if (!URL.canParse(requestUrl(head, local))) return false;
    if (this.#goodHosts.size >= GOOD_HOSTS) this.#goodHosts.clear();
    this.#goodHosts.add(host);
    return true;
  }

  async onError(err: unknown): Promise<Response> {
    if (this.opts.onError) {
      try {
        const r = await this.opts.onError(err);
        if (r instanceof Response) return r;
      } catch (inner) {
        console.error("http10: onError threw:", inner);
      }
    } else {
      console.error("http10: the handler threw:", err);
    }
    return errorResponse(500, "The server failed to answer this request");
  }
}
