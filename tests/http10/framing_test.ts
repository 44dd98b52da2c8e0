// Body framing and keep-alive, as tables: headers in, framing (or error code) out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ERROR_CODES as E } from "../../src/http10/errors.ts";
import {
  type BodyFraming,
  connectionHasToken,
  requestBodyFraming,
  requestWantsKeepAlive,
  responseBodyFraming,
} from "../../src/http10/framing.ts";
import { HeaderList } from "../../src/http10/header_list.ts";
import { HTTP_0_9, HTTP_1_0, HTTP_1_1 } from "../../src/http10/version.ts";

const NONE: BodyFraming = { kind: "none" };
const CHUNKED: BodyFraming = { kind: "chunked" };
const CLOSE: BodyFraming = { kind: "close" };
const length = (n: number): BodyFraming => ({ kind: "length", length: n });
type Fields = [string, string][];

const requestCases: [string, typeof HTTP_1_0, Fields, BodyFraming | string][] = [
  ["no body without length headers", HTTP_1_0, [], NONE],
  ["a length from Content-Length", HTTP_1_0, [["Content-Length", "10"]], length(10)],
  ["a zero length", HTTP_1_1, [["content-length", "0"]], length(0)],
  ["chunked on HTTP/1.1", HTTP_1_1, [["Transfer-Encoding", "chunked"]], CHUNKED],
  ["chunked from a second Transfer-Encoding line", HTTP_1_1, [["Transfer-Encoding", ""], [
    "Transfer-Encoding",
    "CHUNKED",
  ]], CHUNKED],
  ["an error for Transfer-Encoding on HTTP/1.0", HTTP_1_0, [["Transfer-Encoding", "chunked"]], E.TE_ON_HTTP10],
  ["an error for Transfer-Encoding with Content-Length", HTTP_1_1, [["Transfer-Encoding", "chunked"], [
    "Content-Length",
    "3",
  ]], E.TE_WITH_CONTENT_LENGTH],
  ["501 for gzip", HTTP_1_1, [["Transfer-Encoding", "gzip"]], E.UNSUPPORTED_TRANSFER_ENCODING],
  [
    "501 for chunked with a parameter",
    HTTP_1_1,
    [["Transfer-Encoding", "chunked;x=1"]],
    E.UNSUPPORTED_TRANSFER_ENCODING,
  ],
  ["400 for chunked twice", HTTP_1_1, [["Transfer-Encoding", "chunked, chunked"]], E.INVALID_TRANSFER_ENCODING],
  ["400 for chunked before gzip", HTTP_1_1, [["Transfer-Encoding", "chunked, gzip"]], E.INVALID_TRANSFER_ENCODING],
  [
    "an error for conflicting lengths",
    HTTP_1_0,
    [["Content-Length", "1"], ["Content-Length", "2"]],
    E.CONFLICTING_CONTENT_LENGTH,
  ],
  ["an error for an invalid length", HTTP_1_0, [["Content-Length", "1e3"]], E.INVALID_CONTENT_LENGTH],
];

for (const [name, version, fields, want] of requestCases) {
  test(`requestBodyFraming() gives ${name}`, () => {
    const headers = new HeaderList(fields);
    if (typeof want === "string") {
      assert.throws(() => requestBodyFraming(version, headers), { code: want });
    } else {
      assert.deepEqual(requestBodyFraming(version, headers), want);
    }
  });
}

test("requestBodyFraming() points errors at the field when given offsets", () => {
  const headers = new HeaderList([["Host", "a"], ["Content-Length", "x"]]);
  assert.throws(() => requestBodyFraming(HTTP_1_1, headers, [17, 26]), { code: E.INVALID_CONTENT_LENGTH, offset: 26 });
  assert.throws(() => requestBodyFraming(HTTP_1_1, headers), { code: E.INVALID_CONTENT_LENGTH, offset: 0 });
});

const responseCases: [string, string, number, typeof HTTP_1_0, Fields, BodyFraming | string][] = [
  ["no body for HEAD, whatever the headers say", "HEAD", 200, HTTP_1_1, [["Content-Length", "100"]], NONE],
  ["no body for 100 Continue", "GET", 100, HTTP_1_1, [], NONE],
  ["no body for 101", "GET", 101, HTTP_1_1, [["Transfer-Encoding", "chunked"]], NONE],
  ["no body for 204", "POST", 204, HTTP_1_1, [["Content-Length", "5"]], NONE],
  ["no body for 304", "GET", 304, HTTP_1_0, [["Content-Length", "5"]], NONE],
  ["no body for 2xx to CONNECT (a tunnel follows)", "CONNECT", 200, HTTP_1_1, [], NONE],
  ["a body for 407 to CONNECT", "CONNECT", 407, HTTP_1_1, [["Content-Length", "3"]], length(3)],
  ["chunked on HTTP/1.1", "GET", 200, HTTP_1_1, [["Transfer-Encoding", "chunked"]], CHUNKED],
  ["chunked over Content-Length (RFC 9112 §6.3)", "GET", 200, HTTP_1_1, [["Content-Length", "5"], [
    "Transfer-Encoding",
    "chunked",
  ]], CHUNKED],
  ["chunked when it is the final coding", "GET", 200, HTTP_1_1, [["Transfer-Encoding", "gzip, chunked"]], CHUNKED],
  ["close when chunked is not final", "GET", 200, HTTP_1_1, [["Transfer-Encoding", "chunked, gzip"]], CLOSE],
  ["close for another coding alone", "GET", 200, HTTP_1_1, [["Transfer-Encoding", "gzip"]], CLOSE],
  ["close for Transfer-Encoding on HTTP/1.0, ignoring Content-Length", "GET", 200, HTTP_1_0, [[
    "Transfer-Encoding",
    "chunked",
  ], ["Content-Length", "5"]], CLOSE],
  ["a length from Content-Length", "GET", 200, HTTP_1_0, [["Content-Length", "42"]], length(42)],
  ["a length from identical Content-Length lines", "GET", 200, HTTP_1_1, [["Content-Length", "42"], [
    "content-length",
    "42, 42",
  ]], length(42)],
  ["close without length headers", "GET", 200, HTTP_1_0, [], CLOSE],
  ["close for a 404 without length", "GET", 404, HTTP_1_1, [], CLOSE],
  [
    "an error for conflicting lengths",
    "GET",
    200,
    HTTP_1_1,
    [["Content-Length", "1"], ["Content-Length", "2"]],
    E.CONFLICTING_CONTENT_LENGTH,
  ],
  ["an error for an invalid length", "GET", 200, HTTP_1_1, [["Content-Length", "-1"]], E.INVALID_CONTENT_LENGTH],
  ["an error for chunked twice", "GET", 200, HTTP_1_1, [["Transfer-Encoding", "chunked"], [
    "Transfer-Encoding",
    "chunked",
  ]], E.INVALID_TRANSFER_ENCODING],
];

for (const [name, method, status, version, fields, want] of responseCases) {
  test(`responseBodyFraming() gives ${name}`, () => {
    const headers = new HeaderList(fields);
    if (typeof want === "string") {
      assert.throws(() => responseBodyFraming(method, status, version, headers), { code: want });
    } else {
      assert.deepEqual(responseBodyFraming(method, status, version, headers), want);
    }
  });
}

const keepAliveCases: [string, typeof HTTP_1_0, Fields, boolean][] = [
  ["HTTP/1.0 closes by default", HTTP_1_0, [], false],
  ["HTTP/1.0 keeps alive when asked", HTTP_1_0, [["Connection", "keep-alive"]], true],
  ["HTTP/1.0 reads keep-alive case-insensitively", HTTP_1_0, [["connection", "Keep-Alive"]], true],
  ["HTTP/1.0 finds keep-alive in a list", HTTP_1_0, [["Connection", "TE,  keep-alive "]], true],
  [
    "HTTP/1.0 closes when close is also listed",
    HTTP_1_0,
    [["Connection", "keep-alive"], ["Connection", "close"]],
    false,
  ],
  ["HTTP/1.0 does not match keep-alive inside another token", HTTP_1_0, [["Connection", "not-keep-alive"]], false],
  ["HTTP/1.1 keeps alive by default", HTTP_1_1, [], true],
  ["HTTP/1.1 closes on close", HTTP_1_1, [["Connection", "close"]], false],
  ["HTTP/1.1 closes on Close in a list", HTTP_1_1, [["Connection", "Upgrade, Close"]], false],
  ["HTTP/0.9 never keeps alive", HTTP_0_9, [["Connection", "keep-alive"]], false],
];

for (const [name, version, fields, want] of keepAliveCases) {
  test(`requestWantsKeepAlive(): ${name}`, () => {
    assert.equal(requestWantsKeepAlive(version, new HeaderList(fields)), want);
  });
}

test("connectionHasToken() searches every Connection line, trimmed and case-insensitive", () => {
  const headers = new HeaderList([["Connection", "a, b"], ["X", "close"], ["CONNECTION", "\tUpgrade\t,"]]);
  assert.equal(connectionHasToken(headers, "upgrade"), true);
  assert.equal(connectionHasToken(headers, "B"), true);
  assert.equal(connectionHasToken(headers, "close"), false);
  assert.equal(connectionHasToken(headers, ""), false);
});

test("connectionHasToken() matches a single-token value trimmed and case-insensitive, never an empty one", () => {
  assert.equal(connectionHasToken(new HeaderList([["Connection", " Keep-Alive\t"]]), "keep-alive"), true);
  assert.equal(connectionHasToken(new HeaderList([["Connection", "keep-alive-ish"]]), "keep-alive"), false);
  assert.equal(connectionHasToken(new HeaderList([["Connection", "  "]]), ""), false);
  assert.equal(connectionHasToken(new HeaderList([["Connection", ""]]), "close"), false);
});
