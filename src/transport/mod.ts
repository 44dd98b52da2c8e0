/**
 * http10's transport: bytes over TCP and UDP sockets on Deno and Bun, with no HTTP
 * knowledge. `listen` and `dial` take host names and try every address; `BufReader` and
 * `writeAll` are the read and write loops; `adapter()` gives the runtime's raw sockets.
 *
 * @example
 * ```ts
 * import { BufReader, dialHost, writeAll } from "./mod.ts";
 *
 * const conn = await dialHost("example.com", 80, { timeout: 10_000 });
 * await writeAll(conn, new TextEncoder().encode("GET / HTTP/1.0\r\nHost: example.com\r\n\r\n"));
 * const reader = new BufReader(conn);
 * const head = await reader.readUntil(new TextEncoder().encode("\r\n\r\n"), 16384);
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
export * from "./runtime.ts";
export * from "./buffer_pool.ts";
export * from "./buf_reader.ts";
export * from "./write_all.ts";
export * from "./listen.ts";
export * from "./dial.ts";
