// parseRequestHead(): a table of raw requests (RFC 1945, RFC 9112) and what they must parse
// to. Every case is also fed cut at every byte boundary and at a non-zero start.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CODES as E } from "../../src/http10/errors.ts";
import type { BodyFraming } from "../../src/http10/framing.ts";
import { parseRequestHead, type RequestHead, type RequestParseOptions } from "../../src/http10/parse_request.ts";
import { isValidHost } from "../../src/http10/_host.ts";
import { assertError, bytes, mutations, outcome, pairs, parseEverySplit } from "./_harness.ts";

interface Expected {
  method?: string;
  target?: string;
  version?: [number, number];
  headers?: [string, string][];
  framing?: BodyFraming;
  /** Bytes of the head; defaults to the whole raw string. */
  consumed?: number;
}

interface Case {
  name: string;
  raw: string;
  options?: RequestParseOptions;
  ok?: Expected;
  error?: string;
  offset?: number;
  incomplete?: true;
}

const NONE: BodyFraming = { kind: "none" };
const many = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: ${i}\r\n`).join("");

const cases: Case[] = [
  // --- The request line ---
  {
    name: "accepts the smallest HTTP/1.0 request",
    raw: "GET / HTTP/1.0\r\n\r\n",
    ok: { method: "GET", target: "/", version: [1, 0], headers: [], framing: NONE },
  },
  {
    name: "accepts the RFC 1945 example request with headers",
    raw: "GET /pub/WWW/TheProject.html HTTP/1.0\r\nUser-Agent: CERN-LineMode/2.15 libwww/2.17b3\r\n" +
      "Accept: text/html\r\nFrom: webmaster@w3.org\r\n\r\n",
    ok: {
      target: "/pub/WWW/TheProject.html",
      headers: [["User-Agent", "CERN-LineMode/2.15 libwww/2.17b3"], ["Accept", "text/html"], [
        "From",
        "webmaster@w3.org",
      ]],
    },
  },
  {
    name: "accepts an HTTP/1.1 request with Host",
    raw: "GET /hello.txt HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/7.64.1\r\n\r\n",
    ok: { version: [1, 1], headers: [["Host", "www.example.com"], ["User-Agent", "curl/7.64.1"]] },
  },
  {
    name: "accepts HTTP/1.9 as version 1.9 (a future 1.x minor)",
    raw: "GET / HTTP/1.9\r\nHost: a\r\n\r\n",
    ok: { version: [1, 9] },
  },
  {
    name: "keeps the method's case: lower-case get is another method",
    raw: "get / HTTP/1.0\r\n\r\n",
    ok: { method: "get" },
  },
  {
    name: "accepts any token as method (M-SEARCH)",
    raw: "M-SEARCH / HTTP/1.1\r\nHost: x\r\n\r\n",
    ok: { method: "M-SEARCH" },
  },
  {
    name: "accepts an extension method with token symbols",
    raw: "PROP!#$%&'*+-.^_`|~FIND / HTTP/1.0\r\n\r\n",
    ok: { method: "PROP!#$%&'*+-.^_`|~FIND" },
  },
  {
    name: "accepts a HEAD request",
    raw: "HEAD /index.html HTTP/1.0\r\n\r\n",
    ok: { method: "HEAD", target: "/index.html" },
  },
  {
    name: "accepts a query with percent-encoding and sub-delims in the target",
    raw: "GET /search?q=a%20b&x=[1]&y=$!'()*+,;=:@ HTTP/1.0\r\n\r\n",
    ok: { target: "/search?q=a%20b&x=[1]&y=$!'()*+,;=:@" },
  },
  {
    name: "accepts an absolute-form target",
    raw: "GET http://www.example.org:8080/pub/WWW/TheProject.html?x=1 HTTP/1.1\r\nHost: www.example.org:8080\r\n\r\n",
    ok: { target: "http://www.example.org:8080/pub/WWW/TheProject.html?x=1" },
  },
  {
    name: "accepts an absolute-form target with another scheme",
    raw: "GET https://a.example/ HTTP/1.0\r\n\r\n",
    ok: { target: "https://a.example/" },
  },
  {
    name: "accepts the asterisk-form for OPTIONS",
    raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    ok: { method: "OPTIONS", target: "*" },
  },
  {
    name: "accepts the authority-form for CONNECT",
    raw: "CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n",
    ok: { method: "CONNECT", target: "www.example.com:443" },
  },
  {
    name: "accepts CONNECT to an IPv6 literal",
    raw: "CONNECT [2001:db8::1]:443 HTTP/1.0\r\n\r\n",
    ok: { target: "[2001:db8::1]:443" },
  },
  {
    name: "skips empty lines before the request line (RFC 9112 §2.2)",
    raw: "\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    ok: { method: "GET", consumed: 22 },
  },
  { name: "rejects a space before the method", raw: " GET / HTTP/1.0\r\n\r\n", error: E.INVALID_METHOD, offset: 0 },
  {
    name: "rejects a method with a non-token character",
    raw: "G@T / HTTP/1.0\r\n\r\n",
    error: E.INVALID_METHOD,
    offset: 1,
  },
  { name: "rejects a NUL in the method", raw: "GE\0T / HTTP/1.0\r\n\r\n", error: E.INVALID_METHOD, offset: 2 },
  { name: "rejects a non-ASCII byte in the method early", raw: "G\xC9T", error: E.INVALID_METHOD, offset: 1 },
  {
    name: "rejects a tab instead of a space after the method",
    raw: "GET\t/ HTTP/1.0\r\n\r\n",
    error: E.INVALID_METHOD,
    offset: 3,
  },
  { name: "rejects two spaces after the method", raw: "GET  / HTTP/1.0\r\n\r\n", error: E.INVALID_TARGET, offset: 4 },
  { name: "rejects a request line with only a method", raw: "GET\r\n\r\n", error: E.INVALID_TARGET },
  { name: "rejects a method and a space with no target", raw: "GET \r\n\r\n", error: E.INVALID_TARGET },
  {
    name: "rejects a fragment (#) in the target",
    raw: "GET /a#frag HTTP/1.0\r\n\r\n",
    error: E.INVALID_TARGET,
    offset: 6,
  },
  {
    name: "rejects a byte >= 0x80 in the target",
    raw: "GET /caf\xE9 HTTP/1.0\r\n\r\n",
    error: E.INVALID_TARGET,
    offset: 8,
  },
  { name: "rejects a tab in the target", raw: "GET /a\tb HTTP/1.0\r\n\r\n", error: E.INVALID_TARGET, offset: 6 },
  { name: "rejects DEL in the target", raw: "GET /a\x7F HTTP/1.0\r\n\r\n", error: E.INVALID_TARGET, offset: 6 },
  { name: "rejects a NUL in the target", raw: "GET /\0 HTTP/1.0\r\n\r\n", error: E.INVALID_TARGET, offset: 5 },
  { name: "rejects a relative target", raw: "GET index.html HTTP/1.0\r\n\r\n", error: E.INVALID_TARGET, offset: 4 },
  { name: "rejects the asterisk-form for GET", raw: "GET * HTTP/1.1\r\nHost: a\r\n\r\n", error: E.INVALID_TARGET },
  {
    name: "rejects an authority-form target for GET",
    raw: "GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n",
    error: E.INVALID_TARGET,
  },
  {
    name: "rejects an origin-form target for CONNECT",
    raw: "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n",
    error: E.INVALID_TARGET,
  },
  {
    name: "rejects CONNECT without a port",
    raw: "CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n",
    error: E.INVALID_TARGET,
  },
  {
    name: "rejects a space inside the target (the rest is no version)",
    raw: "GET /a b HTTP/1.0\r\n\r\n",
    error: E.INVALID_VERSION,
    offset: 7,
  },
  { name: "rejects a lower-case version", raw: "GET / http/1.0\r\n\r\n", error: E.INVALID_VERSION, offset: 6 },
  { name: "rejects a version without a minor number", raw: "GET / HTTP/1\r\n\r\n", error: E.INVALID_VERSION },
  { name: "rejects a two-digit major version", raw: "GET / HTTP/10.0\r\n\r\n", error: E.INVALID_VERSION },
  { name: "rejects a two-digit minor version", raw: "GET / HTTP/1.10\r\n\r\n", error: E.INVALID_VERSION },
  { name: "rejects a space after the version", raw: "GET / HTTP/1.0 \r\n\r\n", error: E.INVALID_VERSION },
  { name: "rejects a word after the version", raw: "GET / HTTP/1.0 extra\r\n\r\n", error: E.INVALID_VERSION },
  { name: "answers HTTP/2.0 with 505", raw: "GET / HTTP/2.0\r\n\r\n", error: E.VERSION_NOT_SUPPORTED, offset: 6 },
  {
    name: "answers HTTP/3.0 with 505 without waiting for headers",
    raw: "GET / HTTP/3.0\r\nHost",
    error: E.VERSION_NOT_SUPPORTED,
  },
  { name: "answers HTTP/0.9 spelled out with 505", raw: "GET / HTTP/0.9\r\n\r\n", error: E.VERSION_NOT_SUPPORTED },

  // --- HTTP/0.9 Simple-Request (RFC 1945 §4.1) ---
  {
    name: "parses GET without a version as an HTTP/0.9 Simple-Request",
    raw: "GET /index.html\r\n",
    ok: { method: "GET", target: "/index.html", version: [0, 9], headers: [], framing: NONE },
  },
  {
    name: "ends a Simple-Request at its line end, leaving what follows",
    raw: "GET /\r\nHost: ignored\r\n\r\n",
    ok: { version: [0, 9], consumed: 7, headers: [] },
  },
  { name: "rejects a POST without a version", raw: "POST /form\r\n\r\n", error: E.INVALID_VERSION, offset: 10 },
  { name: "rejects a HEAD without a version", raw: "HEAD /\r\n", error: E.INVALID_VERSION },

  // --- Header fields ---
  {
    name: "keeps header names as received and in order",
    raw: "GET / HTTP/1.0\r\nhost: a\r\nACCEPT: b\r\nX-Mixed-Case: c\r\n\r\n",
    ok: { headers: [["host", "a"], ["ACCEPT", "b"], ["X-Mixed-Case", "c"]] },
  },
  {
    name: "keeps duplicate fields as separate lines",
    raw: "GET / HTTP/1.0\r\nAccept: a\r\nX: 1\r\nAccept: b\r\n\r\n",
    ok: { headers: [["Accept", "a"], ["X", "1"], ["Accept", "b"]] },
  },
  {
    name: "strips OWS around values but not inside them",
    raw: "GET / HTTP/1.0\r\nX:   a  b\tc  \r\n\r\n",
    ok: { headers: [["X", "a  b\tc"]] },
  },
  { name: "accepts tabs as OWS", raw: "GET / HTTP/1.0\r\nX:\tv\t\r\n\r\n", ok: { headers: [["X", "v"]] } },
  { name: "accepts an empty value", raw: "GET / HTTP/1.0\r\nX-Empty:\r\n\r\n", ok: { headers: [["X-Empty", ""]] } },
  {
    name: "accepts a value of only whitespace as empty",
    raw: "GET / HTTP/1.0\r\nX: \t \r\n\r\n",
    ok: { headers: [["X", ""]] },
  },
  {
    name: "accepts colons and quotes in values",
    raw: 'GET / HTTP/1.0\r\nX: a:b "c, d"\r\n\r\n',
    ok: { headers: [["X", 'a:b "c, d"']] },
  },
  {
    name: "accepts every tchar in a field name",
    raw: "GET / HTTP/1.0\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n",
    ok: { headers: [["!#$%&'*+-.^_`|~09azAZ", "v"]] },
  },
  {
    name: "decodes obs-text as ISO-8859-1, byte for char",
    raw: "GET / HTTP/1.0\r\nX-Name: caf\xE9 \xFF\r\n\r\n",
    ok: { headers: [["X-Name", "caf\u00e9 \u00ff"]] },
  },
  {
    name: "decodes 0x80-0x9F as U+0080-U+009F, not windows-1252",
    raw: "GET / HTTP/1.0\r\nX: \x80\x9F\r\n\r\n",
    ok: { headers: [["X", "\u0080\u009f"]] },
  },
  { name: "accepts 100 fields, the default limit", raw: `GET / HTTP/1.0\r\n${many(100)}\r\n`, ok: { method: "GET" } },
  { name: "rejects 101 fields by default", raw: `GET / HTTP/1.0\r\n${many(101)}\r\n`, error: E.TOO_MANY_HEADERS },
  {
    name: "rejects a space before the colon",
    raw: "GET / HTTP/1.0\r\nHost : a\r\n\r\n",
    error: E.SPACE_BEFORE_COLON,
    offset: 20,
  },
  { name: "rejects a tab before the colon", raw: "GET / HTTP/1.0\r\nHost\t: a\r\n\r\n", error: E.SPACE_BEFORE_COLON },
  { name: "rejects obs-fold", raw: "GET / HTTP/1.0\r\nX: a\r\n b\r\n\r\n", error: E.OBS_FOLD, offset: 22 },
  { name: "rejects obs-fold with a tab", raw: "GET / HTTP/1.0\r\nX: a\r\n\tb\r\n\r\n", error: E.OBS_FOLD },
  { name: "rejects whitespace before the first field", raw: "GET / HTTP/1.0\r\n Host: a\r\n\r\n", error: E.OBS_FOLD },
  {
    name: "rejects a line without a colon",
    raw: "GET / HTTP/1.0\r\nNoColon\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
    offset: 16,
  },
  {
    name: "rejects an empty field name",
    raw: "GET / HTTP/1.0\r\n: v\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
    offset: 16,
  },
  {
    name: "rejects a separator in a field name",
    raw: "GET / HTTP/1.0\r\nX(Y): v\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
    offset: 17,
  },
  {
    name: "rejects whitespace inside a field name",
    raw: "GET / HTTP/1.0\r\nX Y: v\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
  },
  {
    name: "rejects a non-ASCII byte in a field name",
    raw: "GET / HTTP/1.0\r\nX\xE9: v\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
  },
  { name: "rejects a NUL in a field name", raw: "GET / HTTP/1.0\r\nX\0: v\r\n\r\n", error: E.INVALID_HEADER_NAME },
  {
    name: "rejects a NUL in a value",
    raw: "GET / HTTP/1.0\r\nX: a\0b\r\n\r\n",
    error: E.INVALID_HEADER_VALUE,
    offset: 20,
  },
  {
    name: "rejects a control character in a value",
    raw: "GET / HTTP/1.0\r\nX: a\x1Bb\r\n\r\n",
    error: E.INVALID_HEADER_VALUE,
  },
  { name: "rejects DEL in a value", raw: "GET / HTTP/1.0\r\nX: \x7F\r\n\r\n", error: E.INVALID_HEADER_VALUE },

  // --- Line endings ---
  { name: "rejects a bare CR inside a value", raw: "GET / HTTP/1.0\r\nX: a\rb\r\n\r\n", error: E.BARE_CR, offset: 20 },
  {
    name: "rejects a bare CR ending the request line",
    raw: "GET / HTTP/1.0\rHost: a\r\n\r\n",
    error: E.BARE_CR,
    offset: 14,
  },
  { name: "rejects a bare CR where the head should end", raw: "GET / HTTP/1.0\r\nX: a\r\n\rX", error: E.BARE_CR },
  { name: "rejects a bare CR before the request line", raw: "\rGET / HTTP/1.0\r\n\r\n", error: E.BARE_CR, offset: 0 },
  {
    name: "rejects a bare LF ending the request line",
    raw: "GET / HTTP/1.0\nHost: a\r\n\r\n",
    error: E.BARE_LF,
    offset: 14,
  },
  { name: "rejects a bare LF ending a field line", raw: "GET / HTTP/1.0\r\nX: a\n\r\n", error: E.BARE_LF },
  { name: "rejects a bare LF ending the head", raw: "GET / HTTP/1.0\r\nX: a\r\n\n", error: E.BARE_LF },
  { name: "rejects a bare LF before the request line", raw: "\nGET / HTTP/1.0\r\n\r\n", error: E.BARE_LF },
  {
    name: "accepts bare LF line endings with allowBareLf",
    raw: "GET / HTTP/1.0\nHost: a\nX: b\n\n",
    options: { allowBareLf: true },
    ok: { headers: [["Host", "a"], ["X", "b"]] },
  },
  {
    name: "accepts mixed CRLF and LF with allowBareLf",
    raw: "\nGET / HTTP/1.1\r\nHost: a\n\r\n",
    options: { allowBareLf: true },
    ok: { version: [1, 1], headers: [["Host", "a"]] },
  },
  {
    name: "still rejects a bare CR with allowBareLf",
    raw: "GET / HTTP/1.0\nX: a\rb\n\n",
    options: { allowBareLf: true },
    error: E.BARE_CR,
  },
  {
    name: "accepts a Simple-Request ended by LF with allowBareLf",
    raw: "GET /\n",
    options: { allowBareLf: true },
    ok: { version: [0, 9] },
  },

  // --- Content-Length (RFC 9112 §6.2, RFC 9110 §8.6) ---
  {
    name: "frames a POST body by Content-Length and stops before the body",
    raw: "POST /form HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
    ok: { method: "POST", framing: { kind: "length", length: 5 }, consumed: 42 },
  },
  {
    name: "accepts Content-Length: 0",
    raw: "POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
    ok: { framing: { kind: "length", length: 0 } },
  },
  {
    name: "accepts leading zeros in Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: 007\r\n\r\n",
    ok: { framing: { kind: "length", length: 7 } },
  },
  {
    name: "finds Content-Length in any case",
    raw: "POST / HTTP/1.0\r\ncOnTeNt-LeNgTh: 3\r\n\r\n",
    ok: { framing: { kind: "length", length: 3 } },
  },
  {
    name: "accepts repeated identical Content-Length fields",
    raw: "POST / HTTP/1.0\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n",
    ok: { framing: { kind: "length", length: 4 } },
  },
  {
    name: "accepts an identical Content-Length list",
    raw: "POST / HTTP/1.0\r\nContent-Length: 4, 4,4\r\n\r\n",
    ok: { framing: { kind: "length", length: 4 } },
  },
  {
    name: "accepts Content-Length up to MAX_SAFE_INTEGER when the body limit allows",
    raw: "POST / HTTP/1.0\r\nContent-Length: 9007199254740991\r\n\r\n",
    options: { maxBodySize: Number.MAX_SAFE_INTEGER },
    ok: { framing: { kind: "length", length: 9007199254740991 } },
  },
  {
    name: "rejects a non-numeric Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: abc\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
    offset: 17,
  },
  {
    name: "rejects a negative Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: -1\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects a signed Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: +5\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects a space inside Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: 1 0\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects an empty Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length:\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects a hexadecimal Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: 0x10\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects a fractional Content-Length",
    raw: "POST / HTTP/1.0\r\nContent-Length: 1.5\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects an empty element in a Content-Length list",
    raw: "POST / HTTP/1.0\r\nContent-Length: 5,\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects a Content-Length above MAX_SAFE_INTEGER",
    raw: "POST / HTTP/1.0\r\nContent-Length: 9007199254740992\r\n\r\n",
    error: E.INVALID_CONTENT_LENGTH,
  },
  {
    name: "rejects two different Content-Length fields",
    raw: "POST / HTTP/1.0\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    error: E.CONFLICTING_CONTENT_LENGTH,
    offset: 36,
  },
  {
    name: "rejects a Content-Length list with different values",
    raw: "POST / HTTP/1.0\r\nContent-Length: 5, 6\r\n\r\n",
    error: E.CONFLICTING_CONTENT_LENGTH,
  },
  {
    name: "answers a Content-Length above maxBodySize with 413 before the body",
    raw: "POST / HTTP/1.0\r\nContent-Length: 1025\r\n\r\n",
    options: { maxBodySize: 1024 },
    error: E.BODY_TOO_LARGE,
    offset: 17,
  },
  {
    name: "accepts a Content-Length equal to maxBodySize",
    raw: "POST / HTTP/1.0\r\nContent-Length: 1024\r\n\r\n",
    options: { maxBodySize: 1024 },
    ok: { framing: { kind: "length", length: 1024 } },
  },

  // --- Transfer-Encoding (RFC 9112 §6.1, §6.3) ---
  {
    name: "frames an HTTP/1.1 chunked body",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    ok: { framing: { kind: "chunked" }, consumed: 56 },
  },
  {
    name: "reads the chunked coding case-insensitively",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n",
    ok: { framing: { kind: "chunked" } },
  },
  {
    name: "ignores empty list elements in Transfer-Encoding",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked\r\n\r\n",
    ok: { framing: { kind: "chunked" } },
  },
  {
    name: "rejects Transfer-Encoding with Content-Length (request smuggling)",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    error: E.TE_WITH_CONTENT_LENGTH,
    offset: 45,
  },
  {
    name: "rejects Transfer-Encoding in an HTTP/1.0 request",
    raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    error: E.TE_ON_HTTP10,
    offset: 17,
  },
  {
    name: "answers gzip alone with 501",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
    error: E.UNSUPPORTED_TRANSFER_ENCODING,
  },
  {
    name: "answers identity with 501",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
    error: E.UNSUPPORTED_TRANSFER_ENCODING,
  },
  {
    name: "answers an unknown coding with 501",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo\r\n\r\n",
    error: E.UNSUPPORTED_TRANSFER_ENCODING,
  },
  {
    name: "answers gzip before chunked with 501 (we do not decode gzip)",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    error: E.UNSUPPORTED_TRANSFER_ENCODING,
  },
  {
    name: "rejects chunked applied twice",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
    error: E.INVALID_TRANSFER_ENCODING,
  },
  {
    name: "rejects chunked that is not the final coding",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
    error: E.INVALID_TRANSFER_ENCODING,
  },
  {
    name: "rejects an empty Transfer-Encoding",
    raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n",
    error: E.INVALID_TRANSFER_ENCODING,
  },

  // --- Host (RFC 9112 §3.2) ---
  {
    name: "rejects an HTTP/1.1 request without Host",
    raw: "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
    error: E.MISSING_HOST,
  },
  {
    name: "accepts an HTTP/1.0 request without Host",
    raw: "GET / HTTP/1.0\r\nAccept: */*\r\n\r\n",
    ok: { version: [1, 0] },
  },
  {
    name: "rejects two Host fields on HTTP/1.1",
    raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    error: E.MULTIPLE_HOST,
    offset: 25,
  },
  {
    name: "rejects two Host fields on HTTP/1.0 too",
    raw: "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n",
    error: E.MULTIPLE_HOST,
  },
  { name: "accepts an empty Host", raw: "GET / HTTP/1.1\r\nHost:\r\n\r\n", ok: { headers: [["Host", ""]] } },
  {
    name: "accepts a Host with a port",
    raw: "GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
    ok: { version: [1, 1] },
  },
  { name: "accepts an IPv4 Host", raw: "GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n", ok: { version: [1, 1] } },
  { name: "accepts a bracketed IPv6 Host", raw: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", ok: { version: [1, 1] } },
  {
    name: "accepts a percent-encoded reg-name Host",
    raw: "GET / HTTP/1.1\r\nHost: ex%41mple.com\r\n\r\n",
    ok: { version: [1, 1] },
  },
  {
    name: "rejects a Host with a space",
    raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
    error: E.INVALID_HOST,
    offset: 16,
  },
  { name: "rejects a Host with a path", raw: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a Host with userinfo", raw: "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a Host with a query", raw: "GET / HTTP/1.1\r\nHost: a?b\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a Host with a fragment", raw: "GET / HTTP/1.1\r\nHost: a#b\r\n\r\n", error: E.INVALID_HOST },
  {
    name: "rejects a Host with a non-numeric port",
    raw: "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n",
    error: E.INVALID_HOST,
  },
  {
    name: "rejects a Host with a port above 65535",
    raw: "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n",
    error: E.INVALID_HOST,
  },
  { name: "rejects an unbracketed IPv6 Host", raw: "GET / HTTP/1.1\r\nHost: ::1\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a malformed IPv6 Host", raw: "GET / HTTP/1.1\r\nHost: [::g]\r\n\r\n", error: E.INVALID_HOST },
  {
    name: "rejects an IPv6 Host with seven groups and no ::",
    raw: "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7]\r\n\r\n",
    error: E.INVALID_HOST,
  },
  {
    name: "rejects an IPv6 Host with nine groups",
    raw: "GET / HTTP/1.1\r\nHost: [1:2:3:4:5:6:7:8:9]\r\n\r\n",
    error: E.INVALID_HOST,
  },
  {
    name: "rejects an IPv6 Host with :: and eight groups",
    raw: "GET / HTTP/1.1\r\nHost: [1::2:3:4:5:6:7:8]\r\n\r\n",
    error: E.INVALID_HOST,
  },
  { name: "rejects an IPv6 Host with two ::", raw: "GET / HTTP/1.1\r\nHost: [1::2::3]\r\n\r\n", error: E.INVALID_HOST },
  {
    name: "accepts a full eight-group IPv6 Host",
    raw: "GET / HTTP/1.1\r\nHost: [2001:db8:0:0:0:0:2:1]\r\n\r\n",
    ok: { version: [1, 1] },
  },
  {
    name: "accepts an IPv6 Host with an IPv4 tail",
    raw: "GET / HTTP/1.1\r\nHost: [::ffff:192.0.2.1]:80\r\n\r\n",
    ok: { version: [1, 1] },
  },
  {
    name: "rejects an IPv6 Host with a bad IPv4 tail",
    raw: "GET / HTTP/1.1\r\nHost: [::ffff:192.0.2.256]\r\n\r\n",
    error: E.INVALID_HOST,
  },
  { name: "accepts an IPvFuture Host", raw: "GET / HTTP/1.1\r\nHost: [v1.fe:80]\r\n\r\n", ok: { version: [1, 1] } },
  { name: "rejects text after a bracketed Host", raw: "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a Host that is only a port", raw: "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", error: E.INVALID_HOST },
  {
    name: "accepts a Host with an empty port",
    raw: "GET / HTTP/1.1\r\nHost: a.example:\r\n\r\n",
    ok: { version: [1, 1] },
  },
  { name: "rejects an invalid Host on HTTP/1.0", raw: "GET / HTTP/1.0\r\nHost: a,b/c\r\n\r\n", error: E.INVALID_HOST },
  { name: "rejects a non-ASCII Host", raw: "GET / HTTP/1.1\r\nHost: caf\xE9.example\r\n\r\n", error: E.INVALID_HOST },

  // --- Limits ---
  {
    name: "accepts a request line exactly maxRequestLine long",
    raw: "GET /aaaaaa HTTP/1.0\r\n\r\n",
    options: { maxRequestLine: 20 },
    ok: { target: "/aaaaaa" },
  },
  {
    name: "answers a request line one byte over maxRequestLine with 414",
    raw: "GET /aaaaaaa HTTP/1.0\r\n\r\n",
    options: { maxRequestLine: 20 },
    error: E.URI_TOO_LONG,
  },
  {
    name: "answers 414 while the request line is still arriving",
    raw: "GET /" + "a".repeat(40),
    options: { maxRequestLine: 20 },
    error: E.URI_TOO_LONG,
    offset: 21,
  },
  {
    name: "accepts a head exactly maxHeadSize long",
    raw: "GET / HTTP/1.0\r\nX: 12345\r\n\r\n",
    options: { maxHeadSize: 28 },
    ok: { headers: [["X", "12345"]] },
  },
  {
    name: "answers a head one byte over maxHeadSize with 431",
    raw: "GET / HTTP/1.0\r\nX: 123456\r\n\r\n",
    options: { maxHeadSize: 28 },
    error: E.HEADER_TOO_LARGE,
  },
  {
    name: "answers 431 while an endless field is still arriving",
    raw: "GET / HTTP/1.0\r\nX: " + "a".repeat(100),
    options: { maxHeadSize: 64 },
    error: E.HEADER_TOO_LARGE,
    offset: 64,
  },
  {
    name: "counts leading empty lines toward maxHeadSize",
    raw: "\r\n".repeat(20) + "GET / HTTP/1.0\r\n\r\n",
    options: { maxHeadSize: 32 },
    error: E.HEADER_TOO_LARGE,
  },
  {
    name: "answers more than maxHeaderCount fields with 431 before the head ends",
    raw: "GET / HTTP/1.0\r\nA: 1\r\nB: 2\r\nC",
    options: { maxHeaderCount: 2 },
    error: E.TOO_MANY_HEADERS,
    offset: 28,
  },
  {
    name: "accepts exactly maxHeaderCount fields",
    raw: "GET / HTTP/1.0\r\nA: 1\r\nB: 2\r\n\r\n",
    options: { maxHeaderCount: 2 },
    ok: { method: "GET" },
  },

  // --- Incomplete input ---
  { name: "waits for the empty line that ends the head", raw: "GET / HTTP/1.0\r\nHost: a\r\n", incomplete: true },
  { name: "waits after only leading empty lines", raw: "\r\n\r\n", incomplete: true },
  { name: "waits for the LF after a final CR", raw: "GET / HTTP/1.0\r\n\r", incomplete: true },
];

for (const c of cases) {
  test(`parseRequestHead() ${c.name}`, () => {
    const raw = bytes(c.raw);
    const parse = (buf: Uint8Array, start: number, end: number) => parseRequestHead(buf, start, end, c.options);
    const got = parseEverySplit(raw, parse, normalize);
    if (c.incomplete) {
      assert.equal(got.kind, "incomplete");
    } else if (c.error !== undefined) {
      assertError(got, c.error, c.offset);
    } else {
      assert.equal(got.kind, "ok", got.kind === "error" ? `${got.error.code}: ${got.error.message}` : got.kind);
      if (got.kind !== "ok") return;
      const want = c.ok!;
      const head = got.head;
      assert.equal(got.consumed, want.consumed ?? raw.length, "consumed");
      if (want.method !== undefined) assert.equal(head.method, want.method);
      if (want.target !== undefined) assert.equal(head.target, want.target);
      if (want.version !== undefined) assert.deepEqual([head.version.major, head.version.minor], want.version);
      if (want.headers !== undefined) assert.deepEqual(pairs(head.headers), want.headers);
      if (want.framing !== undefined) assert.deepEqual(head.framing, want.framing);
    }
  });
}

function normalize(head: RequestHead) {
  return { ...head, headers: pairs(head.headers), version: { ...head.version } };
}

test("parseRequestHead() has a broad corpus of cases", () => {
  assert.ok(cases.length >= 80, `${cases.length} cases`);
});

test("parseRequestHead() parses only buf[start:end]", () => {
  const raw = bytes("xxGET / HTTP/1.0\r\n\r\nGET /next HTTP/1.0\r\n\r\n");
  const first = parseRequestHead(raw, 2, 20);
  assert.notEqual(first, "incomplete");
  if (first === "incomplete") return;
  assert.equal(first.consumed, 18);
  const second = parseRequestHead(raw, 2 + first.consumed);
  assert.notEqual(second, "incomplete");
  if (second !== "incomplete") assert.equal(second.head.target, "/next");
});

test("parseRequestHead() throws RangeError for a range outside the buffer", () => {
  assert.throws(() => parseRequestHead(new Uint8Array(4), 0, 5), RangeError);
  assert.throws(() => parseRequestHead(new Uint8Array(4), 3, 2), RangeError);
});

test("parseRequestHead() returns incomplete for an empty range", () => {
  assert.equal(parseRequestHead(new Uint8Array(0)), "incomplete");
});

test("parseRequestHead() reports error offsets relative to start", () => {
  const raw = bytes("....G@T / HTTP/1.0\r\n\r\n");
  const got = outcome(() => parseRequestHead(raw, 4));
  assertError(got, E.INVALID_METHOD, 1);
});

test("parseRequestHead() says what was wrong in its messages", () => {
  const got = outcome(() => parseRequestHead(bytes("POST /x\r\n\r\n")));
  assert.equal(got.kind, "error");
  if (got.kind === "error") assert.equal(got.error.message, "Cannot parse request line: missing HTTP version");
});

test("parseRequestHead() throws only typed errors and agrees with itself on mutated requests", () => {
  const seeds = [
    "GET /a?b HTTP/1.1\r\nHost: x:1\r\nContent-Length: 3\r\n\r\nabc",
    "POST / HTTP/1.1\r\nHost: [::1]\r\nTransfer-Encoding: chunked\r\n\r\n",
    "\r\nGET /\r\n",
    "OPTIONS * HTTP/1.0\r\nX: \xE9\r\n\r\n",
  ];
  for (const raw of mutations(seeds, 400, 1)) {
    for (const allowBareLf of [false, true]) {
      parseEverySplit(raw, (buf, s, e) => parseRequestHead(buf, s, e, { allowBareLf, maxHeadSize: 60 }), normalize);
    }
  }
});

// A head with one long field value (long enough for the word-at-a-time scan), placed at byte
// offset `shift` of a fresh buffer so that every alignment of the value is met.
function longValueHead(value: string, shift: number): { buf: Uint8Array; start: number; valueAt: number } {
  const raw = bytes(`GET / HTTP/1.0\r\nX-Long: ${value}\r\n\r\n`);
  const buf = new Uint8Array(raw.length + shift);
  buf.set(raw, shift);
  return { buf, start: shift, valueAt: "GET / HTTP/1.0\r\nX-Long: ".length };
}

test("parseRequestHead() checks every byte value at every position of a long header value", () => {
  const length = 70;
  for (let shift = 0; shift < 4; shift++) {
    for (let at = 0; at < length; at++) {
      for (let b = 0; b < 256; b++) {
        const chars = Array.from({ length }, (_, i) => String.fromCharCode(0x61 + (i % 26)));
        chars[at] = String.fromCharCode(b);
        const value = chars.join("");
        const { buf, start, valueAt } = longValueHead(value, shift);
        const got = outcome(() => parseRequestHead(buf, start, buf.length));
        const where = `byte 0x${b.toString(16)} at ${at}, shift ${shift}`;
        if (b === 0x09 || b >= 0x20 && b !== 0x7f) {
          assert.equal(got.kind, "ok", where);
          if (got.kind === "ok") {
            assert.deepEqual(pairs(got.head.headers), [["X-Long", value.replace(/^[ \t]|[ \t]$/g, "")]], where);
          }
        } else {
          const code = b === 0x0d ? E.BARE_CR : b === 0x0a ? E.BARE_LF : E.INVALID_HEADER_VALUE;
          assertError(got, code, valueAt + at);
        }
      }
    }
  }
});

test("parseRequestHead() reads a buffer again after its bytes changed", () => {
  // Parsers see the same pooled buffer again and again, with new bytes each time.
  const { buf, start, valueAt } = longValueHead("x".repeat(100), 0);
  assert.notEqual(parseRequestHead(buf, start, buf.length), "incomplete");
  buf[valueAt + 50] = 0x01;
  assertError(outcome(() => parseRequestHead(buf, start, buf.length)), E.INVALID_HEADER_VALUE, valueAt + 50);
  buf[valueAt + 50] = 0xe9;
  const again = parseRequestHead(buf, start, buf.length);
  assert.ok(again !== "incomplete");
  assert.equal(again.head.headers.get("x-long"), `${"x".repeat(50)}\xe9${"x".repeat(49)}`);
});

test("parseRequestHead() rejects a lone CR and a NUL at the end of a long value", () => {
  assertError(
    outcome(() => parseRequestHead(bytes(`GET / HTTP/1.0\r\nA: ${"v".repeat(64)}\r\r\n\r\n`))),
    E.BARE_CR,
    83,
  );
  assertError(
    outcome(() => parseRequestHead(bytes(`GET / HTTP/1.0\r\nA: ${"v".repeat(64)}\0\r\n\r\n`))),
    E.INVALID_HEADER_VALUE,
    83,
  );
});

test("parseRequestHead() forgets the fields of the request before", () => {
  const many = parseRequestHead(bytes(`GET / HTTP/1.0\r\n${"X-A: 1\r\n".repeat(20)}\r\n`));
  assert.ok(many !== "incomplete");
  assert.equal(many.head.headers.size, 20);
  const one = parseRequestHead(bytes("GET / HTTP/1.0\r\nB: 2\r\n\r\n"));
  assert.ok(one !== "incomplete");
  assert.deepEqual(pairs(one.head.headers), [["B", "2"]]);
});

test("parseRequestHead() finds Host, Content-Length and Transfer-Encoding in any letter case", () => {
  const parse = (fields: string) => outcome(() => parseRequestHead(bytes(`POST / HTTP/1.1\r\n${fields}\r\n`)));
  const ok = parse("hOsT: a\r\nCONTENT-LENGTH: 5\r\n");
  assert.ok(ok.kind === "ok");
  assert.deepEqual(ok.head.framing, { kind: "length", length: 5 });
  const chunked = parse("HOST: a\r\ntransfer-ENCODING: chunked\r\n");
  assert.ok(chunked.kind === "ok");
  assert.deepEqual(chunked.head.framing, { kind: "chunked" });
  assertError(parse("Host: a\r\nhost: b\r\n"), E.MULTIPLE_HOST, 26);
  assertError(parse("Hosts: a\r\nHost-: b\r\nXost: c\r\n"), E.MISSING_HOST);
  // Names of the same lengths that are neither: no framing.
  const other = parse("Host: a\r\nContent-Lengtx: 5\r\nTransfer-Encodinx: chunked\r\n");
  assert.ok(other.kind === "ok");
  assert.deepEqual(other.head.framing, { kind: "none" });
  assertError(parse("Host: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"), E.TE_WITH_CONTENT_LENGTH, 45);
});

test("parseRequestHead() decides every Host value as isValidHost does, usual forms included", () => {
  const values = [
    "a",
    "www.example.com",
    "127.0.0.1",
    "a-b_c~d!$&'()*+,;=",
    "a:",
    "a:0",
    "a:80",
    "a:00080",
    "a:65535",
    "a:65536",
    "a:99999",
    "a:123456",
    "a:8x",
    "a:-1",
    "a::80",
    ":80",
    "",
    "a%41",
    "a%4",
    "[::1]",
    "[::1]:80",
    "\xE9.example",
    "a\xE9",
    "a:8\xE9",
    "a/b",
    "a@b",
    "a b",
  ];
  for (const value of values) {
    const got = outcome(() => parseRequestHead(bytes(`GET / HTTP/1.1\r\nHost: ${value}\r\n\r\n`)));
    // bytes() writes each char as one byte, and the parser decodes each byte back to it.
    if (isValidHost(value)) {
      assert.equal(got.kind, "ok", JSON.stringify(value));
    } else {
      assertError(got, E.INVALID_HOST, 16);
    }
  }
});

test("parseRequestHead() holds the default field count with and without the options that set it", () => {
  for (const allowBareLf of [false, true]) {
    for (
      const options of [{ allowBareLf }, { allowBareLf, maxHeaderCount: 100 }, { allowBareLf, maxHeaderCount: 101 }]
    ) {
      const fields = (n: number) => bytes(`GET / HTTP/1.0\r\n${"X: 1\r\n".repeat(n)}\r\n`);
      const ok = parseRequestHead(fields(options.maxHeaderCount ?? 100), 0, undefined, options);
      assert.ok(ok !== "incomplete");
      const over = outcome(() => parseRequestHead(fields((options.maxHeaderCount ?? 100) + 1), 0, undefined, options));
      assertError(over, E.TOO_MANY_HEADERS);
    }
  }
});

test("parseRequestHead() ends a head without fields at its empty line, whatever its line ending", () => {
  const crlf = parseRequestHead(bytes("GET / HTTP/1.0\r\n\r\nbody"));
  assert.ok(crlf !== "incomplete");
  assert.equal(crlf.consumed, 18);
  assert.equal(crlf.head.headers.size, 0);
  assert.equal(parseRequestHead(bytes("GET / HTTP/1.0\r\n\r")), "incomplete");
  assertError(outcome(() => parseRequestHead(bytes("GET / HTTP/1.0\r\n\n"))), E.BARE_LF, 16);
  assertError(outcome(() => parseRequestHead(bytes("GET / HTTP/1.0\r\n\rx"))), E.BARE_CR, 16);
  const lf = parseRequestHead(bytes("GET / HTTP/1.0\n\n"), 0, undefined, { allowBareLf: true });
  assert.ok(lf !== "incomplete");
  assert.equal(lf.consumed, 16);
});
