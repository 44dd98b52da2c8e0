/**
 * One connection's life: read a request head, answer it, repeat while the connection is
 * kept alive; with the head timeouts, the disconnect watch and the shutdown hooks.
 *
 * **Noticing that the client left.** While a handler works, or a response body streams,
 * nobody would otherwise read the socket, so the server starts one read of its own (the
 * "watch", like Go's background read) once the request body is read to its end:
 * - end of file: the client ended its side. It may be an HTTP/1.0 client that half-closes
 *   after its request and still waits for the answer, so the response is still sent; the
 *   request's `signal` aborts (a handler that only wants to know may stop early) and the
 *   connection closes after this response.
 * - an error (a reset): the client is gone. The signal aborts, a response body stream is
 *   cancelled, the connection closes.
 * - bytes: a pipelined request; they wait in the reader for the next turn of the loop.
 * A write that fails (the client closed and the kernel answered our data with a reset)
 * cancels the body stream and aborts the signal too.
 *
 * **Pipelined requests.** One read may bring several requests; each is parsed from the
 * reader's buffer in turn. While more requests wait there, a response that is whole once
 * its head is made (a static body, or a body stream that had all of it ready) is held back
 * in one pooled buffer and written together with the responses after it: a burst of
 * sixteen small requests costs one write, not sixteen. (Only after a request without a
 * body: after one with a body, the bytes waiting may be the rest of that body.) The held
 * responses go out, in order, before anything that may wait (reading from the client, a
 * handler's promise, a body stream) and before any other write (an error, an interim 100,
 * a streamed response), so holding them never delays one behind work that has not finished.
 *
 * @module
 */
import type { BufReader } from "../transport/buf_reader.ts";
import type { BufferPool } from "../transport/buffer_pool.ts";
import { LimitExceededError } from "../transport/errors.ts";
import type { Conn, NetAddr } from "../transport/types.ts";
import { writeAll } from "../transport/write_all.ts";
import { HttpParseError } from "../http10/errors.ts";
import { listHasToken, requestWantsKeepAlive } from "../http10/framing.ts";
import { FORBIDDEN_METHODS, methodCarriesBody, NORMALIZED_METHODS } from "../http10/methods.ts";
import { parseRequestHead, type RequestHead, type RequestParseOptions } from "../http10/parse_request.ts";
import { atLeastHttp11 } from "../http10/version.ts";
import { NO_BODY, type RequestBody, requestBody } from "./_body.ts";
import { errorResponse, isDisconnect, sendError } from "./_error_response.ts";
import { abortRequest, lazyRequest } from "./_request.ts";
import { type ResponseTarget, serializeStatic, writeResponse, type Written } from "./_write_response.ts";
import { ClientGoneError } from "./errors.ts";
import type { HeadCache } from "./_head_cache.ts";
import type { Handler, ResolvedServeOptions, ServeHandlerInfo } from "./options.ts";

/** The interim response to `Expect: 100-continue`; HTTP/1.1, since only 1.1 has 1xx (see DESIGN.md). */
const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n");

/** One connection's state, as the request loop, the sweep, shutdown and the watch share it. */
export interface Session {
  readonly conn: Conn;
  /** True while waiting for a request head with no byte of it received. */
  idle: boolean;
  /** When the wait for the current head times out, on the sweep's clock; Infinity when not waiting. */
  deadline: number;
  /** Set once the sweep closed the connection for a timeout. */
  timedOut: boolean;
  /** The request being answered, whose signal aborts if the client leaves; null between requests. */
  request: Request | null;
  /** The response being written, whose body stream is cancelled if the client leaves. */
  response: ResponseTarget | null;
  /** The watch's read, while one is pending or its result not yet taken by the loop. */
  watch: Promise<number | null> | null;
  /** The client ended its side: no request follows this one. */
  peerClosed: boolean;
  /** The request loop is over and closes the connection: a failing watch means nothing. */
  finished: boolean;
  /** Responses to pipelined requests held back to be written together (see the module comment), or null. */
  held: Uint8Array | null;
  /** Bytes in `held`. */
  heldBytes: number;
  /** Holds a whole response back while another request waits in the reader (`ResponseTarget.hold`). */
  hold?: (response: Uint8Array) => boolean;
  /** Writes the held responses (`ResponseTarget.flushHeld`). */
  flushHeld?: () => true | Promise<boolean>;
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly handler: Handler;
  readonly opts: ResolvedServeOptions;
  readonly parseOptions: RequestParseOptions;
  /** "https" when the listener speaks TLS. */
  readonly scheme: "http" | "https";
  readonly pool: BufferPool;
  /** The last static response head, for the next one like it. */
  readonly heads: HeadCache;
  /** True once `shutdown()` was called: answer what is in flight, take no new request. */
  readonly closing: boolean;
  /** The Date field's value now. */
  date(): string;
  /** Arms the wait for a head: the sweep closes the connection at the deadline. */
  deadline(ms: number): number;
  /** True if a URL can be made of the request's target and Host. */
  urlOk(head: RequestHead, local: NetAddr): boolean;
  /** The response for a handler that threw: `onError`'s, or a 500. */
  onError(err: unknown): Promise<Response>;
  /** Writes an access-log line, if the log is on. */
  log(remote: NetAddr, request: RequestHead | string | null, status: number, bytes: number): void;
}

/** Tells everything working for the session's current request that the client has gone. */
export function clientLeft(session: Session, reason: unknown, cancelBody: boolean): void {
  if (session.request !== null) abortRequest(session.request, reason);
  if (cancelBody) session.response?.body?.cancel(reason).catch(() => {});
}

/** The request loop of one connection: read a head, answer it, repeat while kept alive. */
export async function serveConnection(host: ConnectionHost, session: Session, reader: BufReader): Promise<void> {
  const { conn } = session;
  const info: ServeHandlerInfo = { remoteAddr: conn.remoteAddr, localAddr: conn.localAddr };
  const opts = host.opts;
  session.hold = (response) => reader.bufferedLength > 0 && hold(session, host.pool, response);
  session.flushHeld = () => session.held === null || flush(session, host.pool);
  let first = true;
  try {
    while (!host.closing || !first) {
      let head = bufferedHead(host, reader); // a pipelined request, already here
      if (head === null) {
        await flushOrThrow(session, host.pool);
        if (session.peerClosed) return;
        // Read until a whole head is buffered. This loop is written out here rather than
        // called, since an async call per request is an allocation the GC pays for.
        startWaiting(host, session, reader, first);
        try {
          while (head === null) {
            let n: number | null;
            try {
              n = await (session.watch ?? reader.fill());
            } catch (err) {
              if (session.timedOut) return; // the sweep closed it (after a 408 if a head had begun)
              throw err;
            } finally {
              session.watch = null;
            }
            // End of file: between requests it is a normal close; inside a head the
            // client gave up, and there is nobody left to answer.
            if (n === null) return;
            if (session.idle) startedHead(host, session, first);
            head = bufferedHead(host, reader);
          }
        } finally {
          session.deadline = Infinity;
          session.idle = false;
        }
      }
      first = false;
      if (head.version.major === 0) {
        await flushOrThrow(session, host.pool);
        await answerHttp09(host, head, conn, info);
        return;
      }
      const keep = await answer(host, session, head, reader, info);
      if (!keep || host.closing) return;
    }
  } catch (err) {
    if (err instanceof HttpParseError || err instanceof LimitExceededError) {
      // A head refused as it was parsed (after the answers to the requests before it): the
      // log shows its request line if a whole one came.
      if (session.held === null || await flush(session, host.pool)) {
        const line = receivedRequestLine(reader);
        const [status, detail] = err instanceof HttpParseError
          ? [err.status, err.message]
          : [431, "Request head is too large"];
        const sent = await sendError(conn, reader, status, detail, host.date(), opts.serverName);
        if (sent >= 0) host.log(info.remoteAddr, line, status, sent);
      }
    } else if (!isDisconnect(err)) {
      console.error("http10: connection error:", err);
    }
  } finally {
    if (session.held !== null) await flush(session, host.pool);
    session.finished = true;
    reader.release();
    conn.close();
  }
}

/** Responses to pipelined requests are held back up to this many bytes (the pool's large buffers). */
const HOLD_LIMIT = 16384;

/**
 * Adds a response to the ones held back for pipelined requests. Returns false, holding
 * nothing, when it does not fit behind them.
 */
function hold(session: Session, pool: BufferPool, out: Uint8Array): boolean {
  if (session.held === null) {
    if (out.length > HOLD_LIMIT) return false;
    session.held = pool.get(HOLD_LIMIT);
  }
  const at = session.heldBytes;
  if (at + out.length > session.held.length) return false;
  session.held.set(out, at);
  session.heldBytes = at + out.length;
  return true;
}

/**
 * Writes the responses held back for pipelined requests, if any. Returns true when they
 * are sent (or there were none); false when the write failed, and then the client is
 * gone: the current request's signal aborts and the connection is closed, so that no
 * later response can reach the client out of order.
 */
async function flush(session: Session, pool: BufferPool): Promise<boolean> {
  const held = session.held;
  if (held === null) return true;
  const bytes = session.heldBytes;
  session.held = null;
  session.heldBytes = 0;
  try {
    await writeAll(session.conn, held.subarray(0, bytes));
    return true;
  } catch {
    clientLeft(session, new ClientGoneError("reset"), true);
    session.conn.close();
    return false;
  } finally {
    pool.put(held);
  }
}

/** `flush()` for the request loop: a failed write ends the loop, as a failed read would. */
async function flushOrThrow(session: Session, pool: BufferPool): Promise<void> {
  if (session.held !== null && !(await flush(session, pool))) throw new ClientGoneError("reset");
}

/**
 * The next request head if the reader already holds all of it (a pipelined request),
 * else null. Throws HttpParseError for a bad or too large head.
 */
function bufferedHead(host: ConnectionHost, reader: BufReader): RequestHead | null {
  const buf = reader.buffered();
  if (buf.length === 0) return null;
  const result = parseRequestHead(buf, 0, buf.length, host.parseOptions);
  if (result === "incomplete") return null;
  reader.discard(result.consumed);
  return result.head;
}

/**
 * Arms the wait for a head: idle (a keep-alive connection between requests, given
 * `idleTimeout`) unless bytes of it are buffered or it is the connection's first request
 * (then `headerTimeout`). The sweep closes the connection when the deadline passes.
 */
function startWaiting(host: ConnectionHost, session: Session, reader: BufReader, first: boolean): void {
  const started = reader.bufferedLength > 0;
  session.idle = !started;
  session.deadline = host.deadline(first || started ? host.opts.headerTimeout : host.opts.idleTimeout);
}

/** The first bytes of a head arrived on an idle connection: from now on `headerTimeout` applies. */
function startedHead(host: ConnectionHost, session: Session, first: boolean): void {
  session.idle = false;
  if (!first) session.deadline = host.deadline(host.opts.headerTimeout);
}

/**
 * Starts the watch (see the module comment) unless one is pending or the client already
 * ended its side. Only call it when nothing else reads the connection: the request body
 * is read to its end.
 */
function watch(session: Session, reader: BufReader): void {
  if (session.watch !== null || session.peerClosed) return;
  const read = session.watch = reader.fill();
  read.then(
    (n) => {
      if (n !== null) return;
      session.peerClosed = true;
      clientLeft(session, new ClientGoneError("closed"), false);
    },
    (err) => {
      // A buffer full of pipelined requests is not a departure; the loop reports it. Nor is
      // the read failing because the loop is over and closed the connection itself.
      if (err instanceof LimitExceededError || session.finished) return;
      clientLeft(session, new ClientGoneError("reset"), true);
      session.conn.close();
    },
  );
}

/**
 * True for methods this server cannot hand to a handler faithfully: fetch's forbidden
 * ones, and other spellings of the ones fetch upper-cases. Methods are case-sensitive
 * (RFC 9110 §9.1), so "get" is an unknown method, which a server answers with 501.
 */
function unsupportedMethod(method: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "POST") return false;
  if (FORBIDDEN_METHODS.has(method)) return true;
  const upper = method.toUpperCase();
  return upper !== method && (NORMALIZED_METHODS.has(upper) || FORBIDDEN_METHODS.has(upper));
}

/** A server-decided error for a parsed request: sent, logged, and the connection closes. */
async function refuse(
  host: ConnectionHost,
  session: Session,
  reader: BufReader,
  info: ServeHandlerInfo,
  head: RequestHead,
  status: number,
  detail: string,
): Promise<false> {
  if (session.held !== null && !(await flush(session, host.pool))) return false;
  const sent = await sendError(session.conn, reader, status, detail, host.date(), host.opts.serverName);
  if (sent >= 0) host.log(info.remoteAddr, head, status, sent);
  return false;
}

/** Answers one parsed request. Returns true if the connection may carry another. */
async function answer(
  host: ConnectionHost,
  session: Session,
  head: RequestHead,
  reader: BufReader,
  info: ServeHandlerInfo,
): Promise<boolean> {
  const { conn } = session;
  const opts = host.opts;
  // Reading a body waits on the client (and may answer 100 Continue): the held responses go first.
  if (head.framing.kind !== "none" && session.held !== null && !(await flush(session, host.pool))) return false;
  // A 1.0 request with a body must say how long it is (RFC 1945 §7.2.2, §8.3).
  if (head.framing.kind === "none" && head.version.minor === 0 && methodCarriesBody(head.method)) {
    return await refuse(host, session, reader, info, head, 411, `A ${head.method} request needs a Content-Length`);
  }
  if (head.framing.kind === "length" && head.framing.length > opts.maxBodySize) {
    const detail = `Request body of ${head.framing.length} bytes is over the limit of ${opts.maxBodySize}`;
    return await refuse(host, session, reader, info, head, 413, detail);
  }
  // Refused alike on every runtime (Deno's Request throws for these; Bun's allows them).
  if (unsupportedMethod(head.method)) {
    return await refuse(host, session, reader, info, head, 501, `${head.method} is not supported by this server`);
  }
  // The Request is built only if the handler asks for more than method, URL and headers,
  // so check now that a valid URL can be made of this target and Host.
  if (!host.urlOk(head, info.localAddr)) {
    return await refuse(host, session, reader, info, head, 400, `Cannot make a URL of ${head.target}`);
  }

  // Expect: 100-continue from a 1.1 client: the interim answer goes out when the handler
  // first reads the body. A 1.0 client never gets a 1xx (RFC 9110 §15.2).
  let awaitingContinue = false;
  let sendContinue: (() => Promise<void>) | null = null;
  if (head.framing.kind !== "none" && atLeastHttp11(head.version) && expectsContinue(head)) {
    awaitingContinue = true;
    sendContinue = async () => {
      awaitingContinue = false;
      // A client that sent its body without waiting needs no interim response.
      if (reader.bufferedLength === 0) await writeAll(conn, CONTINUE);
    };
  }
  const body: RequestBody = requestBody(head.framing, reader, opts.maxBodySize, sendContinue);
  const request = lazyRequest(head, info.localAddr, body === NO_BODY ? null : () => body.stream, host.scheme);
  session.request = request;
  if (body !== NO_BODY) body.onEnd = () => session.request === request && watch(session, reader);

  let response: Response;
  try {
    const result = host.handler(request, info);
    // Awaiting a value that is not a promise still costs a trip through the microtask queue.
    if (result instanceof Response) {
      response = result;
    } else {
      if (body === NO_BODY) watch(session, reader);
      if (session.held !== null) await flush(session, host.pool); // the handler takes its time: send what is done
      response = await result;
      if (!(response instanceof Response)) {
        throw new TypeError(`The handler returned ${typeof response}, not a Response`);
      }
    }
  } catch (err) {
    // A body the client framed badly or made too large surfaces in the handler as the
    // parse error; it deserves its own status, not a 500.
    response = err instanceof HttpParseError
      ? errorResponse(err.status, err.message, { connection: "close" })
      : await host.onError(err);
  }

  const target: ResponseTarget = {
    conn,
    pool: host.pool,
    date: host.date(),
    serverName: opts.serverName,
    isHead: head.method === "HEAD",
    heads: host.heads,
    wantsKeepAlive: !awaitingContinue && !session.peerClosed && !host.closing &&
      requestWantsKeepAlive(head.version, head.headers),
    body: null,
    hold: body === NO_BODY ? session.hold : undefined,
    flushHeld: session.flushHeld,
  };
  let written: Written;
  let ready: ReturnType<typeof serializeStatic>;
  try {
    ready = serializeStatic(response, target);
  } catch (err) {
    // A head the handler made unwritable (a field with a newline, say): nothing was sent.
    response = await host.onError(err);
    ready = serializeStatic(response, target);
  }
  if (ready !== null) {
    // The common case: head and body in one pooled buffer, one write, no stream.
    written = ready;
    try {
      const out = ready.buf.subarray(0, ready.end);
      // Another request waits in the reader: hold this response back and write it with
      // the next ones (see the module comment).
      const more = ready.keepAlive && body === NO_BODY && reader.bufferedLength > 0;
      if ((more || session.held !== null) && hold(session, host.pool, out)) {
        if (!more && !(await flush(session, host.pool))) written = { sent: 0, keepAlive: false };
      } else if (session.held === null || await flush(session, host.pool)) {
        const n = await conn.write(out);
        if (n < out.length) await writeAll(conn, out.subarray(n));
      } else {
        written = { sent: 0, keepAlive: false };
      }
    } catch (err) {
      written = { sent: 0, keepAlive: false, failure: err };
    } finally {
      host.pool.put(ready.buf);
    }
  } else {
    // The watch starts only if the body turns out to stream: gathering what is ready does no
    // I/O, so nothing could be noticed meanwhile, and a connection that then closes would
    // only have to fail the watch's read.
    if (body === NO_BODY) target.onStreaming = () => watch(session, reader);
    session.response = target;
    try {
      written = await writeResponse(response, target);
    } catch (err) {
      // As above: a head that cannot be written, refused before anything was sent.
      response = await host.onError(err);
      written = await writeResponse(response, target);
    } finally {
      session.response = null;
    }
  }
  if (written.failure !== undefined && isDisconnect(written.failure)) {
    const reason = written.failure instanceof ClientGoneError ? written.failure : new ClientGoneError("reset");
    clientLeft(session, reason, false);
  } else if (written.failure !== undefined) {
    console.error("http10: the response body failed:", written.failure);
  }
  host.log(info.remoteAddr, head, response.status, written.sent);
  session.request = null;
  if (!written.keepAlive || session.peerClosed) return false;
  // Before another request can be read, the rest of this one's body must be consumed
  // (a handler may stream it into the response, so only now is it safe to drain).
  return body === NO_BODY || await body.finish();
}

/** True if the request's Expect field asks for 100-continue. */
function expectsContinue(head: RequestHead): boolean {
  const value = head.headers.get("expect");
  return value !== null && listHasToken(value, "100-continue");
}

/** HTTP/0.9 (RFC 1945 §4.1): the answer is the entity body alone, then close. */
async function answerHttp09(
  host: ConnectionHost,
  head: RequestHead,
  conn: Conn,
  info: ServeHandlerInfo,
): Promise<void> {
  let response: Response;
  try {
    response = await host.handler(lazyRequest(head, info.localAddr, null, host.scheme), info);
  } catch (err) {
    response = await host.onError(err);
  }
  const bytes = response.body ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array(0);
  await writeAll(conn, bytes);
  host.log(info.remoteAddr, head, response.status, bytes.length);
}

/** A request line that parses: method token, target, version (any numbers: 505 is decided later). */
const REQUEST_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ [\x21-\x7e]+ HTTP\/\d\.\d$/;

/**
 * The request line as the client sent it, for the access log of a request refused while
 * its head was parsed (a 505, a bad field, a 431): the buffered bytes up to the first line
 * end, if they form a request line; else null, and the log says "-".
 */
function receivedRequestLine(reader: BufReader): string | null {
  let buf: Uint8Array;
  try {
    buf = reader.buffered();
  } catch {
    return null; // released
  }
  let start = 0;
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++; // empty lines before it
  const lf = buf.indexOf(0x0a, start);
  if (lf < 0) return null;
  const end = lf > start && buf[lf - 1] === 0x0d ? lf - 1 : lf;
  let line = "";
  for (let i = start; i < end && i < start + 8192; i++) line += String.fromCharCode(buf[i]);
  return REQUEST_LINE.test(line) ? line : null;
}
