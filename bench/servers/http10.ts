/**
 * The load harness's http10 server: `serve()` answering "Hello, World!" on the port given
 * as the first argument. Runs unchanged on Deno and Bun. It exits on SIGTERM, so that a
 * profiler started with it (`bench/profile.ts`) writes its profile.
 *
 * @module
 */
import process from "node:process";
import { serve } from "../../src/server/serve.ts";

const port = Number(process.argv[2] ?? 8000);
const BODY = "Hello, World!";

await serve(() => new Response(BODY), {
  hostname: "127.0.0.1",
  port,
  onListen: (addr) => console.log(`ready ${addr.port}`),
});
process.on("SIGTERM", () => process.exit(0));
