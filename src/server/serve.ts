/**
 * `serve()`: the HTTP/1.0 server. An accept loop hands each connection to a request loop
 * that reads a head, builds a standard `Request`, calls the handler and writes the
 * `Response` back as HTTP/1.0, keeping the connection only when DESIGN.md's rules allow.
 *
 * @module
 */
import type { Conn, Listener, NetAddr } from "../transport/types.ts";
import { listen } from "../net/listen.ts";
import { BufReader } from "../transport/buf_reader.ts";
import { BufferPool } from "../transport/buffer_pool.ts";
import { writeAll } from "../transport/write_all.ts";
import { LimitExceededError } from "../transport/errors.ts";
import { HttpParseError } from "../http10/errors.ts";
import { parseRequestHead, type RequestHead, type RequestParseOptions } from "../http10/parse_request.ts";
import { requestWantsKeepAlive } from "../http10/framing.ts";
import { ResponseHeadWriter, serializeResponseHead, serializeResponseHeadInto } from "../http10/serialize.ts";
import { statusText } from "../http10/status.ts";
import { formatHttpDate } from "../http10/date.ts";
import {
  type Handler,
  resolveServeOptions,
  type ResolvedServeOptions,
  type ServeHandlerInfo,
  type ServeOptions,
} from "./options.ts";
import { NO_BODY, requestBody } from "./_body.ts";
import { lazyRequest, requestUrl } from "./_request.ts";
import { commonLogLine } from "./access_log.ts";
import { staticBody } from "./_static_body.ts";

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

/** Response bodies up to this size are collected so that Content-Length can be sent. */
const COLLECT_LIMIT = 64 * 1024;
/** After an error response, read and drop at most this much before closing (lingering close). */
const LINGER_BYTES = 256 * 1024;
const LINGER_MS = 2_000;
/** Methods a fetch-standard Request may not carry at all (it compares them case-insensitively). */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
/** Methods a Request upper-cases, so that a handler would see "get" as GET. */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
/**
 * Reader buffers start at this size, enough for most request heads, and double up to the
 * head limit (16 KiB by default) only when a head needs it: what an idle connection holds.
 */
const READ_BUFFER = 1024;
/** Write buffers: a head and a body up to about 3 KiB go out from one of these. */
const SMALL_BUFFER = 4096;
/** A short string body is encoded into a write buffer from here on; the head goes before it. */
const HEAD_ROOM = 1024;
/** Strings up to this many UTF-16 units are short: even at 3 bytes each they fit behind HEAD_ROOM. */
const SHORT_TEXT = (SMALL_BUFFER - HEAD_ROOM) / 3;
/** The pool's largest size: grown readers, and heads with a body up to about 15 KiB. */
const LARGE_BUFFER = 16384;
/** Free buffers the pool keeps per size; more are left to the GC. */
const POOL_PER_SIZE = 256;
/** Host values known to make a valid URL, kept up to this many. */
const GOOD_HOSTS = 64;

/**
 * True for methods this server cannot hand to a handler faithfully: the forbidden ones,
 * and other spellings of the normalized ones. Methods are case-sensitive (RFC 9110 §9.1),
 * so "get" is an unknown method, which a server answers with 501.
 */
function unsupportedMethod(method: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "POST") return false;
  if (FORBIDDEN_METHODS.has(method)) return true;
  const upper = method.toUpperCase();
  return upper !== method && (NORMALIZED_METHODS.has(upper) || FORBIDDEN_METHODS.has(upper));
}

/**
 * Serves `handler` over HTTP/1.0 until `shutdown()` or `options.signal` aborts.
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
    throw new TypeError("serve(handler, options): handler must be a function (request, info) => Response");
  }
  const opts = resolveServeOptions(options);
  const tls = opts.cert === undefined ? undefined : { cert: opts.cert, key: opts.key! };
  const listener = await listen({ hostname: opts.hostname, port: opts.port, tls });
  const core = new ServerCore(listener, handler, opts);
  (opts.onListen ?? ((addr) => defaultOnListen(addr, tls !== undefined)))(listener.addr);
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
  const host = addr.family === 6 ? `[${addr.hostname}]` : addr.hostname;
  return `${secure ? "https" : "http"}://${host}:${addr.port}/`;
}

/** One connection's state, as shutdown and the timeout sweep need to see it. */
interface Session {
  conn: Conn;
  /** True while waiting for a request head with no byte of it received. */
  idle: boolean;
  /** When the wait for the current head times out, on the sweep's clock; Infinity when not waiting. */
  deadline: number;
  /** Set once the sweep closed the connection for a timeout. */
  timedOut: boolean;
}

class ServerCore {
  readonly finished: Promise<void>;
  #resolveFinished!: () => void;
  #sessions = new Set<Session>();
  #closing = false;
  #acceptDone: Promise<void> = Promise.resolve();
  #slotFreed: (() => void) | null = null;
  #log: ((line: string) => void) | null;
  /** "https" when the listener speaks TLS: request URLs and the access log say so. */
  readonly #scheme: "http" | "https";
  #parseOptions: RequestParseOptions;
  #date = new CachedDate();
  /** Reader and write buffers, shared by every connection (DESIGN.md, Buffers). */
  #pool = new BufferPool({ sizes: [READ_BUFFER, SMALL_BUFFER, LARGE_BUFFER], maxPerSize: POOL_PER_SIZE });
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
    this.#scheme = opts.cert === undefined ? "http" : "https";
    this.#log = opts.accessLog === true
      ? (line) => console.log(line)
      : typeof opts.accessLog === "function"
      ? opts.accessLog
      : null;
    this.#parseOptions = {
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

  /**
   * A deadline `ms` from now on the sweep's clock, which lags by up to a tick: so the
   * timeout fires after `ms` and at most two ticks later, with no clock read per request.
   */
  #deadline(ms: number): number {
    return this.#clock + ms + this.#tick;
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
      if (session.idle) conn.close();
      else this.#sendError(conn, null, 408, "Request head did not arrive in time", null).finally(() => conn.close());
    }
  }

  async #acceptLoop(): Promise<void> {
    while (!this.#closing) {
      if (this.#sessions.size >= this.opts.maxConnections) {
        // At the cap: leave further clients in the kernel's backlog until a slot frees.
        await new Promise<void>((r) => (this.#slotFreed = r));
        continue;
      }
      let conn: Conn;
      try {
        conn = await this.listener.accept();
      } catch (err) {
        if (this.#closing) break;
        // EMFILE and friends: wait a little rather than spin, then go on accepting.
        console.error(`http10: accept failed: ${(err as Error)?.message ?? err}`);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const session: Session = { conn, idle: true, deadline: Infinity, timedOut: false };
      this.#sessions.add(session);
      this.#serveConn(session).finally(() => {
        this.#sessions.delete(session);
        const wake = this.#slotFreed;
        this.#slotFreed = null;
        wake?.();
        if (this.#closing && this.#sessions.size === 0) this.#resolveFinished();
      });
    }
  }

  shutdown(): Promise<void> {
    if (this.#closing) return this.finished;
    this.#closing = true;
    this.listener.close();
    this.#slotFreed?.();
    for (const s of this.#sessions) if (s.idle) s.conn.close();
    if (this.#sessions.size === 0) this.#resolveFinished();
    const force = setTimeout(() => {
      for (const s of this.#sessions) s.conn.close();
    }, this.opts.gracePeriod);
    this.finished.then(() => clearTimeout(force));
    return this.#acceptDone.then(() => this.finished);
  }

  /** The request loop of one connection: read a head, answer it, repeat while kept alive. */
  async #serveConn(session: Session): Promise<void> {
    const { conn } = session;
    const info: ServeHandlerInfo = { remoteAddr: conn.remoteAddr, localAddr: conn.localAddr };
    // The reader grows up to the head limit: a head that fills it without ending is 431.
    const maxSize = this.opts.maxHeadSize;
    const reader = new BufReader(conn, { size: Math.min(READ_BUFFER, maxSize), maxSize, pool: this.#pool });
    let first = true;
    try {
      while (!this.#closing || !first) {
        let head = this.#bufferedHead(reader); // a pipelined request, already here
        if (head === null) {
          // Read until a whole head is buffered. This loop is written out here rather than
          // called, since an async call per request is an allocation the GC pays for.
          this.#startWaiting(session, reader, first);
          try {
            while (head === null) {
              let n: number | null;
              try {
                n = await reader.fill();
              } catch (err) {
                if (session.timedOut) return; // the sweep closed it (after a 408 if a head had begun)
                throw err;
              }
              // End of file: between requests it is a normal close; inside a head the
              // client gave up, and there is nobody left to answer.
              if (n === null) return;
              if (session.idle) this.#startedHead(session, first);
              head = this.#bufferedHead(reader);
            }
          } finally {
            session.deadline = Infinity;
            session.idle = false;
          }
        }
        first = false;
        if (head.version.major === 0) {
          await this.#answerHttp09(head, conn, info);
          return;
        }
        const keep = await this.#answer(head, conn, reader, info);
        if (!keep || this.#closing) return;
      }
    } catch (err) {
      if (err instanceof HttpParseError) {
        await this.#sendError(conn, reader, err.status, err.message, info);
      } else if (err instanceof LimitExceededError) {
        await this.#sendError(conn, reader, 431, "Request head is too large", info);
      } else if (!isDisconnect(err)) {
        console.error("http10: connection error:", err);
      }
    } finally {
      reader.release();
      conn.close();
    }
  }

  /**
   * The next request head if the reader already holds all of it (a pipelined request),
   * else null. Throws HttpParseError for a bad or too large head.
   */
  #bufferedHead(reader: BufReader): RequestHead | null {
    const buf = reader.buffered();
    if (buf.length === 0) return null;
    const result = parseRequestHead(buf, 0, buf.length, this.#parseOptions);
    if (result === "incomplete") return null;
    reader.discard(result.consumed);
    return result.head;
  }

  /**
   * Arms the wait for a head: idle (a keep-alive connection between requests, given
   * `idleTimeout`) unless bytes of it are buffered or it is the connection's first request
   * (then `headerTimeout`). The sweep closes the connection when the deadline passes.
   */
  #startWaiting(session: Session, reader: BufReader, first: boolean): void {
    const started = reader.buffered().length > 0;
    session.idle = !started;
    session.deadline = this.#deadline(first || started ? this.opts.headerTimeout : this.opts.idleTimeout);
  }

  /** The first bytes of a head arrived on an idle connection: from now on `headerTimeout` applies. */
  #startedHead(session: Session, first: boolean): void {
    session.idle = false;
    if (!first) session.deadline = this.#deadline(this.opts.headerTimeout);
  }

  /** Answers one parsed request. Returns true if the connection may carry another. */
  async #answer(head: RequestHead, conn: Conn, reader: BufReader, info: ServeHandlerInfo): Promise<boolean> {
    const isHead = head.method === "HEAD";

    // A 1.0 request with a body must say how long it is (RFC 1945 §7.2.2, §8.3).
    if (head.framing.kind === "none" && head.version.minor === 0 && needsBody(head.method)) {
      await this.#sendError(conn, reader, 411, `A ${head.method} request needs a Content-Length`, info, head);
      return false;
    }
    if (head.framing.kind === "length" && head.framing.length > this.opts.maxBodySize) {
      await this.#sendError(
        conn,
        reader,
        413,
        `Request body of ${head.framing.length} bytes is over the limit of ${this.opts.maxBodySize}`,
        info,
        head,
      );
      return false;
    }

    // Refused alike on every runtime (Deno's Request throws for these; Bun's allows them).
    if (unsupportedMethod(head.method)) {
      await this.#sendError(conn, reader, 501, `${head.method} is not supported by this server`, info, head);
      return false;
    }
    // The Request is built only if the handler asks for more than method, URL and headers,
    // so check now that a valid URL can be made of this target and Host.
    if (!this.#urlOk(head, info.localAddr)) {
      await this.#sendError(conn, reader, 400, `Cannot make a URL of ${head.target}`, info, head);
      return false;
    }
    const body = requestBody(head.framing, reader, this.opts.maxBodySize);
    const request = lazyRequest(head, info.localAddr, body === NO_BODY ? null : () => body.stream, this.#scheme);

    let response: Response;
    try {
      const result = this.handler(request, info);
      // Awaiting a value that is not a promise still costs a trip through the microtask queue.
      response = result instanceof Response ? result : await result;
      if (!(response instanceof Response)) {
        throw new TypeError(`The handler returned ${typeof response}, not a Response`);
      }
    } catch (err) {
      // A body the client framed badly or made too large surfaces in the handler as the
      // parse error; it deserves its own status, not a 500.
      response = err instanceof HttpParseError
        ? errorResponse(err.status, err.message, { connection: "close" })
        : await this.#onError(err);
    }

    const wantsKeepAlive = requestWantsKeepAlive(head.version, head.headers) && !this.#closing;
    let sent: number;
    let keepAlive: boolean;
    const ready = this.#serializeStatic(response, isHead, wantsKeepAlive);
    if (ready !== null) {
      // The common case: head and body in one pooled buffer, one write, no stream.
      try {
        const out = ready.buf.subarray(0, ready.end);
        const n = await conn.write(out);
        if (n < out.length) await writeAll(conn, out.subarray(n));
      } finally {
        this.#pool.put(ready.buf);
      }
      ({ sent, keepAlive } = ready);
    } else {
      ({ sent, keepAlive } = await this.#writeResponse(conn, response, isHead, wantsKeepAlive));
    }
    this.#logLine(info, head, response.status, sent);
    // Before another request can be read, the rest of this one's body must be consumed
    // (a handler may stream it into the response, so only now is it safe to drain).
    const inSync = body === NO_BODY || await body.finish();
    return keepAlive && inSync;
  }

  /**
   * True if a URL can be made of the request's target and Host. For a "/path" target that
   * depends on the Host alone (the parser admits no byte a URL path rejects), so good Host
   * values are remembered and most requests cost a Set lookup.
   */
  #urlOk(head: RequestHead, local: NetAddr): boolean {
    if (head.target.charCodeAt(0) !== 0x2f) return URL.canParse(requestUrl(head, local));
    const host = head.headers.get("host");
    if (!host || this.#goodHosts.has(host)) return true;
    if (!URL.canParse(requestUrl(head, local))) return false;
    if (this.#goodHosts.size >= GOOD_HOSTS) this.#goodHosts.clear();
    this.#goodHosts.add(host);
    return true;
  }

  async #onError(err: unknown): Promise<Response> {
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

  /**
   * The fast path of {@linkcode #writeResponse}, for a body given as a string or bytes
   * (which `staticBody` can see on Deno): serializes the head and the body into one pooled
   * buffer, with no array of fields, no stream and no promise. Returns null, having changed
   * nothing, when the response needs the general path: a stream body, a Content-Length of
   * the handler's that disagrees with the body, or a head and body too large for the buffer.
   */
  #serializeStatic(
    response: Response,
    isHead: boolean,
    wantsKeepAlive: boolean,
  ): { buf: Uint8Array; end: number; sent: number; keepAlive: boolean } | null {
    const given = staticBody(response);
    if (given === undefined) return null;
    const status = response.status;
    const bodiless = status === 204 || status === 304 || status < 200;

    if (typeof given === "string" && given.length <= SHORT_TEXT) {
      // Encoded straight into the pooled buffer, behind room for the head (a UTF-16 unit is
      // at most 3 bytes of UTF-8, so it fits): no array per response, which costs most on Deno.
      const buf = this.#pool.get(SMALL_BUFFER);
      const length = encoder.encodeInto(given, buf.subarray(HEAD_ROOM)).written;
      const ready = this.#serializeInto(buf, response, null, length, isHead, bodiless, wantsKeepAlive);
      if (ready !== null) return ready;
      // A head longer than HEAD_ROOM: go on with the string encoded on its own.
    }
    const body = typeof given === "string" ? encoder.encode(given) : given;
    if (body.length + 512 > LARGE_BUFFER && !isHead && !bodiless) return null;
    const buf = this.#pool.get(body.length + 1024 <= SMALL_BUFFER ? SMALL_BUFFER : LARGE_BUFFER);
    return this.#serializeInto(buf, response, body, body.length, isHead, bodiless, wantsKeepAlive);
  }

  /**
   * Writes the head into `buf` and puts the body right after it. `body` null means the
   * body is already in `buf`, `bodyLength` bytes from HEAD_ROOM, and the head must fit before it.
   * Takes `buf` from the caller: it goes back to the pool unless it is returned, ready to write.
   */
  #serializeInto(
    buf: Uint8Array,
    response: Response,
    body: Uint8Array | null,
    bodyLength: number,
    isHead: boolean,
    bodiless: boolean,
    wantsKeepAlive: boolean,
  ): { buf: Uint8Array; end: number; sent: number; keepAlive: boolean } | null {
    try {
      const status = response.status;
      const noBody = isHead || bodiless;
      const sent = noBody ? 0 : bodyLength;
      const room = body === null ? HEAD_ROOM : buf.length - sent;
      const head = new ResponseHeadWriter(buf, status, response.statusText || statusText(status) || "Unknown", room);
      head.field("Date", this.#date.now());
      const headers = response.headers;
      if (!headers.has("server")) head.field("Server", this.opts.serverName);
      let handlerSaysClose = false;
      let lengthOk = true;
      headers.forEach((value, name) => {
        switch (fieldRole(name)) {
          case "connection":
            if (saysClose(value)) handlerSaysClose = true;
            return;
          case "length":
            if (contentLength(value) !== bodyLength) lengthOk = false;
            return;
          case "ours":
            return;
        }
        head.field(canonicalName(name), value);
      });
      const keepAlive = wantsKeepAlive && !handlerSaysClose;
      if (!bodiless) head.field("Content-Length", String(bodyLength));
      head.field("Connection", keepAlive ? "keep-alive" : "close");
      const at = head.end();
      if (!lengthOk || at < 0) {
        this.#pool.put(buf);
        return null;
      }
      if (sent > 0) {
        if (body === null) buf.copyWithin(at, HEAD_ROOM, HEAD_ROOM + sent);
        else buf.set(body, at);
      }
      return { buf, end: at + sent, sent, keepAlive };
    } catch (err) {
      // A header the handler set that cannot be written: the caller answers 500.
      this.#pool.put(buf);
      throw err;
    }
  }

  /**
   * Writes a response as HTTP/1.0. Collects a body of unknown length up to COLLECT_LIMIT so
   * it can carry Content-Length; a longer one is sent close-delimited, never chunked.
   */
  async #writeResponse(
    conn: Conn,
    response: Response,
    isHead: boolean,
    wantsKeepAlive: boolean,
  ): Promise<{ sent: number; keepAlive: boolean }> {
    const status = response.status;
    const noBody = isHead || status === 204 || status === 304 || status < 200;
    const headers: [string, string][] = [["Date", this.#date.now()], ["Server", this.opts.serverName]];
    let declaredLength: number | null = null;
    let handlerSaysClose = false;
    // forEach rather than for..of: on Deno it costs a third as much.
    response.headers.forEach((value, name) => {
      switch (fieldRole(name)) {
        case "server":
          headers.splice(1, 1); // the handler's own Server replaces ours
          break;
        case "connection":
          if (saysClose(value)) handlerSaysClose = true;
          return;
        case "length":
          declaredLength = contentLength(value) ?? declaredLength;
          return;
        case "ours":
          return;
      }
      headers.push([canonicalName(name), value]);
    });

    // Gather the body: all of it when short, or the first COLLECT_LIMIT bytes.
    const chunks: Uint8Array[] = [];
    let collected = 0;
    let rest: ReadableStreamDefaultReader<Uint8Array> | null = null;
    if (response.body !== null && !(noBody && declaredLength !== null)) {
      const r = response.body.getReader();
      try {
        for (;;) {
          if (collected > COLLECT_LIMIT || (declaredLength !== null && collected >= declaredLength)) {
            rest = r;
            break;
          }
          const { done, value } = await r.read();
          if (done) break;
          if (value.length === 0) continue;
          chunks.push(value);
          collected += value.length;
        }
      } catch (err) {
        console.error("http10: the response body failed:", err);
        r.cancel().catch(() => {});
        return { sent: 0, keepAlive: false };
      }
      // The reader is not released: on Deno releaseLock() builds a TypeError, stack and all,
      // which made it the most expensive line of a small response.
    }

    let length: number | null;
    if (rest === null) length = declaredLength ?? collected;
    else length = declaredLength; // null: close-delimited
    if (status === 204 || status === 304 || status < 200) length = null;
    else if (isHead && length === null && response.body === null) length = 0;

    const keepAlive = wantsKeepAlive && !handlerSaysClose && (length !== null || noBody);
    if (length !== null) headers.push(["Content-Length", String(length)]);
    headers.push(["Connection", keepAlive ? "keep-alive" : "close"]);

    const reason = response.statusText || statusText(status) || "Unknown";

    if (noBody) {
      // A body the client will not get still has to be released (it may hold a file).
      (rest ?? (chunks.length === 0 ? response.body : null))?.cancel().catch(() => {});
      await this.#writeHeadAnd(conn, status, headers, reason, [], 0);
      return { sent: 0, keepAlive };
    }

    let sent = collected;
    if (declaredLength !== null && collected > declaredLength) {
      // The handler's stream is longer than its own Content-Length: send what it promised,
      // then close, so the client is not handed bytes of a message that does not exist.
      await this.#writeHeadAnd(conn, status, headers, reason, chunks, declaredLength);
      rest?.cancel().catch(() => {});
      return { sent: declaredLength, keepAlive: false };
    }
    await this.#writeHeadAnd(conn, status, headers, reason, chunks, collected);
    if (rest !== null) {
      try {
        for (;;) {
          const { done, value } = await rest.read();
          if (done) break;
          if (declaredLength !== null && sent + value.length > declaredLength) {
            await writeAll(conn, value.subarray(0, declaredLength - sent));
            sent = declaredLength;
            rest.cancel().catch(() => {});
            return { sent, keepAlive: false };
          }
          await writeAll(conn, value);
          sent += value.length;
        }
      } catch (err) {
        rest.cancel().catch(() => {});
        if (!isDisconnect(err)) console.error("http10: streaming the response failed:", err);
        return { sent, keepAlive: false };
      }
    }
    if (declaredLength !== null && sent < declaredLength) return { sent, keepAlive: false };
    return { sent, keepAlive };
  }

  /**
   * Writes the head and the first `bodyBytes` bytes of `chunks` in one write: serialized
   * into a pooled buffer when they fit (allocating per response costs most on Deno),
   * else into one new array.
   */
  async #writeHeadAnd(
    conn: Conn,
    status: number,
    headers: [string, string][],
    reason: string,
    chunks: Uint8Array[],
    bodyBytes: number,
  ): Promise<void> {
    const buf = this.#pool.get(bodyBytes + 1024 <= SMALL_BUFFER ? SMALL_BUFFER : LARGE_BUFFER);
    try {
      let at = serializeResponseHeadInto(buf, status, headers, reason);
      let out: Uint8Array;
      if (at >= 0 && at + bodyBytes <= buf.length) {
        out = buf;
      } else {
        const head = serializeResponseHead(status, headers, reason);
        out = new Uint8Array(head.length + bodyBytes);
        out.set(head);
        at = head.length;
      }
      const end = at + bodyBytes;
      for (let i = 0; i < chunks.length && at < end; i++) {
        const chunk = chunks[i];
        const take = Math.min(chunk.length, end - at);
        out.set(take === chunk.length ? chunk : chunk.subarray(0, take), at);
        at += take;
      }
      await writeAll(conn, end === out.length ? out : out.subarray(0, end));
    } finally {
      this.#pool.put(buf);
    }
  }

  /** HTTP/0.9 (RFC 1945 §4.1): the answer is the entity body alone, then close. */
  async #answerHttp09(head: RequestHead, conn: Conn, info: ServeHandlerInfo): Promise<void> {
    let response: Response;
    try {
      response = await this.handler(lazyRequest(head, info.localAddr, null, this.#scheme), info);
    } catch (err) {
      response = await this.#onError(err);
    }
    const bytes = response.body ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array(0);
    await writeAll(conn, bytes);
    this.#logLine(info, head, response.status, bytes.length);
  }

  /**
   * Sends a plain error response with `Connection: close`, then closes gently: FIN first,
   * and whatever the client still sends is read and dropped for a moment, so that the
   * response is not destroyed by a reset (the "lingering close" of RFC 9112 §9.6).
   */
  async #sendError(
    conn: Conn,
    reader: BufReader | null,
    status: number,
    detail: string,
    info: ServeHandlerInfo | null,
    head?: RequestHead,
  ): Promise<void> {
    const body = new TextEncoder().encode(`${status} ${statusText(status)}\n${detail}\n`);
    const bytes = concat([
      serializeResponseHead(status, [
        ["Date", this.#date.now()],
        ["Server", this.opts.serverName],
        ["Content-Type", "text/plain; charset=utf-8"],
        ["Content-Length", String(body.length)],
        ["Connection", "close"],
      ]),
      body,
    ]);
    try {
      await writeAll(conn, bytes);
      if (info) this.#logLine(info, head ?? null, status, body.length);
      if (reader) await linger(conn, reader);
    } catch {
      // The client is gone; nothing to tell it.
    }
  }

  #logLine(info: ServeHandlerInfo, head: RequestHead | null, status: number, bytes: number): void {
    if (this.#log) this.#log(commonLogLine(info.remoteAddr, head, status, bytes, new Date(), this.#scheme));
  }
}

const encoder = new TextEncoder();

/**
 * What the server does with a field of the handler's response. Hop-by-hop and framing
 * fields are the server's to decide: Connection and Content-Length are read (a "close", a
 * declared length), Keep-Alive, Transfer-Encoding and Date are dropped ("ours"), a Server
 * field replaces the server's own, and every other field is sent as it is ("pass").
 */
function fieldRole(lowerName: string): "pass" | "server" | "connection" | "length" | "ours" {
  switch (lowerName) {
    case "server":
      return "server";
    case "connection":
      return "connection";
    case "content-length":
      return "length";
    case "keep-alive":
    case "transfer-encoding":
    case "date":
      return "ours";
    default:
      return "pass";
  }
}

/** True if a Connection value lists the token "close". */
function saysClose(value: string): boolean {
  return /(^|,)\s*close\s*(,|$)/i.test(value);
}

/** A Content-Length value as a number, or null when it is not a plain decimal length. */
function contentLength(value: string): number | null {
  const digits = value.trim();
  return /^\d{1,15}$/.test(digits) ? Number(digits) : null;
}

const nameCache = new Map<string, string>();

/**
 * "content-type" → "Content-Type". The Headers object lower-cases every name; field names
 * are case-insensitive, but the customary spelling is kinder to people reading the wire.
 */
function canonicalName(lower: string): string {
  let name = nameCache.get(lower);
  if (name === undefined) {
    name = lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    if (nameCache.size < 512) nameCache.set(lower, name);
  }
  return name;
}

/** A short plain-text response for a status the server decides. */
function errorResponse(status: number, detail: string, extra: Record<string, string> = {}): Response {
  return new Response(`${status} ${statusText(status)}\n${detail}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...extra },
  });
}

/** Methods whose requests carry a body, so a 1.0 request must give its length. */
function needsBody(method: string): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH";
}

/** Reads and drops what the client still sends, briefly, after a FIN, then returns. */
async function linger(conn: Conn, reader: BufReader): Promise<void> {
  try {
    await conn.closeWrite();
  } catch {
    return;
  }
  const timer = setTimeout(() => conn.close(), LINGER_MS);
  try {
    let dropped = 0;
    reader.discard(reader.buffered().length);
    while (dropped < LINGER_BYTES) {
      const n = await reader.fill();
      if (n === null) break;
      dropped += n;
      reader.discard(reader.buffered().length);
    }
  } catch {
    // Reset or closed by the timer: done either way.
  } finally {
    clearTimeout(timer);
  }
}

/** Errors that only mean the peer went away (or we closed the socket): not worth a log line. */
function isDisconnect(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "HTTP10_CONNECTION_RESET" || code === "HTTP10_SOCKET_CLOSED" || code === "HTTP10_UNEXPECTED_EOF" ||
    (typeof code === "string" && code.startsWith("HTTP10_TLS_")); // a client that refused our certificate
}

function concat(parts: Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const n = total ?? parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The Date header, formatted at most once a second. */
class CachedDate {
  #second = -1;
  #text = "";
  now(): string {
    const ms = Date.now();
    const s = Math.floor(ms / 1000);
    if (s !== this.#second) {
      this.#second = s;
      this.#text = formatHttpDate(new Date(s * 1000));
    }
    return this.#text;
  }
}
