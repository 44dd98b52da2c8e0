/**
 * Writing a handler's `Response` as HTTP/1.0: the head, then the body as it is produced.
 *
 * Two paths, one set of field rules (`_response_fields.ts`):
 * - **static**: a body given as a string or bytes, which the runtime lets us see without a
 *   stream (`_static_body.ts`, Deno today): head and body serialized into one pooled buffer
 *   and written at once, with no stream and no promise;
 * - **general**: any other body. What the body stream has ready without waiting is
 *   gathered (so a short body still gets a Content-Length and the connection can be kept);
 *   then the head goes out with what was gathered, and every later chunk is written as the
 *   stream yields it, the next read only after the last write (backpressure). A body whose
 *   length is not known is close-delimited, for HTTP/1.0 and 1.1 clients alike: we never
 *   send chunked.
 *
 * @module
 */
import type { BufferPool } from "../transport/buffer_pool.ts";
import type { Conn } from "../transport/types.ts";
import { writeAll } from "../transport/write_all.ts";
import { ResponseHeadWriter } from "../http10/serialize.ts";
import { isBodilessStatus, statusText } from "../http10/status.ts";
import { errorResponse, isDisconnect } from "./_error_response.ts";
import { beginHead, bodyType, finishHead, type HandlerFields, TYPE_KEPT_WITH_BODY } from "./_response_fields.ts";
import { staticBody } from "./_static_body.ts";
import { ClientGoneError } from "./errors.ts";
import type { HeadCache } from "./_head_cache.ts";

/** Write buffers: a head and a body up to about 3 KiB go out from one of these. */
export const SMALL_BUFFER = 4096;
/** The pool's largest size: grown readers, and heads with a body up to about 15 KiB. */
export const LARGE_BUFFER = 16384;
/** A short string body is encoded into a write buffer from here on; the head goes before it. */
const HEAD_ROOM = 1024;
/** Strings up to this many UTF-16 units are short: even at 3 bytes each they fit behind HEAD_ROOM. */
const SHORT_TEXT = (SMALL_BUFFER - HEAD_ROOM) / 3;
/** At most this much of a stream is gathered before its head is sent. */
const GATHER_LIMIT = 64 * 1024;
/**
 * How long a read of the body stream may take to settle and still count as "ready": this
 * many trips through the microtask queue, no timer and no I/O. A body made from a string,
 * bytes, a Blob or a form settles within a few (at most 13 seen, for FormData on Deno); a
 * stream that waits for anything else does not, and is sent as it comes.
 */
const READY_HOPS = 32;
/**
 * A body of known length larger than GATHER_LIMIT from a byte stream (a file) is read into
 * one buffer of this size, reused for every chunk, rather than into a new array per chunk:
 * the memory a download holds stays flat, whatever the garbage collector is doing.
 */
const BYOB_CHUNK = 256 * 1024;
/** Heads larger than this are refused (500): no handler means to send one. */
const MAX_HEAD = 1024 * 1024;

const encoder = new TextEncoder();

/** What the server needs to write one response. */
export interface ResponseTarget {
  readonly conn: Conn;
  readonly pool: BufferPool;
  /** The Date field's value now. */
  readonly date: string;
  readonly serverName: string;
  /** The request was HEAD: a head only. */
  readonly isHead: boolean;
  /** The client asked to keep the connection and nothing else rules it out. */
  readonly wantsKeepAlive: boolean;
  /** The server's last static head, reused when the next one is the same (`_head_cache.ts`). */
  readonly heads?: HeadCache;
  /**
   * The body stream's reader while it is being sent, so that the connection can cancel it
   * when the client leaves or the server stops; set and cleared by the writer.
   */
  body: { cancel(reason?: unknown): Promise<void> } | null;
  /** Called once if the body streams (is not complete when its head goes out). */
  onStreaming?: () => void;
  /**
   * Offered a whole response (head and all of its body) of a kept-alive connection: returns
   * true if it took the bytes, to write them later with the responses after it (pipelined
   * requests), false if they must be written now.
   */
  hold?: (response: Uint8Array) => boolean;
  /**
   * Writes what `hold` took, before anything else is written: true at once when nothing is
   * held, else whether the write succeeded (false: the client is gone).
   */
  flushHeld?: () => true | Promise<boolean>;
}

/** How a response went out. */
export interface Written {
  /** Body bytes sent. */
  sent: number;
  /** The connection may carry another request. */
  keepAlive: boolean;
  /** Set when writing failed because the client is gone (or the body stream failed). */
  failure?: unknown;
}

/**
 * Serializes a response whose body the runtime hands over as a string or bytes into one
 * pooled buffer: `{ buf, end }` to write (and give back to the pool), or null, having
 * changed nothing, when the response needs the general path (a stream body, a
 * Content-Length of the handler's that disagrees with the body, too large a head or body).
 */
export function serializeStatic(
  response: Response,
  target: ResponseTarget,
): { buf: Uint8Array; end: number; sent: number; keepAlive: boolean } | null {
  const given = staticBody(response);
  if (given === undefined) return null;
  const { pool, isHead } = target;
  const bodiless = isBodilessStatus(response.status);
  if (typeof given === "string" && given.length <= SHORT_TEXT) {
    // Encoded straight into the pooled buffer, behind room for the head (a UTF-16 unit is
    // at most 3 bytes of UTF-8, so it fits): no array per response, which costs most on Deno.
    const buf = pool.get(SMALL_BUFFER);
    const length = encoder.encodeInto(given, buf.subarray(HEAD_ROOM)).written;
    const ready = serializeInto(buf, response, target, null, length, bodiless);
    if (ready !== null) return ready;
    // A head longer than HEAD_ROOM: go on with the string encoded on its own.
  }
  const body = typeof given === "string" ? encoder.encode(given) : given;
  if (body.length + 512 > LARGE_BUFFER && !isHead && !bodiless) return null;
  const buf = pool.get(body.length + 1024 <= SMALL_BUFFER ? SMALL_BUFFER : LARGE_BUFFER);
  return serializeInto(buf, response, target, body, body.length, bodiless);
}

/**
 * Writes the head into `buf` and puts the body right after it. `body` null means the body
 * is already in `buf`, `bodyLength` bytes from HEAD_ROOM, and the head must fit before it.
 * Takes `buf` from the caller: it goes back to the pool unless it is returned, ready to write.
 */
function serializeInto(
  buf: Uint8Array,
  response: Response,
  target: ResponseTarget,
  body: Uint8Array | null,
  bodyLength: number,
  bodiless: boolean,
): { buf: Uint8Array; end: number; sent: number; keepAlive: boolean } | null {
  try {
    const status = response.status;
    const sent = target.isHead || bodiless ? 0 : bodyLength;
    const room = body === null ? HEAD_ROOM : buf.length - sent;
    const reason = reasonOf(response);
    const length = bodiless ? null : bodyLength;
    const heads = target.heads;
    // A head like the last one: copied, Date patched. It had no Connection field, so the
    // connection's fate is the client's wish.
    let keepAlive = target.wantsKeepAlive;
    let at = heads === undefined ? -1 : heads.copyInto(buf, room, response, reason, length, keepAlive, target.date);
    if (at < 0) {
      const head = new ResponseHeadWriter(buf, status, reason, room);
      const fields = beginHead(head, response, target.date, target.serverName);
      keepAlive = target.wantsKeepAlive && !fields.saysClose;
      at = finishHead(head, length, keepAlive);
      if (at < 0 || (fields.declaredLength !== null && fields.declaredLength !== bodyLength)) {
        target.pool.put(buf);
        return null;
      }
      heads?.store(buf, at, response, reason, length, keepAlive, target.date);
    }
    if (sent > 0) {
      if (body === null) buf.copyWithin(at, HEAD_ROOM, HEAD_ROOM + sent);
      else buf.set(body, at);
    }
    return { buf, end: at + sent, sent, keepAlive };
  } catch (err) {
    // A header the handler set that cannot be written: the caller answers 500.
    target.pool.put(buf);
    throw err;
  }
}

/**
 * Writes any response: gathers what the body has ready, sends the head with it, then
 * streams the rest as it is produced (see the module comment). Resolves when the body is
 * sent, the client is gone, or the stream failed; never rejects for those (see `failure`).
 * Rejects only for a head the handler made unwritable, before anything is sent.
 */
export async function writeResponse(response: Response, target: ResponseTarget): Promise<Written> {
  const status = response.status;
  const bodiless = isBodilessStatus(status);
  const noBody = target.isHead || bodiless;

  // The handler's fields first: they may declare the length, which bounds the gathering.
  // When they are the cached head's, they declare nothing and the head may be copied.
  const buf = target.pool.get(SMALL_BUFFER);
  const reason = reasonOf(response);
  const heads = target.heads;
  const generation = heads === undefined ? -1 : heads.matches(response, reason);
  const cached = generation >= 0;
  let head: ResponseHeadWriter | null = null;
  let fields: HandlerFields;
  if (cached) {
    fields = { declaredLength: null, saysClose: false, hasContentType: heads!.hasContentType };
  } else {
    head = new ResponseHeadWriter(buf, status, reason);
    try {
      fields = beginHead(head, response, target.date, target.serverName);
    } catch (err) {
      target.pool.put(buf);
      throw err;
    }
  }
  const declared = fields.declaredLength;
  const source = response.body;
  // A body that will not be sent is not read, unless a HEAD needs its length.
  const read = source !== null && !bodiless && !(noBody && declared !== null);
  // Where the runtime keeps a body's type out of the headers, a copy of the response tells
  // it once the body is known to be complete.
  const typed = read && TYPE_KEPT_WITH_BODY && !fields.hasContentType ? response.clone() : null;
  // A large body of known length from a byte stream: its head goes out at once, and its
  // chunks are read into one reused buffer (see BYOB_CHUNK).
  if (read && typed === null && declared !== null && declared > GATHER_LIMIT && !noBody) {
    const byob = byobReader(source);
    if (byob !== null) {
      const keepAlive = target.wantsKeepAlive && !fields.saysClose;
      // A cached head declares no length, so this head was begun above.
      let at = finishHead(head!, declared, keepAlive);
      let out = buf;
      if (at < 0) {
        target.pool.put(buf);
        ({ out, at } = largeHead(response, target, null, declared, keepAlive));
      }
      const written = await sendFirst(out, at, [], 0, target, { sent: 0, keepAlive });
      if (written.failure !== undefined) {
        byob.cancel(written.failure).catch(() => {});
        return written;
      }
      target.onStreaming?.();
      return await streamRest(byobSource(byob), target, 0, declared, keepAlive);
    }
  }
  // After clone() the response has a new body (one branch of a tee): read that one.
  const reader = read ? response.body!.getReader() : null;
  if (!read) source?.cancel().catch(() => {}); // it may hold a file

  const gathered = await gather(reader, declared);
  if (gathered.failure !== undefined) {
    target.pool.put(buf);
    typed?.body?.cancel().catch(() => {});
    if (!isDisconnect(gathered.failure)) console.error("http10: the response body failed:", gathered.failure);
    return await writeResponse(errorResponse(500, "The response body failed"), { ...target, wantsKeepAlive: false });
  }
  const { chunks, bytes, complete } = gathered;
  if (!complete && !noBody) target.onStreaming?.();

  // A HEAD whose handler gave no body says no length unless it declared one: what GET
  // would send is not known.
  let length: number | null = declared ?? (complete && !(target.isHead && source === null) ? bytes : null);
  if (bodiless) length = null;
  const keepAlive = target.wantsKeepAlive && !fields.saysClose && (length !== null || noBody);

  let type: string | null = null;
  if (typed !== null) {
    if (complete) type = await bodyType(typed).catch(() => null);
    else typed.body?.cancel().catch(() => {});
  }
  let at = cached ? heads!.copyMatched(generation, buf, buf.length, length, keepAlive, type, target.date) : -1;
  if (at < 0) {
    if (head === null) {
      // Fields already checked when the cached head was written: this cannot throw.
      head = new ResponseHeadWriter(buf, status, reason);
      beginHead(head, response, target.date, target.serverName);
    }
    if (type !== null) head.field("Content-Type", type);
    at = finishHead(head, length, keepAlive);
    if (at >= 0) heads?.store(buf, at, response, reason, length, keepAlive, target.date, type);
  }
  let out = buf;
  if (at < 0) {
    // Too long for the pooled buffer: write the head again into one that fits.
    target.pool.put(buf);
    ({ out, at } = largeHead(response, target, type, length, keepAlive));
  }

  if (noBody) {
    if (reader !== null && !complete) reader.cancel().catch(() => {});
    return await sendFirst(out, at, [], 0, target, { sent: 0, keepAlive }, true);
  }
  // Never more than the handler declared: the client would take the rest for the next message.
  const first = declared === null ? bytes : Math.min(bytes, declared);
  const overran = declared !== null && bytes > declared;
  const whole = (reader === null || complete) && !overran;
  const written = await sendFirst(
    out,
    at,
    chunks,
    first,
    target,
    { sent: first, keepAlive: keepAlive && !overran },
    whole,
  );
  if (written.failure !== undefined || overran) {
    reader?.cancel(written.failure).catch(() => {});
    return written;
  }
  if (reader === null || complete) return written;
  return await streamRest(defaultSource(reader, gathered.pending), target, first, declared, keepAlive);
}

/** What the body stream had ready: chunks, their size, whether it ended, the read still pending. */
interface Gathered {
  chunks: Uint8Array[];
  bytes: number;
  complete: boolean;
  pending: Promise<ReadableStreamReadResult<Uint8Array>> | null;
  failure?: unknown;
}

/**
 * Reads what the stream has ready without waiting (each read must settle within
 * READY_HOPS), up to GATHER_LIMIT bytes, or one chunk past `declared` to see whether the
 * stream ends where its Content-Length says.
 */
async function gather(
  reader: ReadableStreamDefaultReader<Uint8Array> | null,
  declared: number | null,
): Promise<Gathered> {
  const result: Gathered = { chunks: [], bytes: 0, complete: reader === null, pending: null };
  if (reader === null) return result;
  try {
    while (result.bytes <= GATHER_LIMIT && (declared === null || result.bytes <= declared)) {
      const read = reader.read();
      if (!(await settlesSoon(read))) {
        result.pending = read;
        break;
      }
      const { done, value } = await read;
      if (done) {
        result.complete = true;
        break;
      }
      if (value.length === 0) continue;
      result.chunks.push(value);
      result.bytes += value.length;
    }
  } catch (err) {
    reader.cancel(err).catch(() => {});
    result.failure = err;
  }
  return result;
}

/** A BYOB reader of `stream` if it is a byte stream, else null (and the stream is untouched). */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return stream.getReader({ mode: "byob" });
  } catch {
    return null; // not a byte stream
  }
}

/**
 * Writes the head in `out[0:at]` with the first `bytes` bytes of `chunks` (one write when
 * they fit together), then gives a pooled `out` back. When that is the whole response
 * (`whole`) and the connection is kept, `target.hold` may take it instead.
 */
async function sendFirst(
  out: Uint8Array,
  at: number,
  chunks: Uint8Array[],
  bytes: number,
  target: ResponseTarget,
  result: Written,
  whole = false,
): Promise<Written> {
  try {
    let bytesOut = out;
    if (at + bytes > out.length) {
      bytesOut = new Uint8Array(at + bytes);
      bytesOut.set(out.subarray(0, at));
    }
    copyChunks(chunks, bytes, bytesOut, at);
    const message = bytesOut.subarray(0, at + bytes);
    if (whole && result.keepAlive && target.hold?.(message)) return result;
    const flushed = target.flushHeld?.() ?? true;
    if (flushed !== true && !(await flushed)) {
      return { sent: 0, keepAlive: false, failure: new ClientGoneError("reset") };
    }
    await writeAll(target.conn, message);
    return result;
  } catch (err) {
    return { sent: 0, keepAlive: false, failure: writeFailure(err) };
  } finally {
    target.pool.put(out);
  }
}

/** Where the streaming loop gets its chunks: a default reader, or a BYOB reader with its buffer. */
interface ChunkSource {
  /** The next chunk; `max` is how many bytes are still wanted (a hint). */
  read(max: number): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/** A default reader as a ChunkSource; its first read may already be under way (`pending`). */
function defaultSource(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pending: Promise<ReadableStreamReadResult<Uint8Array>> | null,
): ChunkSource {
  return {
    read() {
      const read = pending ?? reader.read();
      pending = null;
      return read;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

/**
 * A BYOB reader as a ChunkSource: every read goes into the same buffer, which the stream
 * hands back, filled, with each chunk (the chunk is written before the next read).
 */
function byobSource(reader: ReadableStreamBYOBReader): ChunkSource {
  let buffer = new ArrayBuffer(BYOB_CHUNK);
  return {
    async read(max) {
      const result = await reader.read(new Uint8Array(buffer, 0, Math.max(1, Math.min(BYOB_CHUNK, max))));
      if (result.value !== undefined) buffer = result.value.buffer as ArrayBuffer;
      return result as ReadableStreamReadResult<Uint8Array>;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

/**
 * Streams the body's remaining chunks as they come, each written before the next is read,
 * never more than `declared` bytes. Once all of them are sent, the stream must end at once
 * for the connection to be kept: one that goes on, or keeps the server waiting, is cancelled.
 */
async function streamRest(
  source: ChunkSource,
  target: ResponseTarget,
  sent: number,
  declared: number | null,
  keepAlive: boolean,
): Promise<Written> {
  target.body = source;
  try {
    while (declared === null || sent < declared) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await source.read(declared === null ? BYOB_CHUNK : declared - sent);
      } catch (err) {
        // The handler's stream failed: the client gets what was sent, then the close.
        return { sent, keepAlive: false, failure: err };
      }
      if (chunk.done) {
        // Shorter than declared: the client must see the connection end, not wait for more.
        return { sent, keepAlive: keepAlive && (declared === null || sent === declared) };
      }
      let value = chunk.value;
      const over = declared !== null && sent + value.length > declared;
      if (over) value = value.subarray(0, declared - sent);
      try {
        await writeAll(target.conn, value);
      } catch (err) {
        const reason = writeFailure(err);
        source.cancel(reason).catch(() => {});
        return { sent, keepAlive: false, failure: reason };
      }
      sent += value.length;
      if (over) {
        // Longer than its own Content-Length: the rest belongs to no message.
        source.cancel().catch(() => {});
        return { sent, keepAlive: false };
      }
    }
    // Every declared byte is sent: the stream should end now.
    const ends = await endsNow(source);
    if (!ends) source.cancel().catch(() => {});
    return { sent, keepAlive: keepAlive && ends };
  } finally {
    target.body = null;
  }
}

/** True if the source's next read settles at once as its end. */
async function endsNow(source: ChunkSource): Promise<boolean> {
  const read = source.read(1);
  if (!(await settlesSoon(read))) return false;
  try {
    return (await read).done;
  } catch {
    return false;
  }
}

/**
 * True if `p` settles within READY_HOPS trips through the microtask queue, that is, without
 * waiting for a timer or I/O. A read of a body made from a string or bytes does; a read
 * that waits on the handler's work does not.
 */
async function settlesSoon(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < READY_HOPS && !settled; i++) await null;
  return settled;
}

/** The head of `response` written into a new buffer large enough for it. */
function largeHead(
  response: Response,
  target: ResponseTarget,
  type: string | null,
  length: number | null,
  keepAlive: boolean,
): { out: Uint8Array; at: number } {
  for (let size = 4 * LARGE_BUFFER; size <= MAX_HEAD; size *= 4) {
    const out = new Uint8Array(size);
    const head = new ResponseHeadWriter(out, response.status, reasonOf(response));
    beginHead(head, response, target.date, target.serverName);
    if (type !== null) head.field("Content-Type", type);
    const at = finishHead(head, length, keepAlive);
    if (at >= 0) return { out, at };
  }
  throw new RangeError(`The response head is larger than ${MAX_HEAD} bytes`);
}

function copyChunks(chunks: Uint8Array[], bytes: number, out: Uint8Array, at: number): void {
  const end = at + bytes;
  for (let i = 0; i < chunks.length && at < end; i++) {
    const chunk = chunks[i];
    const take = Math.min(chunk.length, end - at);
    out.set(take === chunk.length ? chunk : chunk.subarray(0, take), at);
    at += take;
  }
}

/** What a failed write means: the client is gone (a `ClientGoneError`), or the error itself. */
function writeFailure(err: unknown): unknown {
  return isDisconnect(err) ? new ClientGoneError("reset") : err;
}

function reasonOf(response: Response): string {
  return response.statusText || statusText(response.status) || "Unknown";
}
