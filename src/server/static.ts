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
import { realpath, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { type FileOptions, sendFile } from "./_file_response.ts";
import { readListing, renderListing } from "./_listing.ts";
import { InvalidOptionsError } from "../errors/invalid_options.ts";
import { bool, checkOptions, either, int, listOf, recordOf, text } from "../errors/option_rules.ts";

export { FileTruncatedError } from "./_file_body.ts";

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
  /** Send an ETag (`"SIZE-MTIME"` in hex) and honour If-Match / If-None-Match (default true). */
  etag?: boolean;
  /**
   * Compress compressible types (text, JSON, JavaScript, SVG, ...) with gzip on the fly
   * for clients that accept it (default false).
   */
  gzip?: boolean;
  /** Serve `FILE.br` / `FILE.gz` in place of `FILE` to clients that accept them (default true). */
  precompressed?: boolean;
  /**
   * Allow every origin (CORS): `Access-Control-Allow-Origin: *` on every answer, and a
   * 204 to preflight OPTIONS requests (default false; OPTIONS is then 405).
   */
  cors?: boolean;
  /** Headers added to every answer, e.g. `{ "cache-control": "no-cache" }` or a list of pairs. */
  headers?: Record<string, string> | [string, string][];
}

const RULES = {
  index: bool,
  listing: bool,
  streamThreshold: int(0),
  dotfiles: bool,
  etag: bool,
  gzip: bool,
  precompressed: bool,
  cors: bool,
  headers: either(
    "must be an object of strings, or a list of [name, value] pairs",
    recordOf(text(), text()),
    listOf(namePair),
  ),
};

/** A `[name, value]` header pair. */
function namePair(v: unknown): string | null {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string"
    ? null
    : "must be a [name, value] pair of strings";
}

/**
 * Returns a fetch-standard handler that serves the files under `root`: GET and HEAD,
 * Content-Type by extension, Content-Length, index.html or an HTML listing for
 * directories, and a 301 to add the slash a directory URL needs. Refused paths are 404
 * (see the module comment for why); unreadable files, and directories without index.html
 * when `listing` is false, are 403.
 *
 * For files (RFC 9110): `Last-Modified` and `ETag`; `If-Match` / `If-Unmodified-Since`
 * (412) and `If-None-Match` / `If-Modified-Since` (304) in the order of §13.2.2; one byte
 * range (`Range`, `If-Range`) → 206 with `Content-Range`, or 416; several ranges → the
 * whole file with 200. A precompressed `FILE.br` or `FILE.gz` is sent to a client that
 * accepts it (`Content-Encoding`, `Vary: Accept-Encoding`), and with `gzip` compressible
 * types are compressed on the fly. Large files are streamed from disk, never held whole.
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
  checkOptions("serveDir()", options, RULES);
  const index = options.index ?? true;
  const listing = options.listing ?? true;
  const dotfiles = options.dotfiles ?? false;
  const cors = options.cors ?? false;
  const files: FileOptions = {
    streamThreshold: options.streamThreshold ?? 64 * 1024,
    etag: options.etag ?? true,
    gzip: options.gzip ?? false,
    precompressed: options.precompressed ?? true,
  };
  let extra: Headers;
  try {
    extra = new Headers(options.headers);
  } catch (error) {
    throw new InvalidOptionsError(`Invalid serveDir() options:\n  headers: ${(error as Error).message}`);
  }
  if (cors) {
    extra.set("access-control-allow-origin", "*");
    // So a page on another origin can read what a range or revalidation answered.
    extra.set("access-control-expose-headers", "Accept-Ranges, Content-Encoding, Content-Range, ETag, Last-Modified");
  }
  const extras = [...extra];

  // The root's real path, looked up on first use; a failure is not cached, so a root
  // created after start-up is picked up.
  let rootReal: Promise<string> | undefined;
  const realRoot = () =>
    rootReal ??= realpath(resolve(root)).catch((error) => {
      rootReal = undefined;
      throw error;
    });

  const answer = async (request: Request): Promise<Response> => {
    const method = request.method;
    if (method === "OPTIONS" && cors) return preflight(request);
    if (method !== "GET" && method !== "HEAD") {
      return plain(405, false, { allow: cors ? "GET, HEAD, OPTIONS" : "GET, HEAD" });
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
          if (file !== null) return await sendFile(request, head, base, file.path, file.info, files);
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
      return await sendFile(request, head, base, real, info, files);
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined) throw error;
      return plain(status, head);
    }
  };

  if (extras.length === 0) return answer;
  return async function serveDirHandler(request: Request): Promise<Response> {
    const response = await answer(request);
    for (const [name, value] of extras) response.headers.set(name, value);
    return response;
  };
}

/**
 * The answer to an OPTIONS request when CORS is on: 204 allowing GET and HEAD from any
 * origin, with whatever request headers the preflight names (Range, If-None-Match, ...).
 */
function preflight(request: Request): Response {
  const headers: Record<string, string> = {
    allow: "GET, HEAD, OPTIONS",
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    "access-control-max-age": "86400",
  };
  const asked = request.headers.get("access-control-request-headers");
  if (asked !== null) headers["access-control-allow-headers"] = asked;
  return new Response(null, { status: 204, headers });
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
