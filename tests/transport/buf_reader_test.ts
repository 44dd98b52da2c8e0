import assert from "node:assert/strict";
import { test } from "node:test";
import { BufReader } from "../../src/transport/buf_reader.ts";
import { BufferPool } from "../../src/transport/buffer_pool.ts";
import {
  LimitExceededError,
  NoProgressError,
  ReaderReleasedError,
  UnexpectedEofError,
} from "../../src/transport/errors.ts";
import { bytes, text, TrickleSource } from "./_fakes.ts";

const CRLFCRLF = bytes("\r\n\r\n");
const CHUNKINGS = [[1], [2], [3], [1, 2, 3], [3, 1, 2], [64]];

test("BufReader.readUntil() finds a delimiter split across reads of 1–3 bytes", async () => {
  const message = "GET / HTTP/1.0\r\nHost: a\r\n\r\nBODY";
  for (const sizes of CHUNKINGS) {
    const reader = new BufReader(new TrickleSource(message, sizes), { size: 8 });
    const head = await reader.readUntil(CRLFCRLF, 1024);
    assert.equal(text(head!), "GET / HTTP/1.0\r\nHost: a\r\n\r\n", `reads of ${sizes}`);
    assert.equal(text(await reader.readToEnd(100)), "BODY", `reads of ${sizes}`);
  }
});

test("BufReader.readUntil() returns successive lines, then null at a clean end of file", async () => {
  const reader = new BufReader(new TrickleSource("one\ntwo\n"), { size: 4 });
  const nl = bytes("\n");
  assert.equal(text((await reader.readUntil(nl, 100))!), "one\n");
  assert.equal(text((await reader.readUntil(nl, 100))!), "two\n");
  assert.equal(await reader.readUntil(nl, 100), null);
  assert.equal(await reader.readUntil(nl, 100), null);
});

test("BufReader.readUntil() returns null on an empty source", async () => {
  const reader = new BufReader(new TrickleSource(""));
  assert.equal(await reader.readUntil(CRLFCRLF, 100), null);
});

test("BufReader.readUntil() does not match a delimiter that is only partly there", async () => {
  const reader = new BufReader(new TrickleSource("a\r\n\rb\r\n\r\n"), { size: 4 });
  assert.equal(text((await reader.readUntil(CRLFCRLF, 100))!), "a\r\n\rb\r\n\r\n");
});

test("BufReader.readUntil() throws UnexpectedEofError when the source ends inside a line", async () => {
  const reader = new BufReader(new TrickleSource("GET / HTTP/1.0\r\n"));
  await assert.rejects(reader.readUntil(CRLFCRLF, 100), (err: unknown) => {
    assert.ok(err instanceof UnexpectedEofError);
    assert.equal(err.code, "HTTP10_UNEXPECTED_EOF");
    assert.equal(err.read, 16);
    assert.equal(err.expected, undefined);
    return true;
  });
});

test("BufReader.readUntil() accepts a line of exactly the limit and rejects one byte more", async () => {
  const line = "abcdefg\n"; // 8 bytes with the delimiter
  const ok = new BufReader(new TrickleSource(line), { size: 4 });
  assert.equal(text((await ok.readUntil(bytes("\n"), 8))!), line);
  const tooLong = new BufReader(new TrickleSource(line), { size: 4 });
  await assert.rejects(tooLong.readUntil(bytes("\n"), 7), (err: unknown) => {
    assert.ok(err instanceof LimitExceededError);
    assert.equal(err.code, "HTTP10_LIMIT_EXCEEDED");
    assert.equal(err.limit, 7);
    return true;
  });
});

test("BufReader.readUntil() stops reading once the limit is reached without a delimiter", async () => {
  const source = new TrickleSource("x".repeat(1000), [1]);
  const reader = new BufReader(source, { size: 4 });
  await assert.rejects(reader.readUntil(CRLFCRLF, 10), LimitExceededError);
  assert.equal(source.reads, 10);
});

test("BufReader.readUntil() never holds more than maxSize bytes", async () => {
  const reader = new BufReader(new TrickleSource("y".repeat(100)), { size: 8, maxSize: 16 });
  await assert.rejects(reader.readUntil(CRLFCRLF, 1000), (err: unknown) => {
    assert.ok(err instanceof LimitExceededError);
    assert.equal(err.limit, 16);
    return true;
  });
});

test("BufReader grows its buffer ×2 up to maxSize, then fill() throws LimitExceededError", async () => {
  const reader = new BufReader(new TrickleSource("z".repeat(100), [64]), { size: 4, maxSize: 32 });
  const sizes = [reader.capacity];
  while (reader.buffered().length < 32) {
    await reader.fill();
    if (sizes[sizes.length - 1] !== reader.capacity) sizes.push(reader.capacity);
  }
  assert.deepEqual(sizes, [4, 8, 16, 32]);
  await assert.rejects(reader.fill(), LimitExceededError);
  reader.discard(1);
  assert.equal(await reader.fill(), 1);
});

test("BufReader.fill() keeps unread bytes when it moves them to the front", async () => {
  const reader = new BufReader(new TrickleSource("abcdefgh", [4]), { size: 4 });
  await reader.fill();
  reader.discard(3);
  assert.equal(await reader.fill(), 3);
  assert.equal(text(reader.buffered()), "defg");
});

test("BufReader.readFull() returns exactly n bytes as a copy", async () => {
  for (const sizes of CHUNKINGS) {
    const reader = new BufReader(new TrickleSource("0123456789abcdef", sizes), { size: 4 });
    const first = await reader.readFull(5);
    const second = await reader.readFull(11);
    assert.equal(text(first), "01234", `reads of ${sizes}`);
    assert.equal(text(second), "56789abcdef", `reads of ${sizes}`);
    assert.equal(await reader.read(new Uint8Array(4)), null);
  }
});

test("BufReader.readFull() throws UnexpectedEofError with the bytes expected and read", async () => {
  const reader = new BufReader(new TrickleSource("12345"));
  await assert.rejects(reader.readFull(10), (err: unknown) => {
    assert.ok(err instanceof UnexpectedEofError);
    assert.equal(err.expected, 10);
    assert.equal(err.read, 5);
    assert.match(err.message, /expected 10 bytes, got 5/);
    return true;
  });
});

test("BufReader.readFull(0) returns an empty array without reading", async () => {
  const source = new TrickleSource("abc");
  const reader = new BufReader(source);
  assert.equal((await reader.readFull(0)).length, 0);
  assert.equal(source.reads, 0);
});

test("BufReader.readToEnd() returns buffered and later bytes until end of file", async () => {
  const body = "x".repeat(5000) + "end";
  for (const sizes of [[1, 2, 3], [1000]]) {
    const reader = new BufReader(new TrickleSource("HEAD\n" + body, sizes), { size: 16 });
    assert.equal(text((await reader.readUntil(bytes("\n"), 100))!), "HEAD\n");
    assert.equal(text(await reader.readToEnd(body.length)), body);
  }
});

test("BufReader.readToEnd() throws LimitExceededError one byte past the limit", async () => {
  const reader = new BufReader(new TrickleSource("abcdef"));
  await assert.rejects(reader.readToEnd(5), (err: unknown) => {
    assert.ok(err instanceof LimitExceededError);
    assert.equal(err.limit, 5);
    return true;
  });
});

test("BufReader.readToEnd() of an empty source is empty", async () => {
  const reader = new BufReader(new TrickleSource(""));
  assert.equal((await reader.readToEnd(0)).length, 0);
});

test("BufReader.read() returns buffered bytes before asking the source", async () => {
  const source = new TrickleSource("abcdefghij", [8]);
  const reader = new BufReader(source, { size: 8 });
  const p = new Uint8Array(3);
  assert.equal(await reader.read(p), 3);
  assert.equal(text(p), "abc");
  assert.equal(await reader.read(p), 3);
  assert.equal(await reader.read(p), 2);
  assert.equal(text(p.subarray(0, 2)), "gh");
  assert.equal(source.reads, 1);
  assert.equal(await reader.read(p), 2);
  assert.equal(await reader.read(p), null);
});

test("BufReader.read() reads straight into a large buffer when nothing is buffered", async () => {
  const seen: Uint8Array[] = [];
  const source = {
    done: false,
    read(p: Uint8Array): Promise<number | null> {
      seen.push(p);
      if (this.done) return Promise.resolve(null);
      this.done = true;
      p.set(bytes("hello"));
      return Promise.resolve(5);
    },
  };
  const reader = new BufReader(source, { size: 8 });
  const big = new Uint8Array(64);
  assert.equal(await reader.read(big), 5);
  assert.equal(seen[0], big);
  assert.equal(text(big.subarray(0, 5)), "hello");
});

test("BufReader.peek() shows bytes without consuming them", async () => {
  const reader = new BufReader(new TrickleSource("HTTP/1.0 200 OK\r\n"), { size: 4 });
  assert.equal(text(await reader.peek(5)), "HTTP/");
  assert.equal(text((await reader.readUntil(bytes("\r\n"), 100))!), "HTTP/1.0 200 OK\r\n");
  await assert.rejects(reader.peek(1), UnexpectedEofError);
});

test("BufReader.discard() consumes buffered bytes and refuses more than are buffered", async () => {
  const reader = new BufReader(new TrickleSource("abcdef", [6]));
  await reader.fill();
  reader.discard(2);
  assert.equal(text(reader.buffered()), "cdef");
  assert.throws(() => reader.discard(5), RangeError);
});

test("BufReader.bufferedLength is the length buffered() would have, through fills and discards", async () => {
  const reader = new BufReader(new TrickleSource("abcdef", [4, 2]));
  assert.equal(reader.bufferedLength, 0);
  await reader.fill();
  assert.equal(reader.bufferedLength, 4);
  reader.discard(1);
  assert.equal(reader.bufferedLength, 3);
  await reader.fill();
  assert.equal(reader.bufferedLength, 5);
  assert.equal(reader.bufferedLength, reader.buffered().length);
  reader.discard(5);
  assert.equal(reader.bufferedLength, 0);
  reader.release();
  assert.throws(() => reader.bufferedLength, ReaderReleasedError);
});

test("BufReader.fill() returns null at end of file, and again after", async () => {
  const source = new TrickleSource("ab", [2]);
  const reader = new BufReader(source);
  assert.equal(await reader.fill(), 2);
  assert.equal(await reader.fill(), null);
  assert.equal(await reader.fill(), null);
  assert.equal(source.eofs, 1);
  assert.equal(text(reader.buffered()), "ab");
});

test("BufReader throws NoProgressError when the source keeps returning 0 bytes", async () => {
  let reads = 0;
  const reader = new BufReader({ read: () => (reads++, Promise.resolve(0)) });
  await assert.rejects(reader.fill(), (err: unknown) => {
    assert.ok(err instanceof NoProgressError);
    assert.equal(err.code, "HTTP10_NO_PROGRESS");
    return true;
  });
  assert.equal(reads, 100);
});

test("BufReader.release() returns its buffer to the pool for the next reader", async () => {
  const pool = new BufferPool({ sizes: [16, 64] });
  const first = new BufReader(new TrickleSource("abc\n"), { size: 16, pool });
  await first.readUntil(bytes("\n"), 16);
  assert.equal(pool.available(16), 0);
  first.release();
  first.release();
  assert.equal(pool.available(16), 1);
  const second = new BufReader(new TrickleSource("xyz\n"), { size: 16, pool });
  assert.equal(pool.available(16), 0);
  assert.equal(text((await second.readUntil(bytes("\n"), 16))!), "xyz\n");
  second.release();
  assert.equal(pool.available(16), 1);
});

test("BufReader gives a grown-out-of buffer back to the pool as it grows", async () => {
  const pool = new BufferPool({ sizes: [16, 32, 64] });
  const reader = new BufReader(new TrickleSource("q".repeat(40) + "\n", [64]), { size: 16, maxSize: 64, pool });
  assert.equal(text((await reader.readUntil(bytes("\n"), 64))!), "q".repeat(40) + "\n");
  assert.equal(reader.capacity, 64);
  assert.equal(pool.available(16), 1);
  assert.equal(pool.available(32), 1);
  reader.release();
  assert.equal(pool.available(64), 1);
});

test("BufReader throws ReaderReleasedError when used after release()", async () => {
  const reader = new BufReader(new TrickleSource("abc"));
  reader.release();
  assert.throws(() => reader.buffered(), ReaderReleasedError);
  await assert.rejects(reader.fill(), ReaderReleasedError);
  await assert.rejects(reader.readFull(1), ReaderReleasedError);
});

test("BufReader.release() during a pending read returns the buffer only once the read settles", async () => {
  const pool = new BufferPool({ sizes: [16] });
  let finish: (n: number | null) => void = () => {};
  let target: Uint8Array | undefined;
  const source = {
    read(p: Uint8Array): Promise<number | null> {
      target = p;
      return new Promise((resolve) => (finish = resolve));
    },
  };
  const reader = new BufReader(source, { size: 16, pool });
  const filling = reader.fill();
  reader.release();
  assert.equal(pool.available(16), 0);
  target!.set(bytes("late"));
  finish(4);
  await assert.rejects(filling, ReaderReleasedError);
  assert.equal(pool.available(16), 1);
});
