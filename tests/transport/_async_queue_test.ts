import assert from "node:assert/strict";
import { test } from "node:test";
import { AsyncQueue } from "../../src/transport/_async_queue.ts";

test("AsyncQueue hands items out in order, to waiters first", async () => {
  const queue = new AsyncQueue<number>();
  const waiting = queue.next();
  queue.push(1);
  queue.push(2);
  queue.push(3);
  assert.equal(await waiting, 1);
  assert.equal(await queue.next(), 2);
  assert.equal(await queue.next(), 3);
  assert.equal(queue.length, 0);
});

test("AsyncQueue drops items beyond its limit", () => {
  const queue = new AsyncQueue<number>(2);
  assert.equal(queue.push(1), true);
  assert.equal(queue.push(2), true);
  assert.equal(queue.push(3), false);
  assert.equal(queue.length, 2);
});

test("AsyncQueue.close() rejects waiters and later next() calls, and returns the items never taken", async () => {
  const queue = new AsyncQueue<string>();
  const empty = new AsyncQueue<string>();
  const waiting = empty.next();
  queue.push("a");
  queue.push("b");
  const reason = new Error("closed");
  assert.deepEqual(queue.close(reason), ["a", "b"]);
  assert.deepEqual(empty.close(reason), []);
  await assert.rejects(waiting, (err) => err === reason);
  await assert.rejects(queue.next(), (err) => err === reason);
  assert.equal(queue.push("c"), false);
  assert.equal(queue.closed, true);
});
