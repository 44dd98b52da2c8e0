/**
 * The fields of a response head, decided in one place for every way a response is written.
 *
 * The server owns the fields that say how the message is framed and whether the connection
 * lives on; the handler owns the rest. So: Date is always the server's; Server is the
 * handler's if it set one, else ours; Connection, Keep-Alive, Transfer-Encoding and
 * Content-Length from the handler are read (a "close", a declared length) but never copied;
 * every other field goes out as the handler set it, in its customary spelling.
 *
 * A head is written in two steps because the general path learns the body's length only
 * after it has seen the handler's fields: {@linkcode beginHead} writes the status line and
 * the handler's fields and reports what it found, {@linkcode finishHead} adds
 * Content-Length and Connection once the length and the connection's fate are known.
 *
 * @module
 */
import { listHasToken, parseContentLength } from "../http10/framing.ts";
import { formatHttpDate } from "../http10/date.ts";
import type { ResponseHeadWriter } from "../http10/serialize.ts";

/** What {@linkcode beginHead} found among the handler's fields. */
export interface HandlerFields {
  /** The handler's Content-Length, or null when it gave none (or none that is a plain length). */
  declaredLength: number | null;
  /** The handler asked for the connection to close (`Connection: close`). */
  saysClose: boolean;
  /** The handler's fields include a Content-Type. */
  hasContentType: boolean;
}

/**
 * Writes the handler's fields into `head` after Date and (unless the handler set its own)
 * Server, leaving out the ones the server decides, and reports what it saw.
 *
 * Throws the serializer's errors for a field that cannot be written (the caller answers 500).
 */
export function beginHead(
  head: ResponseHeadWriter,
  response: Response,
  date: string,
  serverName: string,
): HandlerFields {
  const headers = response.headers;
  head.field("Date", date);
  if (!headers.has("server")) head.field("Server", serverName);
  const found: HandlerFields = { declaredLength: null, saysClose: false, hasContentType: false };
  // forEach rather than for..of: on Deno it costs a third as much.
  headers.forEach((value, name) => {
    switch (name) {
      case "connection":
        if (listHasToken(value, "close")) found.saysClose = true;
        return;
      case "content-length":
        found.declaredLength = parseContentLength(value) ?? found.declaredLength;
        return;
      case "keep-alive":
      case "transfer-encoding":
      case "date":
        return;
      case "content-type":
        found.hasContentType = true;
        head.field("Content-Type", value === RUNTIME_JSON_TYPE ? "application/json" : value);
        return;
    }
    head.field(canonicalName(name), value);
  });
  return found;
}

/**
 * Ends the head: `Content-Length` when `length` is known (never for a bodiless status) and
 * `Connection`. Returns the head's length, or -1 when it did not fit the writer's buffer.
 */
export function finishHead(head: ResponseHeadWriter, length: number | null, keepAlive: boolean): number {
  if (length !== null) head.field("Content-Length", String(length));
  head.field("Connection", keepAlive ? "keep-alive" : "close");
  return head.end();
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

// ---------------------------------------------------------------------------------------
// The same Content-Type on every runtime.
//
// The fetch standard gives a body its Content-Type when the Response is made ("extract a
// body"): text/plain;charset=UTF-8 for a string, the form types for URLSearchParams and
// FormData, a Blob's own type, application/json for Response.json(). Deno puts it in the
// Response's headers. Bun keeps it with the body and adds it only inside Bun.serve, and
// spells Response.json()'s as "application/json;charset=utf-8". What each runtime does is
// probed once, here, on responses whose answer is known, so no runtime is named.

/** True when this runtime leaves a body's Content-Type out of `response.headers` (Bun). */
export const TYPE_KEPT_WITH_BODY: boolean = new Response("").headers.get("content-type") === null;

/** This runtime's Content-Type for `Response.json()`, when it is not the standard's. */
const RUNTIME_JSON_TYPE: string | undefined = (() => {
  const type = Response.json(null).headers.get("content-type");
  return type === null || type === "application/json" ? undefined : type;
})();

/** Types a runtime writes in another spelling than the fetch standard's. */
const STANDARD_SPELLING: Record<string, string> = {
  "text/plain;charset=utf-8": "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded;charset=utf-8": "application/x-www-form-urlencoded;charset=UTF-8",
};

/**
 * The Content-Type the fetch standard gives a body whose runtime kept it out of the
 * headers, from a copy of the response (`response.clone()`, taken before the body was
 * read) whose body is known to be complete; null when the body has no type (bytes, a stream).
 */
export async function bodyType(copy: Response): Promise<string | null> {
  const type = (await copy.blob()).type;
  if (type === "") return null;
  return STANDARD_SPELLING[type] ?? type;
}

/** The Date field's value, formatted at most once a second. */
export class CachedDate {
  #second = -1;
  #text = "";

  /** The current time as an HTTP date. */
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
