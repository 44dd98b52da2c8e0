import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CODES as E } from "../../src/http10/errors.ts";
import { HeaderList } from "../../src/http10/header_list.ts";
import { parseRequestHead } from "../../src/http10/parse_request.ts";
import { parseResponseHead } from "../../src/http10/parse_response.ts";
import {
  ResponseHeadWriter,
  serializeRequestHead,
  serializeResponseHead,
  serializeResponseHeadInto,
} from "../../src/http10/serialize.ts";
import { bytes, pairs } from "./_harness.ts";

const text = (b: Uint8Array) => String.fromCharCode(...b);

test("serializeResponseHead() writes an HTTP/1.0 status line, fields and the empty line", () => {
  const head = serializeResponseHead(200, [["Content-Type", "text/plain"], ["Content-Length", "5"]]);
  assert.equal(text(head), "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
});

test("serializeResponseHead() takes a HeaderList, a Headers or a Map", () => {
  const want = "HTTP/1.0 404 Not Found\r\nx: 1\r\n\r\n";
  assert.equal(text(serializeResponseHead(404, new HeaderList({ x: "1" }))), want);
  assert.equal(text(serializeResponseHead(404, new Headers({ x: "1" }))), want);
  assert.equal(text(serializeResponseHead(404, new Map([["x", "1"]]))), want);
});

test("serializeResponseHead() uses the given reason phrase", () => {
  assert.equal(text(serializeResponseHead(200, [], "Fine")), "HTTP/1.0 200 Fine\r\n\r\n");
  assert.equal(text(serializeResponseHead(200, [], "")), "HTTP/1.0 200 \r\n\r\n");
});

test("serializeResponseHead() writes an empty reason for a status without a name", () => {
  assert.equal(text(serializeResponseHead(299, [])), "HTTP/1.0 299 \r\n\r\n");
});

test("serializeResponseHead() encodes U+0080-U+00FF as single ISO-8859-1 bytes", () => {
  const head = serializeResponseHead(200, [["X", "caf\u00e9\u0080"]], "Tr\u00e8s bien");
  assert.deepEqual(head, bytes("HTTP/1.0 200 Tr\xE8s bien\r\nX: caf\xE9\x80\r\n\r\n"));
});

const injections: [string, string][] = [
  ["CRLF", "a\r\nSet-Cookie: evil=1"],
  ["a bare LF", "a\nb"],
  ["a bare CR", "a\rb"],
  ["NUL", "a\0b"],
  ["another control character", "a\x07b"],
  ["DEL", "a\x7Fb"],
  ["a character above U+00FF", "\u20ac"],
];

for (const [what, value] of injections) {
  test(`serializeResponseHead() refuses a header value with ${what} (status 500)`, () => {
    assert.throws(() => serializeResponseHead(200, [["X", value]]), { code: E.INVALID_HEADER_VALUE, status: 500 });
  });
}

for (const name of ["", "Bad Name", "X:", "X\r\nY", "caf\u00e9", "a(b)"]) {
  test(`serializeResponseHead() refuses the header name ${JSON.stringify(name)}`, () => {
    assert.throws(() => serializeResponseHead(200, [[name, "v"]]), { code: E.INVALID_HEADER_NAME, status: 500 });
  });
}

test("serializeResponseHead() refuses a status outside 100-599 or not an integer", () => {
  for (const status of [99, 600, 200.5, NaN]) {
    assert.throws(() => serializeResponseHead(status, []), { code: E.INVALID_STATUS, status: 500 });
  }
});

test("serializeResponseHead() refuses a reason phrase with CR or LF", () => {
  assert.throws(() => serializeResponseHead(200, [], "OK\r\nX: y"), { code: E.INVALID_STATUS, status: 500 });
});

test("serializeResponseHead() allows HTAB in values and an empty value", () => {
  assert.equal(
    text(serializeResponseHead(200, [["X", "a\tb"], ["Y", ""]])),
    "HTTP/1.0 200 OK\r\nX: a\tb\r\nY: \r\n\r\n",
  );
});

test("serializeRequestHead() writes an HTTP/1.0 request line, fields and the empty line", () => {
  const head = serializeRequestHead("GET", "/a?b=c", [["Host", "example.com"], ["User-Agent", "http10"]]);
  assert.equal(text(head), "GET /a?b=c HTTP/1.0\r\nHost: example.com\r\nUser-Agent: http10\r\n\r\n");
});

test("serializeRequestHead() refuses a method that is not a token", () => {
  for (const method of ["", "GET /", "G\u00c9T", "GE\r\nT"]) {
    assert.throws(() => serializeRequestHead(method, "/", []), { code: E.INVALID_METHOD, status: 500 });
  }
});

test("serializeRequestHead() refuses a target with SP, controls, # or non-ASCII", () => {
  for (const target of ["", "/a b", "/a\r\nX: y", "/\0", "/a#f", "/caf\u00e9", "/\x7F"]) {
    assert.throws(() => serializeRequestHead("GET", target, []), { code: E.INVALID_TARGET, status: 500 });
  }
});

test("serializeRequestHead() refuses header injection like the response side", () => {
  assert.throws(() => serializeRequestHead("GET", "/", [["X", "1\r\n\r\nGET /evil HTTP/1.0"]]), {
    code: E.INVALID_HEADER_VALUE,
  });
});

test("parseRequestHead() reads back what serializeRequestHead() writes", () => {
  const fields: [string, string][] = [["Host", "a.example"], ["X-Latin", "\u00e9"], ["Content-Length", "3"]];
  const r = parseRequestHead(serializeRequestHead("POST", "/submit", fields));
  assert.notEqual(r, "incomplete");
  if (r === "incomplete") return;
  assert.equal(r.head.method, "POST");
  assert.equal(r.head.target, "/submit");
  assert.deepEqual(pairs(r.head.headers), fields);
  assert.deepEqual(r.head.framing, { kind: "length", length: 3 });
});

test("parseResponseHead() reads back what serializeResponseHead() writes", () => {
  const fields: [string, string][] = [["Server", "http10"], ["X", "a, b"]];
  const r = parseResponseHead(serializeResponseHead(418, fields, "I'm a teapot"));
  assert.notEqual(r, "incomplete");
  if (r === "incomplete") return;
  assert.deepEqual([r.head.version.major, r.head.version.minor, r.head.status, r.head.reason], [
    1,
    0,
    418,
    "I'm a teapot",
  ]);
  assert.deepEqual(pairs(r.head.headers), fields);
});

test("serializeResponseHeadInto() writes the bytes serializeResponseHead() returns and gives their count", () => {
  const cases: [number, [string, string][], string | undefined][] = [
    [200, [["Content-Type", "text/plain"], ["Content-Length", "5"]], undefined],
    [200, [["X", "caf\u00e9\u0080"]], "Tr\u00e8s bien"],
    [204, [], undefined],
  ];
  for (const [status, fields, reason] of cases) {
    const want = serializeResponseHead(status, fields, reason);
    const target = new Uint8Array(want.length + 10).fill(0x2a);
    const n = serializeResponseHeadInto(target, status, fields, reason);
    assert.equal(n, want.length);
    assert.deepEqual(target.subarray(0, n), want);
    assert.deepEqual(target.subarray(n), new Uint8Array(10).fill(0x2a), "nothing written past the head");
  }
});

test("serializeResponseHeadInto() returns -1 and writes nothing when the head does not fit", () => {
  const fields: [string, string][] = [["Content-Length", "5"]];
  const size = serializeResponseHead(200, fields).length;
  const target = new Uint8Array(size - 1).fill(0x2a);
  assert.equal(serializeResponseHeadInto(target, 200, fields), -1);
  assert.deepEqual(target, new Uint8Array(size - 1).fill(0x2a));
  assert.equal(serializeResponseHeadInto(new Uint8Array(size), 200, fields), size, "exactly enough room fits");
});

test("serializeResponseHeadInto() refuses what serializeResponseHead() refuses, with room or without", () => {
  for (const size of [4096, 4]) {
    const target = new Uint8Array(size);
    assert.throws(() => serializeResponseHeadInto(target, 200, [["X", "a\r\nb"]]), { code: E.INVALID_HEADER_VALUE });
    assert.throws(() => serializeResponseHeadInto(target, 200, [["Bad Name", "v"]]), { code: E.INVALID_HEADER_NAME });
    assert.throws(() => serializeResponseHeadInto(target, 99, []), { code: E.INVALID_STATUS });
  }
});

test("ResponseHeadWriter writes the same bytes as serializeResponseHead", () => {
  const fields: [string, string][] = [["Date", "Sun, 22 Nov 2026 06:00:00 GMT"], ["X-Obs", "caf\u00e9"], ["Empty", ""]];
  for (const [status, reason] of [[200, undefined], [404, "Gone Fishing"], [599, undefined]] as const) {
    const buf = new Uint8Array(512);
    const head = new ResponseHeadWriter(buf, status, reason);
    for (const [name, value] of fields) head.field(name, value);
    const n = head.end();
    assert.deepEqual(buf.subarray(0, n), serializeResponseHead(status, fields, reason));
  }
});

test("ResponseHeadWriter returns -1 when the head does not fit, at every size short of it", () => {
  const fields: [string, string][] = [["Content-Length", "13"], ["Connection", "keep-alive"]];
  const whole = serializeResponseHead(200, fields);
  for (let size = 0; size <= whole.length; size++) {
    const head = new ResponseHeadWriter(new Uint8Array(size), 200);
    for (const [name, value] of fields) head.field(name, value);
    assert.equal(head.end(), size === whole.length ? whole.length : -1, `buffer of ${size} bytes`);
  }
});

test("ResponseHeadWriter refuses what serializeResponseHead refuses, even once out of room", () => {
  for (const size of [4096, 8]) {
    assert.throws(() => new ResponseHeadWriter(new Uint8Array(size), 600), { code: E.INVALID_STATUS });
    const head = new ResponseHeadWriter(new Uint8Array(size), 200);
    assert.throws(() => head.field("X", "a\r\nSet-Cookie: b"), { code: E.INVALID_HEADER_VALUE, status: 500 });
    assert.throws(() => head.field("Bad Name", "v"), { code: E.INVALID_HEADER_NAME, status: 500 });
    assert.throws(() => head.field("", "v"), { code: E.INVALID_HEADER_NAME });
    assert.throws(() => head.field("X", "\u2603"), { code: E.INVALID_HEADER_VALUE });
  }
});

test("ResponseHeadWriter keeps the head before its limit, and says -1 past it", () => {
  const buf = new Uint8Array(256).fill(0x7e);
  // "HTTP/1.0 200 OK\r\n" (17) + "Content-Length: 13\r\n" (20) + "\r\n" (2) = 39 bytes.
  const head = new ResponseHeadWriter(buf, 200, undefined, 39);
  head.field("Content-Length", "13");
  assert.equal(head.end(), 39);
  assert.ok(buf.subarray(39).every((b) => b === 0x7e), "nothing written at or past the limit");
  const over = new ResponseHeadWriter(buf.fill(0x7e), 200, undefined, 38);
  over.field("Content-Length", "13");
  assert.equal(over.end(), -1);
  assert.ok(buf.subarray(38).every((b) => b === 0x7e), "nothing written at or past the limit");
});
