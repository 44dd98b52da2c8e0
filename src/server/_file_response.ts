/**
 * The response for one regular file, as `serveDir()` answers: which representation
 * (the file, a precompressed sibling, or gzip made on the fly), its validators, the
 * preconditions, and the range. Private to `src/server/`.
 *
 * @module
 */
import type { Stats } from "node:fs";
import { open, readFile, realpath, stat } from "node:fs/promises";
import { sep } from "node:path";
import { chooseEncoding } from "../http10/accept_encoding.ts";
import { type EntityTag, evaluatePreconditions, formatEntityTag, ifRangeHolds } from "../http10/conditional.ts";
import { formatHttpDate } from "../http10/date.ts";
import { type ByteRange, formatContentRange, formatUnsatisfiedRange, parseRange } from "../http10/range.ts";
import { fileBody } from "./_file_body.ts";
import { compressible, contentType } from "./mime.ts";

/** What `sendFile()` needs to know of the handler's options. */
export interface FileOptions {
  /** Files up to this size are read whole; larger ones are streamed. */
  streamThreshold: number;
  /** Send an ETag and honour If-Match / If-None-Match with it. */
  etag: boolean;
  /** Compress compressible types with gzip on the fly for clients that accept it. */
  gzip: boolean;
  /** Serve `file.br` / `file.gz` in place of `file` to clients that accept them. */
  precompressed: boolean;
}

/** 0000-01-01T00:00:00Z in seconds since the epoch: the earliest HTTP date. */
const YEAR_0000 = -62_167_219_200;

/** Files smaller than this are not worth compressing on the fly (a gzip header is 18 bytes). */
const GZIP_MIN_SIZE = 256;

/** Precompressed siblings, in the order they are preferred when the client weighs both alike. */
const SIBLINGS: readonly { coding: string; suffix: string }[] = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
];

/** One representation of the requested file. */
interface Representation {
  path: string;
  info: Stats;
  /** "identity", "br" or "gzip". */
  coding: string;
  /** True when gzip is made on the fly from `path`. */
  onTheFly: boolean;
}

const encoder = new TextEncoder();

/**
 * The response for the regular file at `path` (a real path under `base`, stats `info`):
 * 200, 206, 304, 412 or 416, with the headers GET would get; for HEAD the body is null.
 */
export async function sendFile(
  request: Request,
  head: boolean,
  base: string,
  path: string,
  info: Stats,
  options: FileOptions,
): Promise<Response> {
  const type = contentType(path);
  const accept = request.headers.get("accept-encoding");
  const rep = await choose(base, path, info, type, accept, options);

  // EACCES → 403 before any header is promised. (Not fs.access(): Deno's needs --allow-sys
  // and its failure escapes the promise, taking the process down.)
  if (head || rep.info.size > options.streamThreshold) await (await open(rep.path, "r")).close();

  // Whole seconds, as HTTP dates have; never later than now (RFC 9110 §8.8.2.1), and
  // never before the year 0000, which four year digits cannot write.
  const now = Math.floor(Date.now() / 1000);
  const seconds = Math.max(Math.min(Math.floor(rep.info.mtimeMs / 1000), now), YEAR_0000);
  const etag = options.etag ? entityTag(rep) : null;

  const headers: Record<string, string> = { "last-modified": formatHttpDate(new Date(seconds * 1000)) };
  if (etag !== null) headers["etag"] = formatEntityTag(etag);
  if (rep.vary) headers["vary"] = "Accept-Encoding";

  const validators = { etag, lastModified: seconds };
  const verdict = evaluatePreconditions(
    {
      ifMatch: request.headers.get("if-match"),
      ifNoneMatch: request.headers.get("if-none-match"),
      ifModifiedSince: request.headers.get("if-modified-since"),
      ifUnmodifiedSince: request.headers.get("if-unmodified-since"),
    },
    validators,
    now,
  );
  if (verdict === 304) return new Response(null, { status: 304, headers });
  if (verdict === 412) return failed(412, "Precondition Failed", head, headers);

  headers["content-type"] = type;
  if (rep.coding !== "identity") headers["content-encoding"] = rep.coding;

  // The bytes to send: the whole file when small (or when gzip made on the fly must be
  // measured), else a stream. `size` is the representation's length when known.
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  if (rep.onTheFly) {
    if (rep.info.size > options.streamThreshold) {
      // Large: compressed as it is sent. Its length is unknown until the end, so ranges
      // cannot apply and the body is close-delimited (HTTP/1.0 has no chunked coding).
      if (head) return new Response(null, { headers });
      const gz = new CompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
      return new Response(fileBody(rep.path, 0, rep.info.size).pipeThrough(gz), { headers });
    }
    bytes = await gzip(await readFile(rep.path));
  } else if (!head && rep.info.size <= options.streamThreshold) {
    // Read before the range is judged, so Content-Length and ranges fit what was read even
    // if the file changed since stat(). readFile's Buffer is backed by a plain ArrayBuffer.
    bytes = await readFile(rep.path) as Uint8Array<ArrayBuffer>;
  }
  const size = bytes?.length ?? rep.info.size;
  headers["accept-ranges"] = "bytes";

  const range = pickRange(request, size, validators);
  if (range === "unsatisfiable") {
    headers["content-range"] = formatUnsatisfiedRange(size);
    return failed(416, "Range Not Satisfiable", head, headers);
  }
  const status = range === null ? 200 : 206;
  const first = range?.first ?? 0;
  const length = range === null ? size : range.last - range.first + 1;
  if (range !== null) headers["content-range"] = formatContentRange(range, size);
  headers["content-length"] = String(length);
  if (head) return new Response(null, { status, headers });
  if (bytes !== null) {
    const body = range === null ? bytes : bytes.subarray(first, first + length);
    return new Response(body, { status, headers });
  }
  return new Response(fileBody(rep.path, first, length), { status, headers });
}

/**
 * The one range to send, null for the whole representation, or "unsatisfiable".
 *
 * Several ranges are answered with the whole representation and 200, which RFC 9110
 * §14.2 allows: browsers, curl and download managers ask for one range; a
 * `multipart/byteranges` answer costs a boundary and per-part heads for no client we
 * know of, and many small or overlapping ranges are a known way to make a server work
 * hard (Apache's CVE-2011-3192). nginx sends multipart instead; both are correct.
 */
function pickRange(request: Request, size: number, validators: Parameters<typeof ifRangeHolds>[1]) {
  const header = request.headers.get("range");
  if (header === null) return null;
  if (!ifRangeHolds(request.headers.get("if-range"), validators)) return null;
  const parsed = parseRange(header, size);
  if (parsed === "ignore") return null;
  if (parsed === "unsatisfiable") return "unsatisfiable";
  return parsed.length === 1 ? parsed[0] as ByteRange : null;
}

/**
 * The representation to send, and whether the choice depends on Accept-Encoding (then
 * every answer for this file carries `Vary: Accept-Encoding`, whichever was chosen).
 */
async function choose(
  base: string,
  path: string,
  info: Stats,
  type: string,
  accept: string | null,
  options: FileOptions,
): Promise<Representation & { vary: boolean }> {
  const identity = { path, info, coding: "identity", onTheFly: false };
  if (options.precompressed) {
    const found: (Representation & { suffix: string })[] = [];
    for (const s of SIBLINGS) {
      const sibling = await regularFileInside(base, path + s.suffix);
      if (sibling !== null) found.push({ ...sibling, coding: s.coding, onTheFly: false, suffix: s.suffix });
    }
    if (found.length > 0) {
      const coding = chooseEncoding(accept, found.map((f) => f.coding));
      return { ...(found.find((f) => f.coding === coding) ?? identity), vary: true };
    }
  }
  if (options.gzip && compressible(type) && info.size >= GZIP_MIN_SIZE) {
    const coding = chooseEncoding(accept, ["gzip"]);
    return { ...identity, coding, onTheFly: coding === "gzip", vary: true };
  }
  return { ...identity, vary: false };
}

/** The real path and stats of `path` when it is a regular file inside `base`, else null. */
async function regularFileInside(base: string, path: string): Promise<{ path: string; info: Stats } | null> {
  try {
    const real = await realpath(path);
    if (!real.startsWith(base.endsWith(sep) ? base : base + sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, info } : null;
  } catch {
    return null; // missing, unreadable or a dangling link: as if there were no sibling
  }
}

/**
 * The ETag of a representation: strong, `"SIZE-MTIME"` in hex (bytes, and the modification
 * time in milliseconds), as nginx makes its own from size and time; a precompressed sibling
 * adds its coding (`"...-br"`), so no cache takes it for the plain file. Gzip made on the fly
 * gets a weak tag (`W/"...-gzip"`): its bytes depend on the compressor, not only on the file.
 */
function entityTag(rep: Representation): EntityTag {
  const base = `${rep.info.size.toString(16)}-${Math.floor(rep.info.mtimeMs).toString(16)}`;
  if (rep.onTheFly) return { weak: true, opaque: `${base}-gzip` };
  return { weak: false, opaque: rep.coding === "identity" ? base : `${base}-${rep.coding}` };
}

/** `data` compressed with gzip, whole. */
async function gzip(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A plain-text error (412, 416) keeping the validators and range headers gathered so far. */
function failed(status: number, reason: string, head: boolean, headers: Record<string, string>): Response {
  const body = encoder.encode(`${status} ${reason}\n`);
  headers["content-type"] = "text/plain; charset=utf-8";
  headers["content-length"] = String(body.length);
  return new Response(head ? null : body, { status, headers });
}
