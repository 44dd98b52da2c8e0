/**
 * Reading files by position, for sending them: a runtime-neutral `FileReader` and
 * `openFileReader()`, which picks the running runtime's best primitive. Deno's own file
 * handles (`file_deno.ts`) read faster than its `node:fs` layer; on Bun `node:fs` is
 * native already (`file_node.ts`).
 *
 * @module
 */
import { detectRuntime } from "./runtime.ts";

/** An open file, read at positions into buffers the caller owns. */
export interface FileReader {
  /**
   * Reads up to `into.length` bytes from offset `position` into `into`; resolves to the
   * count read, 0 at end of file. One read at a time.
   */
  read(into: Uint8Array, position: number): Promise<number>;
  /** Closes the file; resolves once it is closed. Safe to call more than once. */
  close(): Promise<void>;
}

type Opener = (path: string) => Promise<FileReader>;

let opener: Promise<Opener> | undefined;

function chooseOpener(): Promise<Opener> {
  return opener ??= detectRuntime() === "deno"
    ? import("./file_deno.ts").then((m) => m.openDenoFile)
    : import("./file_node.ts").then((m) => m.openNodeFile);
}

/**
 * Opens `path` for reading. Rejects with the runtime's error, carrying a Node-style
 * `code` ("ENOENT", "EACCES", ...) on both runtimes.
 *
 * @example
 * ```ts
 * const file = await openFileReader("big.bin");
 * const buf = new Uint8Array(65536);
 * const n = await file.read(buf, 0);
 * await file.close();
 * ```
 */
export async function openFileReader(path: string): Promise<FileReader> {
  return (await chooseOpener())(path);
}
