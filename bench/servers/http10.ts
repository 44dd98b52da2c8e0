/**
 * The load harness's http10 server: `serve()` answering "Hello, World!" on the port given
 * as the first argument, with the number of worker threads given as the second (default 1;
 * Deno needs --unstable-net for more). Runs unchanged on Deno and Bun. It exits on SIGTERM,
 * so that a profiler started with it (`bench/profile.ts`) writes its profile.
 *
 * @module
 */
import process from "node:process";
import { serve } from "../../src/server/serve.ts";
import { isWorker } from "../../src/server/worker.ts";

const port = Number(process.argv[2] ?? 8000);
const workers = Number(process.argv[3] ?? 1);
const BODY = "Hello, World!";

await serve(() => new Response(BODY), {
  hostname: "127.0.0.1",
  port,
  workers,
  onListen: (addr) => console.log(`ready ${addr.port}`),
});
if (!isWorker()) process.on("SIGTERM", () => process.exit(0));
