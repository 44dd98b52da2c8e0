/**
 * The server role: `serve()` (accept loop, request loop, keep-alive, timeouts, limits,
 * graceful shutdown, access log), a small `Router`, and `serveDir()` for static files.
 *
 * @example
 * ```ts
 * import { Router, serve, serveDir } from "./mod.ts";
 * const router = new Router()
 *   .get("/hello/:name", (_req, { params }) => new Response(`Hello, ${params.name}!\n`))
 *   .get("/*", serveDir("./public"));
 * await serve(router.handler, { port: 8000 });
 * ```
 *
 * @module
 */
export * from "./serve.ts";
export * from "./options.ts";
export * from "./router.ts";
export * from "./static.ts";
export * from "./mime.ts";
export * from "./access_log.ts";
export { isWorker, workerId } from "./worker.ts";
