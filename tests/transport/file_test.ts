import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFileReader } from "../../src/transport/file.ts";

async function withFile(data: Uint8Array, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "http10-file-"));
  try {
    await writeFile(join(dir, "f.bin"), data);
    await fn(join(dir, "f.bin"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const DATA = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) & 0xff);

test("openFileReader() reads at any position, forwards and back, and fills the buffer", async () => {
  await withFile(DATA, async (path) => {
    const file = await openFileReader(path);
    try {
      for (const [position, length] of [[0, 10], [100_000, 200_000], [5, 1], [299_990, 10], [0, 300_000]]) {
        const buf = new Uint8Array(length);
        assert.equal(await file.read(buf, position), length, `read ${length} at ${position}`);
        assert.deepEqual(buf, DATA.subarray(position, position + length));
      }
    } finally {
      await file.close();
    }
  });
});

test("openFileReader() reads short at the end of the file and 0 past it", async () => {
  await withFile(DATA, async (path) => {
    const file = await openFileReader(path);
    const buf = new Uint8Array(100);
    assert.equal(await file.read(buf, 299_950), 50);
    assert.deepEqual(buf.subarray(0, 50), DATA.subarray(299_950));
    assert.equal(await file.read(buf, 300_000), 0);
    assert.equal(await file.read(buf, 400_000), 0);
    await file.close();
    await file.close(); // twice is fine
  });
});

test("openFileReader() rejects a missing file with code ENOENT", async () => {
  await assert.rejects(openFileReader(join(tmpdir(), "http10-no-such-file-here")), { code: "ENOENT" });
});
