import assert from "node:assert/strict";
import { test } from "node:test";
import { readResponseHead } from "../../src/client/_read_head.ts";
import { BufReader } from "../../src/transport/buf_reader.ts";
import { latin1 } from "./_fake_server.ts";
import { PiecesSource, splitAt } from "./_sources.ts";

const LIMITS = { maxHeadSize: 1024, maxHeaderCount: 50 };

async function read(pieces: string[], limits = LIMITS) {
  const reader = new BufReader(new PiecesSource(pieces), { size: 16 });
  const seen: string[] = [];
  const head = await readResponseHead(reader, limits, (raw, parsed) => seen.push(`${parsed.status}:${latin1(raw)}`));
  const rest = latin1(await reader.readToEnd(1 << 20));
  return { head, seen, rest };
}

const WIRE =
  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: <a>\r\n\r\nHTTP/1.0 200 OK\r\nA: b\r\n\r\nBODY";

test("readResponseHead() skips interim heads and stops at the body, split at every byte", async () => {
  for (let at = 0; at <= WIRE.length; at++) {
    const { head, seen, rest } = await read(splitAt(WIRE, at));
    assert.equal(head.status, 200, `split at ${at}`);
    assert.equal(head.headers.get("a"), "b");
    assert.equal(rest, "BODY");
    assert.deepEqual(seen, [
      "100:HTTP/1.1 100 Continue\r\n\r\n",
      "103:HTTP/1.1 103 Early Hints\r\nLink: <a>\r\n\r\n",
      "200:HTTP/1.0 200 OK\r\nA: b\r\n\r\n",
    ]);
  }
});

test("readResponseHead() reads a head that arrives one byte per read", async () => {
  const { head, rest } = await read([..."HTTP/1.0 204 No Content\r\nX: y\r\n\r\n"]);
  assert.equal(head.status, 204);
  assert.equal(rest, "");
});

test("readResponseHead() returns 101 as final, leaving what follows unread", async () => {
  const { head, rest } = await read(["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nraw"]);
  assert.equal(head.status, 101);
  assert.equal(rest, "raw");
});

test("readResponseHead() rejects an end of file mid-head with the bytes received", async () => {
  await assert.rejects(read(["HTTP/1.0 200 OK\r\nA:"]), { code: "HTTP10_INCOMPLETE_HEAD", received: 19 });
  await assert.rejects(read([]), { code: "HTTP10_INCOMPLETE_HEAD", received: 0 });
  // An interim head then nothing: the final head is missing.
  await assert.rejects(read(["HTTP/1.1 100 Continue\r\n\r\n"]), { code: "HTTP10_INCOMPLETE_HEAD", received: 0 });
});

test("readResponseHead() rejects a bad status line from its first bytes, without waiting for the end", async () => {
  // No empty line ever comes; the status line alone is enough to tell.
  await assert.rejects(read(["ICY 200 OK\r\n", "icy-name: x\r\n", "y".repeat(5000)]), {
    code: "HTTP10_INVALID_STATUS_LINE",
  });
});

test("readResponseHead() rejects a bad status line the server closed after", async () => {
  await assert.rejects(read(["x".repeat(100)]), { code: "HTTP10_INVALID_STATUS_LINE" });
});

test("readResponseHead() rejects a head beyond maxHeadSize, ended or not", async () => {
  const long = `HTTP/1.0 200 OK\r\nX: ${"v".repeat(2000)}\r\n\r\n`;
  await assert.rejects(read([long]), { code: "HTTP10_HEADER_TOO_LARGE" });
  await assert.rejects(read([long.slice(0, 1500), long.slice(1500, 1800)]), { code: "HTTP10_HEADER_TOO_LARGE" });
});
