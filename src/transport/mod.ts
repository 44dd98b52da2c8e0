/**
 * http10's transport: bytes over TCP and UDP sockets on Deno and Bun, with no HTTP
 * knowledge and no names (numeric addresses only; `../net/` dials and listens by name).
 * `BufReader` and `writeAll` are the read and write loops; `adapter()` gives the runtime's
 * raw sockets.
 *
 * @example
 * ```ts
 * import { adapter, BufReader, writeAll } from "./mod.ts";
 *
 * const conn = await adapter().connect({ hostname: "127.0.0.1", port: 80 });
 * await writeAll(conn, new TextEncoder().encode("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"));
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
export * from "./host_port.ts";
