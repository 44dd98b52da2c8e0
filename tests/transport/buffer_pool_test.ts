import assert from "node:assert/strict";
import { test } from "node:test";
import { BufferPool } from "../../src/transport/buffer_pool.ts";
import { InvalidArgumentError } from "../../src/errors/invalid_options.ts";

test("BufferPool.get() returns the smallest pooled size that fits", () => {
  const pool = new BufferPool({ sizes: [16, 64] });
  assert.equal(pool.get(1).length, 16);
  assert.equal(pool.get(16).length, 16);
  assert.equal(pool.get(17).length, 64);
});

test("BufferPool.get() allocates an exact, unpooled buffer for a size larger than any pooled one", () => {
  const pool = new BufferPool({ sizes: [16] });
  const big = pool.get(100);
  assert.equal(big.length, 100);
  pool.put(big);
  assert.equal(pool.available(100), 0);
});

test("BufferPool reuses a buffer that was put back", () => {
  const pool = new BufferPool({ sizes: [16] });
  const buf = pool.get(16);
  pool.put(buf);
  assert.equal(pool.available(16), 1);
  assert.equal(pool.get(10), buf);
  assert.equal(pool.available(16), 0);
});

test("BufferPool keeps at most maxPerSize free buffers of each size", () => {
  const pool = new BufferPool({ sizes: [16], maxPerSize: 2 });
  const bufs = [pool.get(16), pool.get(16), pool.get(16)];
  for (const b of bufs) pool.put(b);
  assert.equal(pool.available(16), 2);
});

test("BufferPool.put() keeps a buffer given twice only once", () => {
  const pool = new BufferPool({ sizes: [16] });
  const buf = pool.get(16);
  pool.put(buf);
  pool.put(buf);
  assert.equal(pool.available(16), 1);
  assert.notEqual(pool.get(16), pool.get(16));
});

test("BufferPool.put() ignores views and buffers of sizes it does not pool", () => {
  const pool = new BufferPool({ sizes: [16] });
  pool.put(new Uint8Array(32).subarray(0, 16));
  pool.put(new Uint8Array(17));
  assert.equal(pool.available(16), 0);
});

test("BufferPool rejects sizes that are not ascending positive integers", () => {
  assert.throws(() => new BufferPool({ sizes: [64, 16] }), InvalidArgumentError);
  assert.throws(() => new BufferPool({ sizes: [0] }), InvalidArgumentError);
  assert.throws(() => new BufferPool({ sizes: [1.5] }), InvalidArgumentError);
});
