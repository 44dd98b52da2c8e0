import assert from "node:assert/strict";
import { test } from "node:test";
import { BodyReader, bodyStream } from "../../src/body/body_reader.ts";
import type { BodyFraming } from "../../src/http10/framing.ts";
import { BufReader } from "../../src/transport/buf_reader.ts";
import { latin1 } from "../client/_fake_server.ts";
import { PiecesSource, splitAt } from "../client/_sources.ts";

type Framing = BodyFraming & { kind: "length" | "chunked" | "close" };

/** Streams a body from `pieces`; returns the body, the trailers, and what onEnd said. */
async function consume(pieces: string[], framing: Framing, maxBodySize?: number) {
  const reader = new BufReader(new PiecesSource(pieces), { size: 16 });
  const ends: boolean[] = [];
  const body = bodyStream({
    reader,
    framing,
    maxBodySize,
    signal: new AbortController().signal,
    onEnd: (clean) => ends.push(clean),
  });
  let text = "";
  for await (const chunk of body.stream) text += latin1(chunk);
  return { text, trailers: [...body.trailers()], ends };
}

const CHUNKED = '4;a=1\r\nWiki\r\n6 ; b="x"\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nT1: v1\r\nT2: v2\r\n\r\n';

test("bodyStream() decodes a chunked body split at every byte, trailers and all", async () => {
  for (let at = 0; at <= CHUNKED.length; at++) {
    const { text, trailers, ends } = await consume(splitAt(CHUNKED, at), { kind: "chunked" });
    assert.equal(text, "Wikipedia in \r\n\r\nchunks.", `split at ${at}`);
    assert.deepEqual(trailers, [["T1", "v1"], ["T2", "v2"]]);
    assert.deepEqual(ends, [true]);
  }
});

test("bodyStream() reads a Content-Length body split at every byte, and ends without another read", async () => {
  const body = "0123456789abcdef0123";
  for (let at = 0; at <= body.length; at++) {
    const source = splitAt(body, at);
    const { text, ends } = await consume(source, { kind: "length", length: body.length });
    assert.equal(text, body);
    assert.deepEqual(ends, [true]);
  }
});

test("bodyStream() reports a body with bytes after it as not clean (not reusable)", async () => {
  const { text, ends } = await consume(["abcEXTRA"], { kind: "length", length: 3 });
  assert.equal(text, "abc");
  assert.deepEqual(ends, [false]);
});

test("bodyStream() reads a close-delimited body to the end of file", async () => {
  const { text, ends } = await consume(["a", "bc", "def"], { kind: "close" });
  assert.equal(text, "abcdef");
  assert.deepEqual(ends, [true]);
});

test("bodyStream() fails with TruncatedBodyError when the source ends early", async () => {
  await assert.rejects(consume(["abc"], { kind: "length", length: 5 }), {
    code: "HTTP10_TRUNCATED_BODY",
    expected: 5,
    received: 3,
  });
  await assert.rejects(consume(["3\r\nabc\r\n"], { kind: "chunked" }), { code: "HTTP10_TRUNCATED_BODY", received: 3 });
});

test("bodyStream() fails with BodyTooLargeError past maxBodySize, for every framing", async () => {
  await assert.rejects(consume(["abcdef"], { kind: "close" }, 5), { code: "HTTP10_BODY_TOO_LARGE" });
  await assert.rejects(consume(["6\r\nabcdef\r\n0\r\n\r\n"], { kind: "chunked" }, 5), {
    code: "HTTP10_BODY_TOO_LARGE",
  });
  assert.equal((await consume(["abcde"], { kind: "close" }, 5)).text, "abcde");
});

test("bodyStream() calls onEnd(false) once when cancelled", async () => {
  const reader = new BufReader(new PiecesSource(["abc", "def"]), { size: 16 });
  const ends: boolean[] = [];
  const { stream } = bodyStream({
    reader,
    framing: { kind: "length", length: 6 },
    maxBodySize: undefined,
    signal: new AbortController().signal,
    onEnd: (clean) => ends.push(clean),
  });
  const r = stream.getReader();
  await r.read();
  await r.cancel();
  await r.cancel();
  assert.deepEqual(ends, [false]);
});

test("BodyReader.readAll() takes a Content-Length body whole, split at every byte, and ends clean", async () => {
  const body = "0123456789abcdef0123";
  for (let at = 0; at <= body.length; at++) {
    const ends: boolean[] = [];
    const reader = new BufReader(new PiecesSource(splitAt(body, at)), { size: 16 });
    const source = new BodyReader({
      reader,
      framing: { kind: "length", length: body.length },
      maxBodySize: undefined,
      signal: undefined,
      onEnd: (clean) => ends.push(clean),
    });
    assert.equal(latin1(await source.readAll()), body, `split at ${at}`);
    assert.deepEqual(ends, [true]);
    assert.equal((await source.readAll()).length, 0);
  }
});

test("BodyReader.readAll() takes a body already buffered without another read; bytes after it make the end not clean", async () => {
  for (const [after, clean] of [["", true], ["HTTP/1.1", false]] as const) {
    const ends: boolean[] = [];
    const pieces = new PiecesSource([`hello${after}`]);
    const reader = new BufReader(pieces, { size: 16 });
    await reader.fill();
    const source = new BodyReader({
      reader,
      framing: { kind: "length", length: 5 },
      maxBodySize: undefined,
      signal: undefined,
      onEnd: (c) => ends.push(c),
    });
    assert.equal(latin1(await source.readAll()), "hello");
    assert.equal(pieces.reads, 1);
    assert.deepEqual(ends, [clean]);
    assert.equal(latin1(reader.buffered()), after);
  }
});

test("BodyReader.readAll() of a buffered body over maxBodySize rejects with BodyTooLargeError", async () => {
  const ends: boolean[] = [];
  const reader = new BufReader(new PiecesSource(["hello"]), { size: 16 });
  await reader.fill();
  const source = new BodyReader({
    reader,
    framing: { kind: "length", length: 5 },
    maxBodySize: 4,
    signal: undefined,
    onEnd: (c) => ends.push(c),
  });
  await assert.rejects(source.readAll(), { code: "HTTP10_BODY_TOO_LARGE" });
  assert.deepEqual(ends, [false]);
});

test("BodyReader.readAll() fails with TruncatedBodyError, and ends not clean", async () => {
  const ends: boolean[] = [];
  const source = new BodyReader({
    reader: new BufReader(new PiecesSource(["abc"]), { size: 16 }),
    framing: { kind: "length", length: 5 },
    maxBodySize: undefined,
    signal: undefined,
    onEnd: (clean) => ends.push(clean),
  });
  await assert.rejects(source.readAll(), { code: "HTTP10_TRUNCATED_BODY", expected: 5, received: 3 });
  assert.deepEqual(ends, [false]);
});

test("BodyReader.readAll() joins a chunked body", async () => {
  const source = new BodyReader({
    reader: new BufReader(new PiecesSource(splitAt(CHUNKED, 9)), { size: 16 }),
    framing: { kind: "chunked" },
    maxBodySize: undefined,
    signal: undefined,
    onEnd: () => {},
  });
  assert.equal(latin1(await source.readAll()), "Wikipedia in \r\n\r\nchunks.");
  assert.deepEqual([...source.trailers()], [["T1", "v1"], ["T2", "v2"]]);
});

test("BodyReader refuses a bare LF in chunked framing unless allowBareLf", async () => {
  const read = (allowBareLf: boolean) =>
    new BodyReader({
      reader: new BufReader(new PiecesSource(["5\nhello\r\n0\r\n\r\n"]), { size: 16 }),
      framing: { kind: "chunked" },
      maxBodySize: undefined,
      allowBareLf,
      onEnd() {},
    }).readAll();
  await assert.rejects(read(false), { code: "HTTP10_INVALID_CHUNK" });
  assert.equal(latin1(await read(true)), "hello");
});

test("BodyReader.skip() drops a body up to its limit and says whether it was read to its end", async () => {
  const make = (pieces: string[], framing: Framing) => {
    const reader = new BufReader(new PiecesSource(pieces), { size: 16 });
    return { reader, body: new BodyReader({ reader, framing, maxBodySize: undefined, onEnd() {} }) };
  };
  const length = make(["abcdefghij", "NEXT"], { kind: "length", length: 10 });
  assert.equal(await length.body.skip(100), true);
  assert.equal(length.body.complete, true);
  assert.equal(await length.reader.readFull(4).then(latin1), "NEXT");
  assert.equal(await make(["abcdefghij"], { kind: "length", length: 10 }).body.skip(5), false);
  assert.equal(await make(["abc"], { kind: "length", length: 10 }).body.skip(100), false);
  assert.equal(await make(["3\r\nabc\r\n0\r\n\r\n"], { kind: "chunked" }).body.skip(100), true);
  assert.equal(await make(["3\nabc\r\n0\r\n\r\n"], { kind: "chunked" }).body.skip(100), false);
});

test("BodyReader runs beforeRead once, before the first byte is read", async () => {
  const events: string[] = [];
  const source = new PiecesSource(["hello"]);
  const reader = new BufReader({ read: (p) => (events.push("read"), source.read(p)) }, { size: 16 });
  const body = new BodyReader({
    reader,
    framing: { kind: "length", length: 5 },
    maxBodySize: undefined,
    beforeRead: () => Promise.resolve(void events.push("before")),
    onEnd() {},
  });
  assert.equal(latin1(await body.readAll()), "hello");
  assert.deepEqual(events, ["before", "read"]);
});
