// ChunkedDecoder: a table of chunked bodies (RFC 9112 §7.1), each decoded whole, split at
// every byte boundary into two calls, and fed one byte per call. Plus the encoder.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ChunkedDecoder, type ChunkedDecoderOptions, encodeChunk, LAST_CHUNK } from "../../src/http10/chunked.ts";
import { ERROR_CODES as E, HttpParseError } from "../../src/http10/errors.ts";
import { bytes, mutations, pairs, STATUS_OF } from "./_harness.ts";

interface Case {
  name: string;
  raw: string;
  options?: ChunkedDecoderOptions;
  body?: string;
  trailers?: [string, string][];
  /** Bytes that belong to the body; defaults to all of `raw`. */
  consumed?: number;
  error?: string;
}

const cases: Case[] = [
  { name: "decodes one chunk", raw: "5\r\nhello\r\n0\r\n\r\n", body: "hello", trailers: [] },
  { name: "decodes several chunks", raw: "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n", body: "hello world" },
  { name: "decodes an empty body", raw: "0\r\n\r\n", body: "" },
  { name: "reads upper-case hex sizes", raw: "A\r\n0123456789\r\n0\r\n\r\n", body: "0123456789" },
  { name: "reads lower-case hex sizes", raw: "a\r\n0123456789\r\n0\r\n\r\n", body: "0123456789" },
  { name: "reads multi-digit sizes", raw: `1F\r\n${"x".repeat(31)}\r\n0\r\n\r\n`, body: "x".repeat(31) },
  { name: "accepts leading zeros in sizes", raw: "0005\r\nhello\r\n000\r\n\r\n", body: "hello" },
  {
    name: "passes CRLF and NUL inside chunk data through",
    raw: "6\r\n\r\n\0\xFF\r\n\r\n0\r\n\r\n",
    body: "\r\n\0\xFF\r\n",
  },
  { name: "ignores a chunk extension with a token value", raw: "5;name=value\r\nhello\r\n0\r\n\r\n", body: "hello" },
  { name: "ignores a chunk extension without a value", raw: "5;flag\r\nhello\r\n0\r\n\r\n", body: "hello" },
  { name: "ignores a quoted extension value", raw: '5;name="a quoted; value"\r\nhello\r\n0\r\n\r\n', body: "hello" },
  { name: "ignores a quoted value with escaped quotes", raw: '5;n="a\\"b\\\\"\r\nhello\r\n0\r\n\r\n', body: "hello" },
  { name: "ignores several extensions", raw: '5;a=1;b;c="x"\r\nhello\r\n0\r\n\r\n', body: "hello" },
  { name: "accepts BWS around ; and =", raw: "5 ; a = 1 ;\tb\r\nhello\r\n0\r\n\r\n", body: "hello" },
  { name: "accepts an extension on the last chunk", raw: "5\r\nhello\r\n0;end=yes\r\n\r\n", body: "hello" },
  {
    name: "keeps trailer fields",
    raw: "5\r\nhello\r\n0\r\nExpires: never\r\nX-Checksum:  abc \r\n\r\n",
    body: "hello",
    trailers: [["Expires", "never"], ["X-Checksum", "abc"]],
  },
  {
    name: "decodes obs-text in trailers as ISO-8859-1",
    raw: "0\r\nX: \xE9\r\n\r\n",
    body: "",
    trailers: [["X", "\u00e9"]],
  },
  {
    name: "accepts bare LF line endings with allowBareLf",
    raw: "5\nhello\n0\nX: y\n\n",
    options: { allowBareLf: true },
    body: "hello",
    trailers: [["X", "y"]],
  },
  { name: "rejects a bare LF after the size line", raw: "5\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a bare LF after chunk data", raw: "5\r\nhello\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a bare LF after the last chunk", raw: "5\r\nhello\r\n0\n\n", error: E.INVALID_CHUNK },
  { name: "rejects a bare LF ending the body", raw: "5\r\nhello\r\n0\r\n\n", error: E.INVALID_CHUNK },
  { name: "rejects a bare LF after a trailer line", raw: "0\r\nX: y\n\r\n", error: E.BARE_LF },
  {
    name: "stops at the end of the body and leaves the next message",
    raw: "5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n",
    body: "hello",
    consumed: 15,
  },
  { name: "rejects an empty size", raw: "\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a non-hex size", raw: "g\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a 0x prefix", raw: "0x5\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a signed size", raw: "+5\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a size above MAX_SAFE_INTEGER", raw: "20000000000000\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a size with many hex digits", raw: "fffffffffffffffff\r\n", error: E.INVALID_CHUNK },
  {
    name: "rejects whitespace after the size without an extension",
    raw: "5 \r\nhello\r\n0\r\n\r\n",
    error: E.INVALID_CHUNK,
  },
  { name: "rejects whitespace before the size", raw: " 5\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects data longer than its size", raw: "3\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a missing CRLF after the data", raw: "5\r\nhelloX\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a CR without LF after the data", raw: "5\r\nhello\rX0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects a CR without LF after the size", raw: "5\rhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects an empty extension name", raw: "5;\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects an extension with no name before =", raw: "5;=x\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects an extension = without a value", raw: "5;a=\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects an unterminated quoted extension", raw: '5;a="x\r\nhello\r\n0\r\n\r\n', error: E.INVALID_CHUNK },
  {
    name: "rejects a bare LF inside a quoted extension",
    raw: '5;a="x\ny"\r\nhello\r\n0\r\n\r\n',
    error: E.INVALID_CHUNK,
  },
  { name: "rejects a NUL in an extension", raw: "5;a\0\r\nhello\r\n0\r\n\r\n", error: E.INVALID_CHUNK },
  { name: "rejects text after a quoted value", raw: '5;a="x"y\r\nhello\r\n0\r\n\r\n', error: E.INVALID_CHUNK },
  { name: "rejects a CR without LF at the very end", raw: "0\r\n\rX", error: E.INVALID_CHUNK },
  {
    name: "rejects a chunk size line over maxChunkLine",
    raw: "5;" + "a".repeat(20) + "\r\nhello\r\n0\r\n\r\n",
    options: { maxChunkLine: 16 },
    error: E.INVALID_CHUNK,
  },
  {
    name: "rejects a trailer section over maxTrailerSize",
    raw: "0\r\nX: " + "a".repeat(40) + "\r\n\r\n",
    options: { maxTrailerSize: 32 },
    error: E.HEADER_TOO_LARGE,
  },
  { name: "rejects a trailer line without a colon", raw: "0\r\nbroken\r\n\r\n", error: E.INVALID_HEADER_NAME },
  { name: "rejects an obs-fold trailer line", raw: "0\r\nX: a\r\n b\r\n\r\n", error: E.OBS_FOLD },
  { name: "rejects a bare CR in a trailer value", raw: "0\r\nX: a\rb\r\n\r\n", error: E.BARE_CR },
];

/** What a decoder produced over a sequence of calls. */
interface Run {
  body: string;
  consumed: number;
  done: boolean;
  trailers: [string, string][];
}

// Feeds `raw` in pieces ending at `cuts` (and at raw.length), like a reader would: stop at done.
function run(raw: Uint8Array, cuts: number[], options?: ChunkedDecoderOptions): Run {
  const decoder = new ChunkedDecoder(options);
  let body = "";
  let consumed = 0;
  let done = false;
  let from = 0;
  for (const to of [...cuts, raw.length]) {
    if (to < from) continue;
    const r = decoder.decode(raw, from, to);
    for (const view of r.data) {
      assert.equal(view.buffer, raw.buffer, "data are views into the input");
      for (const b of view) body += String.fromCharCode(b);
    }
    consumed += r.consumed;
    if (!r.done) assert.equal(r.consumed, to - from, "everything is consumed before the end");
    done = r.done;
    if (done) break;
    from = to;
  }
  return { body, consumed, done, trailers: pairs(decoder.trailers) };
}

function runError(raw: Uint8Array, cuts: number[], options?: ChunkedDecoderOptions): HttpParseError | Run {
  try {
    return run(raw, cuts, options);
  } catch (err) {
    if (err instanceof HttpParseError) return err;
    throw err;
  }
}

for (const c of cases) {
  test(`ChunkedDecoder ${c.name}`, () => {
    const raw = bytes(c.raw);
    const whole = runError(raw, [], c.options);
    const splits: number[][] = [];
    for (let k = 0; k <= raw.length; k++) splits.push([k]);
    splits.push(Array.from({ length: raw.length }, (_, i) => i + 1)); // one byte per call
    if (c.error !== undefined) {
      assert.ok(whole instanceof HttpParseError, `expected ${c.error}`);
      assert.equal(whole.code, c.error, whole.message);
      assert.equal(whole.status, STATUS_OF[c.error]);
      for (const cuts of splits) {
        const got = runError(raw, cuts, c.options);
        assert.ok(got instanceof HttpParseError, `cut at ${cuts.slice(0, 3)}: no error`);
        assert.equal(got.code, c.error, `cut at ${cuts.slice(0, 3)}`);
      }
      return;
    }
    assert.ok(!(whole instanceof HttpParseError), whole instanceof HttpParseError ? whole.message : "");
    const want: Run = { body: c.body!, consumed: c.consumed ?? raw.length, done: true, trailers: c.trailers ?? [] };
    assert.deepEqual(whole, want);
    for (const cuts of splits) {
      assert.deepEqual(run(raw, cuts, c.options), want, `cut at ${cuts.slice(0, 3)}`);
    }
  });
}

test("ChunkedDecoder has a broad corpus of cases", () => {
  assert.ok(cases.length >= 25, `${cases.length} cases`);
});

test("ChunkedDecoder reports not done while the body is incomplete", () => {
  const decoder = new ChunkedDecoder();
  const r = decoder.decode(bytes("5\r\nhel"));
  assert.equal(r.done, false);
  assert.equal(r.consumed, 6);
  assert.deepEqual(r.data.map((d) => d.length), [3]);
  assert.equal(decoder.decode(bytes("lo\r\n0\r\n")).done, false);
  assert.equal(decoder.decode(bytes("\r\n")).done, true);
});

test("ChunkedDecoder consumes nothing once done", () => {
  const decoder = new ChunkedDecoder();
  assert.equal(decoder.decode(bytes("0\r\n\r\n")).done, true);
  assert.deepEqual(decoder.decode(bytes("more")), { data: [], consumed: 0, done: true });
});

test("ChunkedDecoder rethrows the first error on later calls", () => {
  const decoder = new ChunkedDecoder();
  assert.throws(() => decoder.decode(bytes("x")), { code: E.INVALID_CHUNK });
  assert.throws(() => decoder.decode(bytes("5\r\nhello\r\n0\r\n\r\n")), { code: E.INVALID_CHUNK });
});

test("ChunkedDecoder reports error offsets relative to start", () => {
  const decoder = new ChunkedDecoder();
  const buf = bytes("....5\r\nhelloX");
  assert.throws(() => decoder.decode(buf, 4), { code: E.INVALID_CHUNK, offset: 8 });
});

test("encodeChunk() writes the size in hex, CRLF, the data and CRLF", () => {
  assert.deepEqual(encodeChunk(bytes("hello")), bytes("5\r\nhello\r\n"));
  assert.deepEqual(encodeChunk(new Uint8Array(255)), bytes(`ff\r\n${"\0".repeat(255)}\r\n`));
});

test("encodeChunk() returns nothing for empty data, never a last chunk", () => {
  assert.equal(encodeChunk(new Uint8Array(0)).length, 0);
});

test("LAST_CHUNK is the zero-size chunk and the final CRLF", () => {
  assert.deepEqual(LAST_CHUNK, bytes("0\r\n\r\n"));
});

test("ChunkedDecoder decodes what encodeChunk() encodes", () => {
  const parts = [bytes("a"), new Uint8Array(4096).fill(7), bytes("end")];
  const encoded = [...parts.map(encodeChunk), LAST_CHUNK];
  const decoder = new ChunkedDecoder();
  let total = 0;
  let done = false;
  for (const e of encoded) {
    const r = decoder.decode(e);
    for (const d of r.data) total += d.length;
    done = r.done;
  }
  assert.equal(done, true);
  assert.equal(total, 1 + 4096 + 3);
});

test("ChunkedDecoder throws only typed errors and gives the same result however it is fed", () => {
  const seeds = ['5;a="b\\"c"\r\nhello\r\n0\r\nX: y\r\n\r\n', "a\r\n0123456789\r\n1 ; z\r\n!\r\n0\r\n\r\nnext"];
  for (const raw of mutations(seeds, 300, 3)) {
    const whole = runError(raw, []);
    const describe = (r: HttpParseError | Run) => r instanceof HttpParseError ? r.code : JSON.stringify(r);
    for (let k = 0; k <= raw.length; k++) {
      const split = runError(raw, [k]);
      // A body cut short is "not done" whole and split alike; compare what both saw.
      assert.equal(describe(split), describe(whole), `cut at ${k} of ${JSON.stringify(String.fromCharCode(...raw))}`);
    }
  }
});
