/**
 * `FileReader` over `node:fs` file handles: positional reads (pread). Used on Bun, whose
 * `node:fs` is native.
 *
 * @module
 */
import { open } from "node:fs/promises";
import type { FileReader } from "./file.ts";

/** Opens `path` for positional reads through `node:fs`. */
export async function openNodeFile(path: string): Promise<FileReader> {
  const handle = await open(path, "r");
  let closed = false;
  return {
    async read(into, position) {
      const { bytesRead } = await handle.read(into, 0, into.length, position);
      return bytesRead;
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close().catch(() => {});
    },
  };
}
