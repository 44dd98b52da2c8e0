/**
 * Media types for static files, chosen by file-name extension.
 *
 * The table is small on purpose: the types a web site actually serves. Anything else is
 * `application/octet-stream`, which tells a browser to download rather than guess
 * (sniffing an unknown type is how uploaded files turn into scripts).
 *
 * @module
 */

const UTF8 = "; charset=utf-8";

/**
 * Extension (lower case, no dot) → media type. Text types get `; charset=utf-8` in
 * `contentType()`, so they are listed bare here. A Map, not an object: a file named
 * `x.constructor` must not find `Object.prototype.constructor`.
 */
const TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  // Documents and code
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  js: "text/javascript", // RFC 9239: text/javascript is the one to use
  mjs: "text/javascript",
  cjs: "text/javascript",
  // TypeScript: "video/mp2t" (MPEG transport stream) is wrong for code, and no
  // TypeScript type is registered. text/plain shows the source in a browser, and Deno,
  // given text/plain, takes a module's language from its extension.
  ts: "text/plain",
  mts: "text/plain",
  cts: "text/plain",
  tsx: "text/plain",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  txt: "text/plain",
  md: "text/markdown", // RFC 7763
  markdown: "text/markdown",
  csv: "text/csv",
  xml: "application/xml", // RFC 7303
  pdf: "application/pdf",
  wasm: "application/wasm", // needed by WebAssembly.instantiateStreaming
  // Images
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  ico: "image/vnd.microsoft.icon",
  // Fonts (RFC 8081)
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  // Audio and video
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  wav: "audio/wav",
  flac: "audio/flac",
  mp4: "video/mp4",
  webm: "video/webm",
  ogv: "video/ogg",
  // Archives
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
}));

/**
 * Types whose content is text, which get `; charset=utf-8`: all of `text/*`, plus the
 * XML types, whose registrations define a charset parameter (RFC 7303). JSON is left
 * bare: RFC 8259 defines no charset parameter for it, and JSON is always UTF-8.
 */
function isText(type: string): boolean {
  return type.startsWith("text/") || type === "application/xml" || type === "image/svg+xml";
}

/**
 * Returns the `Content-Type` for a file path, chosen by its extension (case-insensitive);
 * text types carry `; charset=utf-8`, and an unknown or missing extension gives
 * `application/octet-stream`.
 *
 * Only the last extension counts (`a.tar.gz` is gzip), and a leading dot does not start
 * one (`.bashrc` has none).
 *
 * @example
 * ```ts
 * contentType("site/index.html"); // "text/html; charset=utf-8"
 * contentType("logo.PNG");        // "image/png"
 * contentType("README");          // "application/octet-stream"
 * ```
 */
export function contentType(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "application/octet-stream";
  const type = TYPES.get(name.slice(dot + 1).toLowerCase());
  if (type === undefined) return "application/octet-stream";
  return isText(type) ? type + UTF8 : type;
}
