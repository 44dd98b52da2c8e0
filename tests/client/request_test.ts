import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "../../src/client/request.ts";
import { startFakeServer } from "./_fake_server.ts";

test("request() sends with the default client and returns the response as received", async () => {
  const server = await startFakeServer({
    pieces: ["HTTP/1.1 200 Fine\r\nX-Dup: 1\r\nX-Dup: 2\r\nContent-Length: 2\r\n\r\nhi"],
  });
  try {
    const res = await request(`${server.origin}/p`, { method: "OPTIONS" });
    assert.equal(res.status, 200);
    assert.equal(res.reason, "Fine");
    assert.deepEqual(res.version, { major: 1, minor: 1 });
    assert.deepEqual(res.headers.getAll("x-dup"), ["1", "2"]);
    assert.equal(res.ok, true);
    assert.equal(await res.text(), "hi");
    assert.equal(res.remoteAddr.hostname, "127.0.0.1");
    assert.match(server.requests[0].head, /^OPTIONS \/p HTTP\/1\.0\r\n[^]*\r\nConnection: close\r\n\r\n$/);
  } finally {
    await server.close();
  }
});

test("request() rejects a URL that is neither http nor https", async () => {
  await assert.rejects(request("gopher://example.com/"), { code: "HTTP10_UNSUPPORTED_SCHEME" });
});
