import assert from "node:assert/strict";
import { test } from "node:test";
import { STATUS_TEXT, statusText } from "../../src/http10/status.ts";

test("statusText() names the RFC 9110 codes", () => {
  assert.equal(statusText(200), "OK");
  assert.equal(statusText(302), "Found");
  assert.equal(statusText(404), "Not Found");
  assert.equal(statusText(413), "Content Too Large");
  assert.equal(statusText(414), "URI Too Long");
  assert.equal(statusText(422), "Unprocessable Content");
  assert.equal(statusText(505), "HTTP Version Not Supported");
});

test("statusText() names the codes the server answers with for limits", () => {
  assert.equal(statusText(408), "Request Timeout");
  assert.equal(statusText(411), "Length Required");
  assert.equal(statusText(431), "Request Header Fields Too Large");
  assert.equal(statusText(501), "Not Implemented");
});

test("statusText() returns an empty string for codes without a name", () => {
  for (const code of [0, 99, 299, 418, 600, 200.5, -1]) assert.equal(statusText(code), "");
});

test("statusText() does not read inherited properties", () => {
  assert.equal(statusText("constructor" as unknown as number), "");
});

test("STATUS_TEXT covers every class and only 1xx-5xx", () => {
  const codes = Object.keys(STATUS_TEXT).map(Number);
  for (const first of [1, 2, 3, 4, 5]) assert.ok(codes.some((c) => Math.floor(c / 100) === first));
  assert.ok(codes.every((c) => c >= 100 && c <= 599));
  assert.ok(Object.values(STATUS_TEXT).every((t) => /^[\x20-\x7e]+$/.test(t)));
});

test("STATUS_TEXT cannot be modified", () => {
  assert.ok(Object.isFrozen(STATUS_TEXT));
});
