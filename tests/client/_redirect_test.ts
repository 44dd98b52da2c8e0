import assert from "node:assert/strict";
import { test } from "node:test";
import { isRedirect, redirectRequest } from "../../src/client/_redirect.ts";
import { HeaderList } from "../../src/http10/header_list.ts";

const body = { bytes: new Uint8Array([1]), contentType: "text/plain" };
const headers = () =>
  new HeaderList([["Content-Type", "text/plain"], ["Authorization", "x"], ["Cookie", "c"], ["Host", "h"], [
    "X-A",
    "1",
  ]]);
const A = new URL("http://a.test/x");

test("isRedirect() is true for 301, 302, 303, 307 and 308 only", () => {
  assert.deepEqual([300, 301, 302, 303, 304, 305, 306, 307, 308, 309].filter(isRedirect), [301, 302, 303, 307, 308]);
});

test("redirectRequest() follows fetch's method rules", () => {
  const cases: [number, string, string, boolean][] = [
    [301, "POST", "GET", false],
    [301, "DELETE", "DELETE", true],
    [302, "POST", "GET", false],
    [303, "POST", "GET", false],
    [303, "GET", "GET", true],
    [303, "HEAD", "HEAD", true],
    [307, "POST", "POST", true],
    [308, "POST", "POST", true],
  ];
  for (const [status, method, after, kept] of cases) {
    const r = redirectRequest(status, method, body, headers(), A, new URL("http://a.test/y"));
    assert.equal(r.method, after, `${status} ${method}`);
    assert.equal(r.body, kept ? body : null, `${status} ${method}`);
    assert.equal(r.headers.has("content-type"), kept, `${status} ${method}`);
  }
});

test("redirectRequest() drops credentials and Host for another origin only", () => {
  const same = redirectRequest(302, "GET", null, headers(), A, new URL("http://a.test/other"));
  assert.deepEqual([...same.headers].map(([n]) => n), ["Content-Type", "Authorization", "Cookie", "Host", "X-A"]);
  for (const other of ["http://b.test/", "http://a.test:8080/"]) {
    const r = redirectRequest(302, "GET", null, headers(), A, new URL(other));
    assert.deepEqual([...r.headers].map(([n]) => n), ["Content-Type", "X-A"], other);
  }
});

test("redirectRequest() leaves the caller's header list alone", () => {
  const original = headers();
  redirectRequest(303, "POST", body, original, A, new URL("http://b.test/"));
  assert.equal(original.size, 5);
});
