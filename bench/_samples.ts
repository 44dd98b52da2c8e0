/**
 * The shared sample messages of the micro-benchmarks, as bytes: one realistic browser GET
 * (the request every parser group measures), a tiny head, the same GET with a 4 KiB cookie,
 * and a typical response head. Built once, at import, outside every timed function.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Joins header lines with CRLF and ends the head with the empty line. */
function head(lines: string[]): Uint8Array {
  return encoder.encode(lines.join("\r\n") + "\r\n\r\n");
}

const BROWSER_LINES = [
  "GET /articles/keep-alive?ref=home HTTP/1.1",
  "Host: www.example.com",
  "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Accept: text/html,application/xhtml+xml,*/*;q=0.8",
  "Accept-Language: en-US,en;q=0.5",
  "Accept-Encoding: gzip, deflate",
  "Referer: http://www.example.com/",
  "Connection: keep-alive",
  "Cookie: session=9f86d081884c7d65",
];

/** A browser's GET: 8 header fields, 361 bytes. The one request every parser group shares. */
export const BROWSER_GET: Uint8Array = head(BROWSER_LINES);

/** The smallest useful head: an HTTP/1.0 GET with no fields. */
export const TINY_GET: Uint8Array = head(["GET / HTTP/1.0"]);

/** The browser GET with its cookie grown to 4 KiB, as sites with many trackers send. */
export const COOKIE_GET: Uint8Array = head([
  ...BROWSER_LINES.slice(0, -1),
  `Cookie: session=9f86d081884c7d65; ${"_ga=GA1.2.1234567890.1234567890; ".repeat(123).slice(0, 4096 - 27)}`,
]);

/** What nginx sends for a small static file: 8 header fields. */
export const NGINX_RESPONSE: Uint8Array = head([
  "HTTP/1.1 200 OK",
  "Server: nginx/1.22.1",
  "Date: Sun, 06 Nov 1994 08:49:37 GMT",
  "Content-Type: text/html; charset=utf-8",
  "Content-Length: 1432",
  "Last-Modified: Sat, 05 Nov 1994 17:02:11 GMT",
  "Connection: keep-alive",
  'ETag: "5f8a1b2c-598"',
  "Accept-Ranges: bytes",
]);

/** The fields `serve()` writes for a 13-byte "Hello, World!" kept alive. */
export const HELLO_FIELDS: [string, string][] = [
  ["Date", "Sun, 06 Nov 1994 08:49:37 GMT"],
  ["Server", "http10/0.1.0"],
  ["content-type", "text/plain;charset=UTF-8"],
  ["Content-Length", "13"],
  ["Connection", "keep-alive"],
];

/** Splits `bytes` into views of `size` bytes (the last may be shorter), as a slow peer sends them. */
export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, Math.min(bytes.length, i + size)));
  return out;
}
