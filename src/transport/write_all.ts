/**
 * Writes a whole buffer to a connection that may take it in parts.
 *
 * @module
 */
import { NoProgressError } from "./errors.ts";

/** Anything with a `write` that may write fewer bytes than given, such as a `Conn`. */
export interface WriteSink {
  /** Writes a prefix of `p`; resolves to how many bytes were written. */
  write(p: Uint8Array): Promise<number>;
}

// A sink that keeps taking 0 bytes is stuck; give up rather than spin.
const MAX_EMPTY_WRITES = 100;

/**
 * Writes every byte of `data`, calling `conn.write` again for whatever a partial write
 * left (both runtimes can write fewer bytes than given).
 *
 * @throws {NoProgressError} when `write` returns 0 bytes 100 times in a row.
 * @example
 * ```ts
 * import { adapter } from "./runtime.ts";
 * import { writeAll } from "./write_all.ts";
 *
 * const conn = await adapter().connect({ hostname: "127.0.0.1", port: 8000 });
 * await writeAll(conn, new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n"));
 * ```
 */
export async function writeAll(conn: WriteSink, data: Uint8Array): Promise<void> {
  let off = 0;
  let empty = 0;
  while (off < data.length) {
    const n = await conn.write(off === 0 ? data : data.subarray(off));
    if (!(n >= 0 && n <= data.length - off)) {
      throw new RangeError(`write() returned ${n} for ${data.length - off} bytes`);
    }
    if (n === 0) {
      if (++empty >= MAX_EMPTY_WRITES) throw new NoProgressError("write", empty);
      continue;
    }
    empty = 0;
    off += n;
  }
}
