// parseResponseHead(): a table of raw responses and what they must parse to. Liberal where
// no reading is ambiguous, strict elsewhere. Every case is also fed cut at every byte.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CODES as E } from "../../src/http10/errors.ts";
import { parseResponseHead, type ResponseHead, type ResponseParseOptions } from "../../src/http10/parse_response.ts";
import { assertError, bytes, mutations, outcome, pairs, parseEverySplit } from "./_harness.ts";

interface Case {
  name: string;
  raw: string;
  options?: ResponseParseOptions;
  ok?: {
    version?: [number, number];
    status?: number;
    reason?: string;
    headers?: [string, string][];
    consumed?: number;
  };
  error?: string;
  offset?: number;
}

const cases: Case[] = [
  {
    name: "accepts an HTTP/1.0 status line",
    raw: "HTTP/1.0 200 OK\r\n\r\n",
    ok: { version: [1, 0], status: 200, reason: "OK", headers: [] },
  },
  {
    name: "accepts an HTTP/1.1 response with fields",
    raw: "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n",
    ok: {
      version: [1, 1],
      status: 404,
      reason: "Not Found",
      headers: [["Content-Type", "text/plain"], ["Content-Length", "9"]],
    },
  },
  {
    name: "stops before the body",
    raw: "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    ok: { consumed: 38 },
  },
  {
    name: "accepts a status line without a reason phrase",
    raw: "HTTP/1.1 200\r\n\r\n",
    ok: { status: 200, reason: "" },
  },
  { name: "accepts an empty reason phrase", raw: "HTTP/1.1 204 \r\n\r\n", ok: { status: 204, reason: "" } },
  {
    name: "keeps spaces and tabs in the reason phrase",
    raw: "HTTP/1.0 200 All\tis  well \r\n\r\n",
    ok: { reason: "All\tis  well " },
  },
  {
    name: "decodes obs-text in the reason phrase as ISO-8859-1",
    raw: "HTTP/1.0 200 Tr\xE8s bien\r\n\r\n",
    ok: { reason: "Tr\u00e8s bien" },
  },
  { name: "accepts a 1xx interim response", raw: "HTTP/1.1 100 Continue\r\n\r\n", ok: { status: 100 } },
  { name: "accepts status 599", raw: "HTTP/1.1 599 Whatever\r\n\r\n", ok: { status: 599 } },
  { name: "accepts a minor version above 1", raw: "HTTP/1.7 200 OK\r\n\r\n", ok: { version: [1, 7] } },
  {
    name: "accepts bare LF line endings",
    raw: "HTTP/1.0 200 OK\nServer: old\nContent-Length: 0\n\n",
    ok: { headers: [["Server", "old"], ["Content-Length", "0"]] },
  },
  {
    name: "skips empty lines before the status line",
    raw: "\r\n\nHTTP/1.0 200 OK\r\n\r\n",
    ok: { status: 200, consumed: 22 },
  },
  {
    name: "joins an obs-fold line to the previous value with one space",
    raw: "HTTP/1.1 200 OK\r\nX-Long: first\r\n   second\r\nY: z\r\n\r\n",
    ok: { headers: [["X-Long", "first second"], ["Y", "z"]] },
  },
  {
    name: "joins several obs-fold lines, tab-folded too",
    raw: "HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\n c \r\n\r\n",
    ok: { headers: [["X", "a b c"]] },
  },
  {
    name: "unfolds onto an empty value without a leading space",
    raw: "HTTP/1.1 200 OK\r\nX:\r\n value\r\n\r\n",
    ok: { headers: [["X", "value"]] },
  },
  {
    name: "drops whitespace between a field name and its colon",
    raw: "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n",
    ok: { headers: [["Content-Length", "5"]] },
  },
  {
    name: "keeps repeated Set-Cookie lines apart",
    raw: "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n",
    ok: { headers: [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]] },
  },
  {
    name: "accepts obs-text in values",
    raw: "HTTP/1.0 200 OK\r\nX: \xA0\xFF\r\n\r\n",
    ok: { headers: [["X", "\u00a0\u00ff"]] },
  },
  {
    name: "rejects a version without a minor number",
    raw: "HTTP/2 200 OK\r\n\r\n",
    error: E.INVALID_STATUS_LINE,
    offset: 5,
  },
  { name: "rejects HTTP/2.0", raw: "HTTP/2.0 200 OK\r\n\r\n", error: E.INVALID_STATUS_LINE, offset: 5 },
  { name: "rejects a lower-case version", raw: "http/1.1 200 OK\r\n\r\n", error: E.INVALID_STATUS_LINE, offset: 0 },
  {
    name: "rejects an ICY (SHOUTcast) status line",
    raw: "ICY 200 OK\r\n\r\n",
    error: E.INVALID_STATUS_LINE,
    offset: 0,
  },
  {
    name: "rejects an HTTP/0.9 response, which has no status line",
    raw: "<html>hello</html>",
    error: E.INVALID_STATUS_LINE,
  },
  { name: "rejects a two-digit status", raw: "HTTP/1.1 20 OK\r\n\r\n", error: E.INVALID_STATUS_LINE, offset: 11 },
  { name: "rejects a four-digit status", raw: "HTTP/1.1 2000 OK\r\n\r\n", error: E.INVALID_STATUS_LINE, offset: 12 },
  { name: "rejects a status below 100", raw: "HTTP/1.1 099 Low\r\n\r\n", error: E.INVALID_STATUS_LINE },
  { name: "rejects a status above 599", raw: "HTTP/1.1 600 High\r\n\r\n", error: E.INVALID_STATUS_LINE },
  {
    name: "rejects a missing space after the version",
    raw: "HTTP/1.1200 OK\r\n\r\n",
    error: E.INVALID_STATUS_LINE,
    offset: 8,
  },
  { name: "rejects two spaces before the status", raw: "HTTP/1.1  200 OK\r\n\r\n", error: E.INVALID_STATUS_LINE },
  {
    name: "rejects a NUL in the reason phrase",
    raw: "HTTP/1.1 200 O\0K\r\n\r\n",
    error: E.INVALID_STATUS_LINE,
    offset: 14,
  },
  { name: "rejects a bare CR in the status line", raw: "HTTP/1.1 200 OK\rX: y\r\n\r\n", error: E.BARE_CR, offset: 15 },
  { name: "rejects a NUL in a value", raw: "HTTP/1.1 200 OK\r\nX: a\0\r\n\r\n", error: E.INVALID_HEADER_VALUE },
  { name: "rejects a bare CR in a value", raw: "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", error: E.BARE_CR },
  {
    name: "rejects a control character in a value",
    raw: "HTTP/1.1 200 OK\r\nX: \x01\r\n\r\n",
    error: E.INVALID_HEADER_VALUE,
  },
  { name: "rejects a fold before any field", raw: "HTTP/1.1 200 OK\r\n folded\r\n\r\n", error: E.OBS_FOLD },
  { name: "rejects a line without a colon", raw: "HTTP/1.1 200 OK\r\nbroken\r\n\r\n", error: E.INVALID_HEADER_NAME },
  { name: "rejects a non-token field name", raw: "HTTP/1.1 200 OK\r\nX[1]: v\r\n\r\n", error: E.INVALID_HEADER_NAME },
  {
    name: "rejects whitespace inside a field name",
    raw: "HTTP/1.1 200 OK\r\nX Y: v\r\n\r\n",
    error: E.INVALID_HEADER_NAME,
  },
  {
    name: "answers a head over maxHeadSize with a 431-coded error",
    raw: "HTTP/1.1 200 OK\r\nX: " + "a".repeat(100),
    options: { maxHeadSize: 50 },
    error: E.HEADER_TOO_LARGE,
    offset: 50,
  },
  {
    name: "answers more than maxHeaderCount fields with a 431-coded error",
    raw: "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n",
    options: { maxHeaderCount: 1 },
    error: E.TOO_MANY_HEADERS,
  },
  {
    name: "does not count obs-fold lines as fields",
    raw: "HTTP/1.1 200 OK\r\nA: 1\r\n 2\r\n\r\n",
    options: { maxHeaderCount: 1 },
    ok: { headers: [["A", "1 2"]] },
  },
];

for (const c of cases) {
  test(`parseResponseHead() ${c.name}`, () => {
    const raw = bytes(c.raw);
    const parse = (buf: Uint8Array, start: number, end: number) => parseResponseHead(buf, start, end, c.options);
    const got = parseEverySplit(raw, parse, normalize);
    if (c.error !== undefined) return assertError(got, c.error, c.offset);
    assert.equal(got.kind, "ok", got.kind === "error" ? `${got.error.code}: ${got.error.message}` : got.kind);
    if (got.kind !== "ok") return;
    const want = c.ok!;
    assert.equal(got.consumed, want.consumed ?? raw.length, "consumed");
    if (want.version !== undefined) assert.deepEqual([got.head.version.major, got.head.version.minor], want.version);
    if (want.status !== undefined) assert.equal(got.head.status, want.status);
    if (want.reason !== undefined) assert.equal(got.head.reason, want.reason);
    if (want.headers !== undefined) assert.deepEqual(pairs(got.head.headers), want.headers);
  });
}

function normalize(head: ResponseHead) {
  return { ...head, headers: pairs(head.headers), version: { ...head.version } };
}

test("parseResponseHead() has a broad corpus of cases", () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
});

test("parseResponseHead() waits for the end of the head", () => {
  assert.equal(parseResponseHead(bytes("HTTP/1.1 200 OK\r\nX: y\r\n")), "incomplete");
  assert.equal(parseResponseHead(bytes("HTTP/1.1 200 OK\r\n")), "incomplete");
  assert.equal(parseResponseHead(bytes("HTTP/1.1 2")), "incomplete");
});

test("parseResponseHead() throws RangeError for a range outside the buffer", () => {
  assert.throws(() => parseResponseHead(new Uint8Array(2), 1, 3), RangeError);
});

test("parseResponseHead() throws only typed errors and agrees with itself on mutated responses", () => {
  const seeds = [
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX: a\r\n b\r\n\r\nabc",
    "HTTP/1.0 404\nServer : x\n\n",
  ];
  for (const raw of mutations(seeds, 400, 2)) {
    parseEverySplit(raw, (buf, s, e) => parseResponseHead(buf, s, e, { maxHeadSize: 50 }), normalize);
  }
});

test("parseResponseHead() checks every byte value at every position of a long header value", () => {
  const prefix = "HTTP/1.1 200 OK\r\nX-Long: ";
  for (let at = 0; at < 40; at++) {
    for (let b = 0; b < 256; b++) {
      if (b === 0x0a || b === 0x0d) continue; // line endings: see the cases above
      const chars = Array.from({ length: 40 }, (_, i) => String.fromCharCode(0x41 + (i % 26)));
      chars[at] = String.fromCharCode(b);
      const value = chars.join("");
      const got = outcome(() => parseResponseHead(bytes(`${prefix}${value}\r\n\r\n`)));
      if (b === 0x09 || b >= 0x20 && b !== 0x7f) {
        assert.equal(got.kind, "ok", `byte 0x${b.toString(16)} at ${at}`);
        if (got.kind === "ok") {
          assert.deepEqual(pairs(got.head.headers), [["X-Long", value.replace(/^[ \t]|[ \t]$/g, "")]]);
        }
      } else {
        assertError(got, E.INVALID_HEADER_VALUE, prefix.length + at);
      }
    }
  }
});

test("parseResponseHead() forgets the fields of the response before", () => {
  const many = parseResponseHead(bytes(`HTTP/1.1 200 OK\r\n${"X-A: 1\r\n".repeat(20)}\r\n`));
  assert.ok(many !== "incomplete");
  assert.equal(many.head.headers.size, 20);
  const one = parseResponseHead(bytes("HTTP/1.1 200 OK\r\nB: 2\r\n C\r\n\r\n"));
  assert.ok(one !== "incomplete");
  assert.deepEqual(pairs(one.head.headers), [["B", "2 C"]]);
});
