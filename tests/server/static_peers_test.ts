/**
 * serve.ts (serveDir) against nginx on the same files: each range and validator case is
 * sent to both, as HTTP/1.0 and as HTTP/1.1, and status, Content-Range, Content-Length
 * and body must agree. Then curl resumes a cut download (`curl -C -`) from serve.ts.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { exchange, parseResponses, type RawResponse } from "../_helpers/raw.ts";
import { run } from "../_helpers/run_script.ts";
import { skipUnless } from "../_helpers/tools.ts";
import { makeSite, type Peer, type Site, startNginx, startServeTs } from "../client/_peers.ts";

const NO_NGINX = skipUnless("nginx");
const NO_CURL = skipUnless("curl");

let site: Site;
let ours: Peer;
let nginx: Peer | undefined;

before(async () => {
  site = await makeSite();
  ours = await startServeTs(site);
  if (!NO_NGINX) nginx = await startNginx(site);
});

after(async () => {
  await ours?.stop();
  await nginx?.stop();
  await site?.remove();
});

function portOf(peer: Peer): number {
  return Number(new URL(peer.origin).port);
}

/** One request on its own connection; the version decides the request line. */
async function ask(
  peer: Peer,
  version: "1.0" | "1.1",
  path: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const lines = [`GET ${path} HTTP/${version}`, "Host: 127.0.0.1", "Connection: close"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const { bytes } = await exchange(portOf(peer), [lines.join("\r\n") + "\r\n\r\n"], { waitMs: 5000 });
  const [response] = parseResponses(bytes);
  return response;
}

const BIG = 2 * 1024 * 1024 + 123;

// Range cases where RFC 9110 leaves one answer: both servers must give it.
const agreed: [string, Record<string, string>][] = [
  ["no Range", {}],
  ["the first ten bytes", { range: "bytes=0-9" }],
  ["a range in the middle", { range: "bytes=1000000-1000099" }],
  ["an open range", { range: `bytes=${BIG - 100}-` }],
  ["a suffix range", { range: "bytes=-123" }],
  ["a suffix longer than the file", { range: `bytes=-${BIG * 2}` }],
  ["a last byte past the end", { range: `bytes=${BIG - 10}-${BIG * 3}` }],
  ["the last byte", { range: `bytes=${BIG - 1}-${BIG - 1}` }],
  ["a first byte at the end (416)", { range: `bytes=${BIG}-` }],
  ["a first byte far past the end (416)", { range: "bytes=99999999999-" }],
  ["-0 (416)", { range: "bytes=-0" }],
  ["an unknown unit (ignored)", { range: "lines=0-9" }],
  ["no range after the unit (ignored)", { range: "bytes=" }],
  ["the unit in upper case", { range: "BYTES=0-1" }],
  ["one satisfiable range among unsatisfiable ones", { range: `bytes=0-1,${BIG}-${BIG + 5}` }],
];

for (const version of ["1.0", "1.1"] as const) {
  for (const [what, headers] of agreed) {
    test(`serve.ts answers ${what} as nginx does (HTTP/${version})`, { skip: NO_NGINX }, async () => {
      const [a, b] = await Promise.all([
        ask(ours, version, "/big.bin", headers),
        ask(nginx!, version, "/big.bin", headers),
      ]);
      assert.equal(a.status, b.status);
      assert.deepEqual(a.headers.get("content-range"), b.headers.get("content-range"));
      if (a.status === 200 || a.status === 206) {
        assert.deepEqual(a.headers.get("content-length"), b.headers.get("content-length"));
        assert.deepEqual(a.headers.get("accept-ranges"), ["bytes"]);
        assert.equal(Buffer.compare(a.body, b.body), 0, "bodies differ");
        if (a.status === 206) {
          const [, first] = /^bytes (\d+)-/.exec(a.headers.get("content-range")![0])!;
          assert.deepEqual(a.body, site.big.subarray(Number(first), Number(first) + a.body.length));
        }
      }
    });
  }
}

// Each server's own validators: the same conditions must give the same statuses.
const conditional: [string, (etag: string, lastModified: string) => Record<string, string>][] = [
  ["If-None-Match with the ETag", (etag) => ({ "if-none-match": etag })],
  ["If-None-Match with another tag", () => ({ "if-none-match": '"nope"' })],
  ["If-Modified-Since at Last-Modified", (_, lm) => ({ "if-modified-since": lm })],
  [
    "If-None-Match with another tag over If-Modified-Since",
    (_, lm) => ({ "if-none-match": '"nope"', "if-modified-since": lm }),
  ],
  ["If-Match with the ETag", (etag) => ({ "if-match": etag })],
  ["If-Match with another tag", () => ({ "if-match": '"nope"' })],
  ["If-Unmodified-Since long ago", () => ({ "if-unmodified-since": "Thu, 01 Jan 1970 00:00:01 GMT" })],
  ["If-Range with the ETag", (etag) => ({ range: "bytes=0-9", "if-range": etag })],
  ["If-Range with another tag", () => ({ range: "bytes=0-9", "if-range": '"nope"' })],
  ["If-Range with Last-Modified", (_, lm) => ({ range: "bytes=0-9", "if-range": lm })],
  ["If-Range with another date", () => ({ range: "bytes=0-9", "if-range": "Thu, 01 Jan 1970 00:00:01 GMT" })],
];

for (const [what, make] of conditional) {
  test(`serve.ts answers ${what} as nginx does`, { skip: NO_NGINX }, async () => {
    const statuses: number[] = [];
    for (const peer of [ours, nginx!]) {
      const plain = await ask(peer, "1.0", "/big.bin", {});
      const etag = plain.headers.get("etag")![0];
      const lm = plain.headers.get("last-modified")![0];
      const res = await ask(peer, "1.0", "/big.bin", make(etag, lm));
      statuses.push(res.status);
      if (res.status === 206) assert.deepEqual(res.body, site.big.subarray(0, 10));
      if (res.status === 200) assert.equal(res.body.length, BIG);
    }
    assert.equal(statuses[0], statuses[1], `serve.ts ${statuses[0]}, nginx ${statuses[1]}`);
  });
}

test(
  "serve.ts and nginx differ only where RFC 9110 allows: a malformed Range and several ranges",
  { skip: NO_NGINX },
  async () => {
    // A malformed header: we ignore it (200, §14.2), nginx answers 416.
    const malformed = await ask(ours, "1.1", "/big.bin", { range: "bytes=5-3" });
    assert.equal(malformed.status, 200);
    assert.equal((await ask(nginx!, "1.1", "/big.bin", { range: "bytes=5-3" })).status, 416);
    // Several ranges: we send the whole file with 200, nginx multipart/byteranges.
    const several = await ask(ours, "1.1", "/big.bin", { range: "bytes=0-1,5-6" });
    assert.equal(several.status, 200);
    assert.equal(several.body.length, BIG);
    const multi = await ask(nginx!, "1.1", "/big.bin", { range: "bytes=0-1,5-6" });
    assert.equal(multi.status, 206);
    assert.match(multi.headers.get("content-type")![0], /^multipart\/byteranges/);
  },
);

test("curl -C - resumes a cut download from serve.ts and cmp finds the file whole", { skip: NO_CURL }, async () => {
  const out = join(site.dir, "..", `http10-resume-${process.pid}.bin`);
  try {
    const url = `${ours.origin}/big.bin`;
    // Cut: `head` keeps the first 700000 bytes and leaves, and curl's next write fails.
    const cut = await run("sh", ["-c", 'curl -s "$1" | head -c 700000 > "$2"', "sh", url, out]);
    assert.equal(cut.code, 0, cut.stderr);
    assert.equal((await stat(out)).size, 700000);
    const resumed = await run("curl", ["-s", "-C", "-", "-o", out, "-w", "%{http_code}", url]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.text, "206");
    const cmp = await run("cmp", [out, join(site.dir, "big.bin")]);
    assert.equal(cmp.code, 0, cmp.text + cmp.stderr);
    assert.deepEqual(new Uint8Array(await readFile(out)), site.big);
  } finally {
    await rm(out, { force: true });
  }
});
