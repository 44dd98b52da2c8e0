/**
 * serveDir()'s answers for files, as tables: request headers → status, headers, body bytes.
 * Each case runs twice: a small file read whole and the same bytes streamed from disk.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gunzipSync, gzipSync } from "node:zlib";
import { serveDir, type ServeDirOptions } from "../../src/server/static.ts";

const DATA = new Uint8Array(1000).map((_, i) => (i * 7 + 3) & 0xff);
const MTIME = new Date("2024-01-01T00:00:00Z");
const AT = "Mon, 01 Jan 2024 00:00:00 GMT";
const BEFORE = "Sun, 31 Dec 2023 00:00:00 GMT";
const ETAG = `"${(1000).toString(16)}-${MTIME.getTime().toString(16)}"`;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "http10-file-response-"));
  try {
    await writeFile(join(dir, "data.bin"), DATA);
    await utimes(join(dir, "data.bin"), MTIME, MTIME);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function ask(
  dir: string,
  headers: Record<string, string>,
  options: ServeDirOptions = {},
  path = "/data.bin",
  method = "GET",
) {
  const res = await serveDir(dir, options)(new Request(`http://localhost${path}`, { method, headers }));
  return { res, body: new Uint8Array(await res.arrayBuffer()) };
}

interface Case {
  what: string;
  headers: Record<string, string>;
  status: number;
  contentRange?: string | null;
  /** [first, end) of DATA, or null for no body. */
  body: [number, number] | null;
}

const cases: Case[] = [
  { what: "no Range", headers: {}, status: 200, contentRange: null, body: [0, 1000] },
  { what: "bytes=0-9", headers: { range: "bytes=0-9" }, status: 206, contentRange: "bytes 0-9/1000", body: [0, 10] },
  {
    what: "bytes=990-",
    headers: { range: "bytes=990-" },
    status: 206,
    contentRange: "bytes 990-999/1000",
    body: [990, 1000],
  },
  {
    what: "bytes=-5",
    headers: { range: "bytes=-5" },
    status: 206,
    contentRange: "bytes 995-999/1000",
    body: [995, 1000],
  },
  {
    what: "bytes=500-5000",
    headers: { range: "bytes=500-5000" },
    status: 206,
    contentRange: "bytes 500-999/1000",
    body: [500, 1000],
  },
  { what: "bytes=1000-", headers: { range: "bytes=1000-" }, status: 416, contentRange: "bytes */1000", body: null },
  { what: "a malformed Range", headers: { range: "bytes=abc" }, status: 200, contentRange: null, body: [0, 1000] },
  { what: "another unit", headers: { range: "lines=1-2" }, status: 200, contentRange: null, body: [0, 1000] },
  {
    what: "several ranges (the whole file)",
    headers: { range: "bytes=0-1,5-6" },
    status: 200,
    contentRange: null,
    body: [0, 1000],
  },
  { what: "If-Range with the ETag", headers: { range: "bytes=0-9", "if-range": ETAG }, status: 206, body: [0, 10] },
  {
    what: "If-Range with another ETag",
    headers: { range: "bytes=0-9", "if-range": '"old"' },
    status: 200,
    body: [0, 1000],
  },
  { what: "If-Range with Last-Modified", headers: { range: "bytes=0-9", "if-range": AT }, status: 206, body: [0, 10] },
  {
    what: "If-Range with an older date",
    headers: { range: "bytes=0-9", "if-range": BEFORE },
    status: 200,
    body: [0, 1000],
  },
  { what: "If-None-Match with the ETag", headers: { "if-none-match": ETAG }, status: 304, body: null },
  {
    what: "If-None-Match with a weak copy of the ETag",
    headers: { "if-none-match": `W/${ETAG}` },
    status: 304,
    body: null,
  },
  { what: "If-None-Match with another tag", headers: { "if-none-match": '"x"' }, status: 200, body: [0, 1000] },
  {
    what: "If-None-Match failing over a matching If-Modified-Since",
    headers: { "if-none-match": '"x"', "if-modified-since": AT },
    status: 200,
    body: [0, 1000],
  },
  { what: "If-Modified-Since at Last-Modified", headers: { "if-modified-since": AT }, status: 304, body: null },
  { what: "If-Match with the ETag", headers: { "if-match": ETAG }, status: 200, body: [0, 1000] },
  { what: "If-Match with another tag", headers: { "if-match": '"x"' }, status: 412, body: null },
  {
    what: "If-Unmodified-Since before Last-Modified",
    headers: { "if-unmodified-since": BEFORE },
    status: 412,
    body: null,
  },
  {
    what: "If-Unmodified-Since at Last-Modified with a Range",
    headers: { "if-unmodified-since": AT, range: "bytes=1-2" },
    status: 206,
    body: [1, 3],
  },
];

for (const threshold of [64 * 1024, 0]) {
  const how = threshold === 0 ? "streamed" : "read whole";
  for (const c of cases) {
    test(`serveDir() answers ${c.what} with ${c.status} (file ${how})`, async () => {
      await withDir(async (dir) => {
        const { res, body } = await ask(dir, c.headers, { streamThreshold: threshold });
        assert.equal(res.status, c.status);
        if (c.contentRange !== undefined) assert.equal(res.headers.get("content-range"), c.contentRange);
        if (c.status === 200 || c.status === 206 || c.status === 304) {
          assert.equal(res.headers.get("etag"), ETAG);
          assert.equal(res.headers.get("last-modified"), AT);
        }
        if (c.body !== null) {
          assert.deepEqual(body, DATA.subarray(...c.body));
          assert.equal(res.headers.get("content-length"), String(c.body[1] - c.body[0]));
          assert.equal(res.headers.get("accept-ranges"), "bytes");
        } else if (c.status === 304) {
          assert.equal(body.length, 0);
        }
        // HEAD answers what GET would, without the body.
        const headRes = (await ask(dir, c.headers, { streamThreshold: threshold }, "/data.bin", "HEAD")).res;
        assert.equal(headRes.status, c.status);
        assert.equal(headRes.body, null);
        for (const name of ["content-length", "content-range", "etag", "accept-ranges"]) {
          assert.equal(headRes.headers.get(name), res.headers.get(name), name);
        }
      });
    });
  }
}

test("serveDir() makes a new ETag when the file changes", async () => {
  await withDir(async (dir) => {
    const before = (await ask(dir, {})).res.headers.get("etag");
    await writeFile(join(dir, "data.bin"), DATA.subarray(0, 999));
    const after = (await ask(dir, {})).res.headers.get("etag");
    assert.notEqual(after, before);
    assert.equal((await ask(dir, { "if-none-match": before! })).res.status, 200);
  });
});

test("serveDir() with etag false sends no ETag and still answers If-Modified-Since", async () => {
  await withDir(async (dir) => {
    const { res } = await ask(dir, {}, { etag: false });
    assert.equal(res.headers.get("etag"), null);
    assert.equal((await ask(dir, { "if-modified-since": AT }, { etag: false })).res.status, 304);
    assert.equal((await ask(dir, { "if-none-match": ETAG }, { etag: false })).res.status, 200);
  });
});

// --- compression ------------------------------------------------------------------------------

const TEXT = "body { color: red }\n".repeat(100);

async function withSiblings(fn: (dir: string) => Promise<void>): Promise<void> {
  await withDir(async (dir) => {
    await writeFile(join(dir, "app.css"), TEXT);
    await writeFile(join(dir, "app.css.gz"), gzipSync(TEXT));
    await writeFile(join(dir, "app.css.br"), brotliCompressSync(TEXT));
    await writeFile(join(dir, "only.js"), TEXT);
    await writeFile(join(dir, "only.js.gz"), gzipSync(TEXT));
    await fn(dir);
  });
}

// [Accept-Encoding, path, Content-Encoding sent]
const siblings: [string | null, string, string | null][] = [
  [null, "/app.css", null],
  ["gzip", "/app.css", "gzip"],
  ["gzip, br", "/app.css", "br"],
  ["br;q=0.5, gzip", "/app.css", "gzip"],
  ["deflate", "/app.css", null],
  ["gzip;q=0", "/app.css", null],
  ["br", "/only.js", null],
  ["x-gzip", "/only.js", "gzip"],
];

for (const [accept, path, coding] of siblings) {
  test(`serveDir() sends ${coding ?? "the plain file"} for ${path} to Accept-Encoding: ${accept}`, async () => {
    await withSiblings(async (dir) => {
      const { res, body } = await ask(dir, accept === null ? {} : { "accept-encoding": accept }, {}, path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), coding);
      assert.equal(res.headers.get("vary"), "Accept-Encoding");
      assert.equal(
        res.headers.get("content-type"),
        path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      );
      const { brotliDecompressSync } = await import("node:zlib");
      const plain = coding === "gzip" ? gunzipSync(body) : coding === "br" ? brotliDecompressSync(body) : body;
      assert.equal(new TextDecoder().decode(plain), TEXT);
      assert.equal(res.headers.get("content-length"), String(body.length));
    });
  });
}

test("serveDir() gives a precompressed sibling its own ETag and applies ranges to its bytes", async () => {
  await withSiblings(async (dir) => {
    const gz = gzipSync(TEXT);
    await writeFile(join(dir, "app.css.gz"), gz);
    const plain = (await ask(dir, {}, {}, "/app.css")).res.headers.get("etag")!;
    const { res, body } = await ask(dir, { "accept-encoding": "gzip", range: "bytes=0-9" }, {}, "/app.css");
    assert.notEqual(res.headers.get("etag"), plain);
    assert.match(res.headers.get("etag")!, /-gzip"$/);
    assert.equal(res.status, 206);
    assert.equal(res.headers.get("content-range"), `bytes 0-9/${gz.length}`);
    assert.deepEqual(body, new Uint8Array(gz.subarray(0, 10)));
  });
});

test("serveDir() serves a sibling named directly as itself, without Content-Encoding", async () => {
  await withSiblings(async (dir) => {
    const { res } = await ask(dir, { "accept-encoding": "gzip" }, {}, "/app.css.gz");
    assert.equal(res.headers.get("content-encoding"), null);
    assert.equal(res.headers.get("content-type"), "application/gzip");
  });
});

test("serveDir() with gzip compresses a compressible file on the fly, with a weak ETag", async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, "page.html"), TEXT);
    for (const threshold of [64 * 1024, 0]) {
      const { res, body } = await ask(
        dir,
        { "accept-encoding": "gzip" },
        { gzip: true, streamThreshold: threshold },
        "/page.html",
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), "gzip");
      assert.equal(res.headers.get("vary"), "Accept-Encoding");
      assert.match(res.headers.get("etag")!, /^W\/".*-gzip"$/);
      assert.equal(new TextDecoder().decode(gunzipSync(body)), TEXT);
      // Read whole, the length is known; streamed, it is not (the body is close-delimited).
      assert.equal(res.headers.get("content-length"), threshold === 0 ? null : String(body.length));
    }
    const identity = await ask(dir, {}, { gzip: true }, "/page.html");
    assert.equal(identity.res.headers.get("content-encoding"), null);
    assert.equal(identity.res.headers.get("vary"), "Accept-Encoding");
    assert.equal(identity.body.length, TEXT.length);
  });
});

test("serveDir() with gzip leaves images, tiny files and clients without gzip alone", async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, "tiny.txt"), "hi\n");
    for (const path of ["/data.bin", "/tiny.txt"]) {
      const { res } = await ask(dir, { "accept-encoding": "gzip" }, { gzip: true }, path);
      assert.equal(res.headers.get("content-encoding"), null, path);
      assert.equal(res.headers.get("vary"), null, path);
    }
  });
});

// --- CORS and extra headers ---------------------------------------------------------------------

test("serveDir() with cors allows every origin and answers a preflight with 204", async () => {
  await withDir(async (dir) => {
    const { res } = await ask(dir, { origin: "http://other.example" }, { cors: true });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-expose-headers")!, /Content-Range/);
    const missing = await ask(dir, {}, { cors: true }, "/nothing");
    assert.equal(missing.res.headers.get("access-control-allow-origin"), "*");
    const pre = await ask(
      dir,
      {
        origin: "http://other.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "range, if-none-match",
      },
      { cors: true },
      "/data.bin",
      "OPTIONS",
    );
    assert.equal(pre.res.status, 204);
    assert.equal(pre.res.headers.get("access-control-allow-origin"), "*");
    assert.match(pre.res.headers.get("access-control-allow-methods")!, /GET/);
    assert.equal(pre.res.headers.get("access-control-allow-headers"), "range, if-none-match");
  });
});

test("serveDir() without cors sends no CORS headers and answers OPTIONS with 405", async () => {
  await withDir(async (dir) => {
    const { res } = await ask(dir, { origin: "http://other.example" });
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    assert.equal((await ask(dir, {}, {}, "/data.bin", "OPTIONS")).res.status, 405);
  });
});

test("serveDir() adds the headers option to every answer, 404s included", async () => {
  await withDir(async (dir) => {
    const options = { headers: [["Cache-Control", "no-cache"], ["X-Served-By", "http10"]] as [string, string][] };
    for (const path of ["/data.bin", "/nothing", "/"]) {
      const { res } = await ask(dir, {}, options, path);
      assert.equal(res.headers.get("cache-control"), "no-cache", path);
      assert.equal(res.headers.get("x-served-by"), "http10", path);
    }
  });
});

test("serveDir() refuses a header option that is not a valid header", () => {
  assert.throws(() => serveDir(".", { headers: { "bad name": "x" } }), { code: "HTTP10_INVALID_OPTIONS" });
  assert.throws(() => serveDir(".", { gzip: "yes" as unknown as boolean }), { code: "HTTP10_INVALID_OPTIONS" });
});

test("serveDir() gives a sibling's size in Content-Length, not the file's", async () => {
  await withSiblings(async (dir) => {
    const { res } = await ask(dir, { "accept-encoding": "br" }, {}, "/app.css", "HEAD");
    assert.equal(res.headers.get("content-length"), String((await stat(join(dir, "app.css.br"))).size));
  });
});
