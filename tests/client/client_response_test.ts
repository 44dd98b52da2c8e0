import assert from "node:assert/strict";
import { test } from "node:test";
import { ClientResponse } from "../../src/client/client_response.ts";
import { HeaderList } from "../../src/http10/header_list.ts";

const ADDR = { transport: "tcp" as const, hostname: "127.0.0.1", port: 8000, family: 4 as const };

function response(status: number, body: string[] | null, headers: [string, string][] = []): ClientResponse {
  const stream = body === null ? null : new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of body) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  return new ClientResponse({
    url: new URL("http://127.0.0.1:8000/x"),
    redirected: true,
    head: { version: { major: 1, minor: 0 }, status, reason: "Reason Here", headers: new HeaderList(headers) },
    body: stream,
    trailers: () => new HeaderList([["X-T", "1"]]),
    remoteAddr: ADDR,
  });
}

test("ClientResponse.bytes(), text() and json() read the whole body", async () => {
  assert.deepEqual(await response(200, ["ab", "c"]).bytes(), new TextEncoder().encode("abc"));
  assert.equal(await response(200, ["h\u00e9", "llo"]).text(), "héllo");
  assert.deepEqual(await response(200, ['{"k":', "[1]}"]).json(), { k: [1] });
  assert.deepEqual(await response(204, null).bytes(), new Uint8Array(0));
});

test("ClientResponse.ok is true for 2xx only", () => {
  assert.equal(response(200, null).ok, true);
  assert.equal(response(299, null).ok, true);
  assert.equal(response(301, null).ok, false);
  assert.equal(response(500, null).ok, false);
});

test("ClientResponse.toResponse() carries status, reason, headers, url and redirected", async () => {
  const res = response(404, ["gone"], [["Content-Type", "text/plain"], ["X-Bad\u0001", "skipped"]]).toResponse();
  assert.equal(res.status, 404);
  assert.equal(res.statusText, "Reason Here");
  assert.equal(res.headers.get("content-type"), "text/plain");
  assert.equal([...res.headers].length, 1);
  assert.equal(res.url, "http://127.0.0.1:8000/x");
  assert.equal(res.redirected, true);
  assert.equal(await res.text(), "gone");
});

test("ClientResponse.toResponse() rejects 101 with UnsupportedStatusError", () => {
  assert.throws(() => response(101, null).toResponse(), { code: "HTTP10_UNSUPPORTED_STATUS" });
});

test("ClientResponse.trailers come from the body reader", () => {
  assert.equal(response(200, null).trailers.get("x-t"), "1");
});
