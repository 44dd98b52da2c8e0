/**
 * http10's net layer: connections by name, like CS:APP's `open_clientfd` and
 * `open_listenfd`. `dial`/`dialHost` resolve a name with `getaddrinfo` and try every address
 * (in turn, or raced as Happy Eyeballs); `listen` binds the first address that will.
 * It sits above the transport (numeric sockets) and the resolver (names), so the resolver
 * may use the transport's sockets for DNS without a cycle.
 *
 * @example
 * ```ts
 * import { dialHost, listen } from "./mod.ts";
 *
 * const listener = await listen({ hostname: "127.0.0.1", port: 0 });
 * const conn = await dialHost("localhost", listener.addr.port, { timeout: 10_000 });
 * conn.close();
 * listener.close();
 * ```
 *
 * @module
 */
export * from "./listen.ts";
export * from "./dial.ts";
