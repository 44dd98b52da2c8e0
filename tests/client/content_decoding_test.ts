// Content codings: fetch() offers and decodes gzip, deflate (zlib and raw) and br, and
// request() leaves bodies as sent; corrupt bodies fail with a typed error, never a hang.
import assert from "node:assert/strict";
import { test } from "node:test";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { Client } from "../../src/client/client.ts";
import { acceptEncoding, contentCodings, supportsBrotli } from "../../src/client/content_decoding.ts";
import { BadContentEncodingError } from "../../src/client/errors.ts";
import { fetch } from "../../src/client/fetch.ts";
import { request } from "../../src/client/request.ts";
import { skipUnless } from "../_helpers/tools.ts";
import { type FakeServer, latin1, type Reply, startFakeServer } from "./_fake_server.ts";
import { makeSite, startNginx } from "./_peers.ts";

async function withServer<T>(script: Reply | ((req: { head: string }) => Reply), fn: (s: FakeServer) => Promise<T>) {
  const server = await startFakeServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

const TEXT = "a body worth compressing, ".repeat(200);

/** A response with `coding` and `body`, framed by Content-Length (or by closing, when `close`). */
function encoded(coding: string, body: Uint8Array, close = false): Reply {
  const length = close ? "" : `Content-Length: ${body.length}\r\n`;
  return { pieces: [`HTTP/1.0 200 OK\r\nContent-Encoding: ${coding}\r\n${length}\r\n`, body] };
}

test("contentCodings() lists the codings applied, and gives up on one it cannot decode", () => {
  assert.deepEqual(contentCodings(null), []);
  assert.deepEqual(contentCodings("identity"), []);
  assert.deepEqual(contentCodings("GZIP"), ["gzip"]);
  assert.deepEqual(contentCodings("deflate, x-gzip"), ["deflate", "x-gzip"]);
  assert.equal(contentCodings("zstd"), undefined);
  assert.equal(contentCodings("gzip, compress"), undefined);
});

test("fetch() sends Accept-Encoding and decodes a gzip body; request() sends none and leaves it", async () => {
  await withServer(encoded("gzip", gzipSync(TEXT)), async (server) => {
    const res = await fetch(server.origin);
    assert.equal(await res.text(), TEXT);
    assert.equal(res.headers.get("content-encoding"), "gzip");
    const expected = supportsBrotli() ? "gzip, deflate, br" : "gzip, deflate";
    assert.equal(acceptEncoding(), expected);
    assert.match(server.requests[0].head, new RegExp(`\\r\\nAccept-Encoding: ${expected}\\r\\n`));
    const raw = await request(server.origin);
    assert.deepEqual(await raw.bytes(), new Uint8Array(gzipSync(TEXT)));
    assert.doesNotMatch(server.requests[1].head, /Accept-Encoding/i);
  });
});

test("fetch() keeps the caller's Accept-Encoding and a client's default one", async () => {
  await withServer({ pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"] }, async (server) => {
    await (await fetch(server.origin, { headers: { "accept-encoding": "identity" } })).text();
    assert.match(server.requests[0].head, /\r\naccept-encoding: identity\r\n/);
    assert.equal(server.requests[0].head.match(/accept-encoding/gi)?.length, 1);
    await (await new Client({ headers: { "Accept-Encoding": "gzip" } }).fetch(server.origin)).text();
    assert.match(server.requests[1].head, /\r\nAccept-Encoding: gzip\r\n/);
    assert.equal(server.requests[1].head.match(/accept-encoding/gi)?.length, 1);
  });
});

test("fetch() decodes deflate with a zlib header and raw deflate, and a body cut by closing", async () => {
  for (const body of [deflateSync(TEXT), deflateRawSync(TEXT)]) {
    await withServer(encoded("deflate", body, true), async (server) => {
      assert.equal(await (await fetch(server.origin)).text(), TEXT);
    });
  }
});

test(
  "fetch() decodes br where the runtime can",
  { skip: !supportsBrotli() && "no br in DecompressionStream" },
  async () => {
    await withServer(encoded("br", brotliCompressSync(TEXT)), async (server) => {
      assert.equal(await (await fetch(server.origin)).text(), TEXT);
    });
  },
);

test("fetch() undoes two codings in the reverse order they were applied", async () => {
  await withServer(encoded("deflate, gzip", gzipSync(deflateSync(TEXT))), async (server) => {
    assert.equal(await (await fetch(server.origin)).text(), TEXT);
  });
});

test("fetch() leaves a body in a coding it does not know as it is", async () => {
  await withServer(encoded("zstd", new TextEncoder().encode("opaque")), async (server) => {
    assert.equal(await (await fetch(server.origin)).text(), "opaque");
  });
});

test("fetch() of an empty body that says gzip gives an empty body", async () => {
  await withServer(encoded("gzip", new Uint8Array(0)), async (server) => {
    assert.equal(await (await fetch(server.origin)).text(), "");
  });
});

/** Asserts that reading the body fails with BadContentEncodingError for `coding`. */
async function assertBad(reply: Reply, coding: string): Promise<void> {
  await withServer(reply, async (server) => {
    const res = await fetch(server.origin);
    await assert.rejects(res.arrayBuffer(), (err: unknown) => {
      assert.ok(err instanceof BadContentEncodingError, String(err));
      assert.equal(err.code, "HTTP10_BAD_CONTENT_ENCODING");
      assert.equal(err.coding, coding);
      return true;
    });
  });
}

test("a corrupt gzip body fails with BadContentEncodingError, framed by length or by close", async () => {
  const garbage = new TextEncoder().encode("this is not gzip at all, not even close");
  await assertBad(encoded("gzip", garbage), "gzip");
  await assertBad(encoded("gzip", garbage, true), "gzip");
  const flipped = gzipSync(TEXT);
  flipped[flipped.length - 6] ^= 0xff; // the CRC-32 trailer no longer matches
  await assertBad(encoded("gzip", flipped), "gzip");
});

test("a gzip body cut short fails with BadContentEncodingError, not a hang", async () => {
  const whole = gzipSync(TEXT);
  await assertBad(encoded("gzip", whole.subarray(0, whole.length >> 1), true), "gzip");
});

test("a corrupt deflate body fails with BadContentEncodingError", async () => {
  await assertBad(encoded("deflate", new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0x00, 0x01])), "deflate");
});

test("a truncated encoded body fails with the body's own error, not a decoding one", async () => {
  const whole = gzipSync(TEXT);
  const reply = {
    pieces: [`HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${whole.length + 10}\r\n\r\n`, whole],
  };
  await withServer(reply, async (server) => {
    const res = await fetch(server.origin);
    await assert.rejects(res.arrayBuffer(), { code: "HTTP10_TRUNCATED_BODY" });
  });
});

test("fetch() decodes what nginx sends with gzip on", { skip: skipUnless("nginx") }, async () => {
  const site = await makeSite();
  const nginx = await startNginx(site, { gzip: true });
  try {
    const raw = await request(`${nginx.origin}/small.txt`, { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(raw.headers.get("content-encoding"), "gzip");
    const zipped = await raw.bytes();
    assert.notDeepEqual(zipped, site.small);
    const res = await fetch(`${nginx.origin}/big.bin`);
    assert.equal(res.headers.get("content-encoding"), "gzip");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), site.big);
    assert.equal(
      latin1(new Uint8Array(await (await fetch(`${nginx.origin}/small.txt`)).arrayBuffer())),
      latin1(site.small),
    );
  } finally {
    await nginx.stop();
    await site.remove();
  }
});
