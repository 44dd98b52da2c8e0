/**
 * http10: a minimal HTTP/1.0 server and client for Deno and Bun, built from the socket up.
 *
 * The stable, runtime-neutral API, layer by layer (each is also importable on its own:
 * `./src/http10/mod.ts`, `./src/transport/mod.ts`, ...):
 *
 * - server: {@linkcode serve}, {@linkcode Router}, {@linkcode serveDir}
 * - client: {@linkcode fetch}, {@linkcode request}, {@linkcode Client}, {@linkcode Agent}
 * - net: {@linkcode listen}, {@linkcode dial}, {@linkcode dialHost}
 * - transport: {@linkcode BufReader}, {@linkcode writeAll}
 * - resolve: {@linkcode getaddrinfo}, {@linkcode getnameinfo}, {@linkcode inetPton}, {@linkcode inetNtop},
 *   {@linkcode queryDns} and the DNS message codec ({@linkcode decodeMessage}, {@linkcode encodeMessage})
 * - http10 (the codec): {@linkcode parseRequestHead}, {@linkcode parseResponseHead},
 *   {@linkcode serializeResponseHead}, {@linkcode HeaderList}, and the typed errors
 *
 * @example
 * ```ts
 * import { fetch, serve } from "./mod.ts";
 *
 * const server = await serve((req) => new Response(`Hello from ${new URL(req.url).pathname}\n`), {
 *   port: 0,
 *   hostname: "127.0.0.1",
 * });
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/there`);
 * console.log(res.status, await res.text()); // 200 "Hello from /there\n"
 * await server.shutdown();
 * ```
 *
 * @module
 */
export * from "./src/server/mod.ts";
export * from "./src/client/mod.ts";
export * from "./src/net/mod.ts";
export * from "./src/transport/mod.ts";
export * from "./src/resolve/mod.ts";
export * from "./src/http10/mod.ts";
