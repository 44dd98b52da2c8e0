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
  xhtml: "application/xhtml+xml",
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
  xsl: "application/xml",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  jsonld: "application/ld+json",
  yaml: "application/yaml", // RFC 9512
  yml: "application/yaml",
  toml: "application/toml",
  ics: "text/calendar",
  vtt: "text/vtt", // WebVTT subtitles for <track>
  epub: "application/epub+zip",
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
  apng: "image/apng",
  jxl: "image/jxl",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
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
  m4a: "audio/mp4",
  aac: "audio/aac",
  opus: "audio/ogg",
  weba: "audio/webm",
  m4v: "video/mp4",
  mov: "video/quicktime",
  m3u8: "application/vnd.apple.mpegurl",
  mpd: "application/dash+xml",
  ogv: "video/ogg",
  // Archives
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
  br: "application/x-brotli",
  zst: "application/zstd",
  "7z": "application/x-7z-compressed",
}));

/**
 * Types whose content is text, which get `; charset=utf-8`: all of `text/*`, plus the
 * XML types, whose registrations define a charset parameter (RFC 7303). JSON is left
 * bare: RFC 8259 defines no charset parameter for it, and JSON is always UTF-8.
 */
function isText(type: string): boolean {
  return type.startsWith("text/") || type === "application/xml" || type.endsWith("+xml");
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

/**
 * Whether a `Content-Type` (as `contentType()` gives it) is worth compressing: text, and
 * the structured-text types (JSON, XML, JavaScript, SVG, WebAssembly). Images, fonts
 * (woff/woff2 are compressed already), audio, video and archives are not.
 */
export function compressible(type: string): boolean {
  const bare = type.split(";")[0];
  return bare.startsWith("text/") || bare.endsWith("+xml") || bare.endsWith("+json") ||
    COMPRESSIBLE.has(bare);
}

const COMPRESSIBLE: ReadonlySet<string> = new Set([
  "application/json",
  "application/xml",
  "application/wasm",
  "application/javascript",
  "font/ttf",
  "font/otf",
  "image/bmp",
  "image/vnd.microsoft.icon",
]);
