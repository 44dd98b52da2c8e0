import assert from "node:assert/strict";
import { test } from "node:test";
import { NoProgressError } from "../../src/transport/errors.ts";
import { writeAll } from "../../src/transport/write_all.ts";

/** A sink that takes at most `max` bytes per write, following a pattern of limits. */
function partialSink(limits: number[]) {
  const chunks: number[][] = [];
  let calls = 0;
  return {
    chunks,
    get calls() {
      return calls;
    },
    write(p: Uint8Array): Promise<number> {
      const n = Math.min(p.length, limits[calls++ % limits.length]);
      chunks.push([...p.subarray(0, n)]);
      return Promise.resolve(n);
    },
  };
}

test("writeAll() keeps writing after partial writes until every byte is written", async () => {
  const data = Uint8Array.from({ length: 100 }, (_, i) => i);
  const sink = partialSink([7, 1, 30]);
  await writeAll(sink, data);
  assert.deepEqual(sink.chunks.flat(), [...data]);
  assert.equal(sink.calls, 9);
});

test("writeAll() tolerates a few writes of 0 bytes", async () => {
  const data = Uint8Array.from({ length: 10 }, (_, i) => i);
  const sink = partialSink([0, 0, 5]);
  await writeAll(sink, data);
  assert.deepEqual(sink.chunks.flat(), [...data]);
});

test("writeAll() throws NoProgressError when writes keep returning 0", async () => {
  const sink = partialSink([0]);
  await assert.rejects(writeAll(sink, new Uint8Array(5)), NoProgressError);
  assert.equal(sink.calls, 100);
});

test("writeAll() rejects a write that claims more bytes than it was given", async () => {
  const liar = { write: (p: Uint8Array) => Promise.resolve(p.length + 1) };
  await assert.rejects(writeAll(liar, new Uint8Array(5)), RangeError);
});

test("writeAll() writes nothing for empty data", async () => {
  const sink = partialSink([10]);
  await writeAll(sink, new Uint8Array(0));
  assert.equal(sink.calls, 0);
});

test("writeAll() passes on the sink's error", async () => {
  const broken = { write: () => Promise.reject(new Error("EPIPE")) };
  await assert.rejects(writeAll(broken, new Uint8Array(5)), /EPIPE/);
});
