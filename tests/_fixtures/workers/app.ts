/**
 * A program that serves with `serve({ workers })`, for tests/server/workers_test.ts. Each
 * worker runs this file again. `/` answers the worker's number; `/crash` ends its worker with
 * an uncaught error and `/exit` with process.exit(); `/slow` sends "begin" at once and "end"
 * only once the file named by $RELEASE exists, so a test decides when it is done. With
 * $FAIL_IN_WORKER set, each worker throws before it calls serve(); with $NO_SERVE_IN_WORKER,
 * each worker stays alive without ever calling it.
 */
import process from "node:process";
import { existsSync } from "node:fs";
import { isWorker, serve, workerId } from "../../../mod.ts";

const release = process.env.RELEASE ?? "";
if (isWorker() && process.env.FAIL_IN_WORKER) throw new Error("no configuration in this worker");
if (isWorker() && process.env.NO_SERVE_IN_WORKER) {
  setInterval(() => {}, 1000); // alive, busy elsewhere, never serving
  await new Promise(() => {});
}

async function untilReleased(): Promise<void> {
  while (!existsSync(release)) await new Promise((r) => setTimeout(r, 20));
}

const server = await serve((request) => {
  const path = new URL(request.url).pathname;
  if (path === "/crash") {
    setTimeout(() => {
      throw new Error("crash test");
    }, 10);
    return new Response("crashing\n");
  }
  if (path === "/exit") {
    setTimeout(() => process.exit(3), 10);
    return new Response("exiting\n");
  }
  if (path === "/slow") {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(`begin ${workerId()}\n`));
        await untilReleased();
        controller.enqueue(new TextEncoder().encode("end\n"));
        controller.close();
      },
    });
    return new Response(body);
  }
  return new Response(`${workerId()}\n`);
}, {
  hostname: "127.0.0.1",
  port: 0,
  workers: Number(process.env.WORKERS ?? "2"),
  gracePeriod: 20_000,
  onListen: (addr) => console.log(`listening on port ${addr.port}`),
});

if (!isWorker()) {
  process.once("SIGTERM", () => {
    console.log("SIGTERM: draining the workers");
    server.shutdown();
  });
  await server.finished;
  console.log("every worker finished");
}
