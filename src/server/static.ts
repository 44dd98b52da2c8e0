/**
 * A static-file handler: `serveDir(root)` maps request paths to files under `root`.
 *
 * How a path is mapped, and every way it is refused:
 *
 * 1. Only GET and HEAD; anything else is 405 with `Allow: GET, HEAD`.
 * 2. The path is taken from the text of `request.url` and split on "/"; each segment is
 *    percent-decoded exactly once. A malformed escape, or one that is not UTF-8, is 400.
 * 3. A segment is refused if it holds a backslash (raw or `%5c`; a separator on Windows),
 *    an encoded slash (`%2f`), or NUL (`%00`), or decodes to "." or ".." (`%2e%2e`,
 *    `.%2e`, ...). Names starting with "." are hidden unless `dotfiles` is set.
 * 4. The file's real path (symlinks resolved) must be the root's real path or lie under
 *    it; a symlink that leaves the root is refused.
 *
 * Every refusal in 3 and 4 answers **404**, the same as a file that does not exist. Two
 * reasons: the URL parser behind `new Request()` already resolves "/../" and "%2e%2e"
 * segments (clamping them at the root), so most traversal attempts arrive as ordinary
 * paths that simply 404; answering the forms that survive parsing the same way makes
 * all of them look alike. And a 403 would tell a prober which names exist outside the
 * tree. 403 is kept for what really is forbidden: a file inside the root that the
 * process may not read (EACCES), and a directory without index.html when listings are
 * off (as nginx and Apache answer).
 *
 * Because the checks in 3 read the URL text itself, a server that hands over a
 * Request-like object built from the unparsed request-target is just as safe.
 *
 * @module
 */
import type { Stats } from "node:fs";
import { type FileHandle, open, readFile, realpath, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { z } from "zod";
import { formatHttpDate, parseHttpDate } from "../http10/date.ts";
import { readListing, renderListing } from "./_listing.ts";
import { contentType } from "./mime.ts";
import { Http10Error } from "../errors/http10_error.ts";
import { InvalidOptionsError } from "../errors/invalid_options.ts";

/** Options of `serveDir()`. Every field is optional. */
export interface ServeDirOptions {
  /** Serve index.html for a directory that has one (default true). */
  index?: boolean;
  /** Render an HTML listing for a directory without index.html (default true; false → 403). */
  listing?: boolean;
  /** Files larger than this are streamed in chunks instead of read whole (default 64 KiB). */
  streamThreshold?: number;
  /** Include dotfiles in listings and serve them (default false → 404). */
  dotfiles?: boolean;
}

/**
 * The body of a streamed file ended before the `Content-Length` sent for it: the file
 * shrank while it was being sent. The stream errors with it so the server can abort the
 * connection instead of leaving the client waiting for bytes that will never come.
 */
export class FileTruncatedError extends Http10Error {
  /** Bytes promised in Content-Length. */
  readonly expected: number;
  /** Bytes sent before the file ended. */
  readonly sent: number;

  constructor(path: string, expected: number, sent: number) {
    super("HTTP10_FILE_TRUNCATED", `File shrank while being sent: ${path} ended after ${sent} of ${expected} bytes`);
    this.expected = expected;
    this.sent = sent;
  }
}

/** 0000-01-01T00:00:00Z in seconds since the epoch: the earliest HTTP date. */
const YEAR_0000 = -62_167_219_200;

/** Bytes read per chunk when streaming a file. */
const CHUNK_SIZE = 64 * 1024;

const optionsSchema = z.strictObject({
  index: z.boolean().optional(),
  listing: z.boolean().optional(),
  streamThreshold: z.number().int().min(0).optional(),
  dotfiles: z.boolean().optional(),
});

/**
 * Returns a fetch-standard handler that serves the files under `root`: GET and HEAD,
 * Content-Type by extension, Content-Length, Last-Modified and If-Modified-Since (304),
 * index.html or an HTML listing for directories, and a 301 to add the slash a directory
 * URL needs. Large files are streamed in 64 KiB chunks, never held whole. Refused paths
 * are 404 (see the module comment for why); unreadable files, and directories without
 * index.html when `listing` is false, are 403.
 *
 * The returned response bodies are null for HEAD, with the headers GET would get.
 *
 * @example
 * ```ts
 * const handler = serveDir("./public", { listing: false });
 * const response = await handler(new Request("http://localhost/index.html"));
 * ```
 */
export function serveDir(root: string, options: ServeDirOptions = {}): (request: Request) => Promise<Response> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw InvalidOptionsError.fromIssues("serveDir()", parsed.error.issues);
  }
  const index = options.index ?? true;
  const listing = options.listing ?? true;
  const streamThreshold = options.streamThreshold ?? 64 * 1024;
  const dotfiles = options.dotfiles ?? false;

  // The root's real path, looked up on first use; a failure is not cached, so a root
  // created after start-up is picked up.
  let rootReal: Promise<string> | undefined;
  const realRoot = () =>
    rootReal ??= realpath(resolve(root)).catch((error) => {
      rootReal = undefined;
      throw error;
    });

  return async function serveDirHandler(request: Request): Promise<Response> {
    const method = request.method;
    if (method !== "GET" && method !== "HEAD") {
      return plain(405, false, { allow: "GET, HEAD" });
    }
    const head = method === "HEAD";

    const path = splitPath(request.url, dotfiles);
    if (path === "malformed") return plain(400, head);
    if (path === "refused") return plain(404, head);

    try {
      const base = await realRoot();
      const real = await inside(base, join(base, ...path.names));
      if (real === null) return plain(404, head);
      const info = await stat(real);

      if (info.isDirectory()) {
        if (!path.raw.endsWith("/")) {
          // HTTP/1.0 (RFC 1945 §10.11) wants an absolute URI in Location. Built from
          // the parsed URL, so it is the request's own origin and properly encoded.
          const url = new URL(request.url);
          return plain(301, head, { location: `${url.origin}${url.pathname}/${url.search}` });
        }
        if (index) {
          const file = await findIndex(base, real);
          if (file !== null) return await sendFile(request, head, file.path, file.info, streamThreshold);
        }
        // Listing off: the directory exists (its 301 already says so), it just is not shown.
        if (!listing) return plain(403, head);
        const entries = await readListing(real, {
          dotfiles,
          resolveLink: (link) => inside(base, link),
        });
        const html = renderListing("/" + path.names.join("/"), entries);
        return send(200, head, encoder.encode(html), { "content-type": "text/html; charset=utf-8" });
      }

      // A file asked for as a directory ("/a.txt/") does not exist, as in POSIX.
      if (!info.isFile() || path.raw.endsWith("/")) return plain(404, head);
      return await sendFile(request, head, real, info, streamThreshold);
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined) throw error;
      return plain(status, head);
    }
  };
}

/** A request path: its raw text and its decoded segments (the last is "" after a "/"). */
interface RequestPath {
  raw: string;
  names: string[];
}

/**
 * Splits the path of `url` into decoded segments, or says why it cannot be served.
 * Works on the URL text rather than on `new URL(url).pathname` so that it judges what
 * was sent: for a real `Request` the two are equal, for anything else the checks still
 * hold.
 */
function splitPath(url: string, dotfiles: boolean): RequestPath | "malformed" | "refused" {
  const raw = rawPath(url);
  const segments = raw.split("/");
  const names: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    let name: string;
    try {
      name = decodeURIComponent(segments[i]);
    } catch {
      return "malformed"; // "%zz", "%4", or bytes that are not UTF-8
    }
    if (name === "." || name === "..") return "refused";
    if (name.includes("/") || name.includes("\\") || name.includes("\0")) return "refused";
    if (!dotfiles && name.startsWith(".")) return "refused";
    names.push(name);
  }
  return { raw, names };
}

/** The path part of an absolute URL's text: after the authority, before "?" or "#". */
function rawPath(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  for (const c of ["?", "#"]) {
    const at = url.indexOf(c, start);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(start, end);
}

/** The real path of `path` if it lies within `base` (itself a real path), else null. */
async function inside(base: string, path: string): Promise<string | null> {
  const real = await realpath(path);
  if (real === base) return real;
  return real.startsWith(base.endsWith(sep) ? base : base + sep) ? real : null;
}

/** The real path and stats of `dir`/index.html when it is a regular file inside `base`. */
async function findIndex(base: string, dir: string): Promise<{ path: string; info: Stats } | null> {
  try {
    const path = await inside(base, join(dir, "index.html"));
    if (path === null) return null;
    const info = await stat(path);
    return info.isFile() ? { path, info } : null;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** A 200 (or 304) for a regular file; small files are read whole, large ones streamed. */
async function sendFile(
  request: Request,
  head: boolean,
  path: string,
  info: Stats,
  streamThreshold: number,
): Promise<Response> {
  // EACCES → 403 before any header is promised. (Not fs.access(): Deno's needs --allow-sys
  // and its failure escapes the promise, taking the process down.)
  if (head || info.size > streamThreshold) await (await open(path, "r")).close();

  // Whole seconds, as HTTP dates have; never later than now (RFC 7232 §2.2.1), and
  // never before the year 0000, which four year digits cannot write.
  const mtime = Math.min(Math.floor(info.mtimeMs / 1000), Math.floor(Date.now() / 1000));
  const seconds = Math.max(mtime, YEAR_0000);
  const lastModified = formatHttpDate(new Date(seconds * 1000));
  if (notModifiedSince(request.headers.get("if-modified-since"), seconds)) {
    return new Response(null, { status: 304, headers: { "last-modified": lastModified } });
  }

  const type = contentType(path);
  if (head) return new Response(null, { headers: fileHeaders(type, info.size, lastModified) });
  if (info.size <= streamThreshold) {
    // Content-Length from what was read, in case the file changed since stat().
    const data = await readFile(path);
    // readFile's Buffer is backed by a plain ArrayBuffer; the cast only tells TypeScript so.
    return new Response(data as Uint8Array<ArrayBuffer>, { headers: fileHeaders(type, data.length, lastModified) });
  }
  return new Response(fileStream(path, info.size), { headers: fileHeaders(type, info.size, lastModified) });
}

/**
 * Whether an If-Modified-Since value means "send 304": a valid date, not in the future,
 * and the file (`seconds` since the epoch) not newer than it.
 */
function notModifiedSince(value: string | null, seconds: number): boolean {
  if (value === null) return false;
  const since = parseHttpDate(value);
  if (since === null) return false;
  const sinceMs = since.getTime();
  if (sinceMs > Date.now()) return false; // RFC 7232 §3.3: a future date is invalid
  return seconds <= Math.floor(sinceMs / 1000);
}

/**
 * A body that reads `size` bytes of the file at `path`, one chunk per read, opening the
 * file on the first read (a response that is never read holds no file) and closing it
 * at the end, on an error, and when the reader cancels (the client went away).
 */
function fileStream(path: string, size: number): ReadableStream<Uint8Array> {
  let file: FileHandle | undefined;
  let position = 0;
  let cancelled = false;

  const close = async () => {
    const f = file;
    file = undefined;
    await f?.close();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        file ??= await open(path, "r");
        if (cancelled) return await close(); // cancelled while the file was opening
        const want = Math.min(CHUNK_SIZE, size - position);
        const chunk = new Uint8Array(want);
        const { bytesRead } = await file.read(chunk, 0, want, position);
        if (cancelled) return await close();
        if (bytesRead === 0) throw new FileTruncatedError(path, size, position);
        position += bytesRead;
        controller.enqueue(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
        if (position === size) {
          await close(); // bytes the file may have grown by are not ours to send
          controller.close();
        }
      } catch (error) {
        await close().catch(() => {});
        if (!cancelled) controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      await close();
    },
  }, { highWaterMark: 0 }); // read from disk only when the consumer asks
}

/** Maps a file-system error to a status, or undefined for one this handler cannot explain. */
function statusOf(error: unknown): 403 | 404 | undefined {
  switch ((error as { code?: unknown } | null)?.code) {
    case "ENOENT": // no such file
    case "ENOTDIR": // a path segment is a file
    case "ENAMETOOLONG":
    case "ELOOP": // a symlink cycle
      return 404;
    case "EACCES":
    case "EPERM":
      return 403;
  }
  return undefined;
}

const REASONS: Readonly<Record<number, string>> = {
  301: "Moved Permanently",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
};

const encoder = new TextEncoder();

/** A plain-text response whose body is the status line: "404 Not Found\n". */
function plain(status: number, head: boolean, extra: Record<string, string> = {}): Response {
  const body = encoder.encode(`${status} ${REASONS[status]}\n`);
  return send(status, head, body, { "content-type": "text/plain; charset=utf-8", ...extra });
}

/** A response with `body` and its Content-Length; for HEAD, the same headers and no body. */
function send(status: number, head: boolean, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>): Response {
  headers["content-length"] = String(body.length);
  return new Response(head ? null : body, { status, headers });
}

/** The headers of a 200 for a file. */
function fileHeaders(type: string, length: number, lastModified: string): Record<string, string> {
  return { "content-type": type, "content-length": String(length), "last-modified": lastModified };
}
