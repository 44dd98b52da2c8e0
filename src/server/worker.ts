/**
 * The worker's side of `serve({ workers })`: `isWorker()` and `workerId()`, which a program
 * asks to learn where it runs, and the `serve()` of a worker thread, which listens on the
 * address the main thread chose, sharing the port (SO_REUSEPORT), and drains when told to.
 *
 * The messages between the threads (`_primary.ts` is the other side):
 * worker → main `hello` (ready to be told where to listen), `listening`, `failed` (with the
 * error, before it throws), `finished` (its server is done); main → worker `start` (its
 * number and the address), `shutdown`.
 *
 * @module
 */
import type { Listener, ParentPort } from "../transport/types.ts";
import { adapter } from "../transport/runtime.ts";
import { listen } from "../net/listen.ts";
import type { ResolvedServeOptions } from "./options.ts";

/** What the threads of `serve({ workers })` send each other. */
export type WorkerMessage =
  | { t: "hello" }
  | { t: "listening" }
  | { t: "failed"; error: string }
  | { t: "finished" }
  | { t: "start"; id: number; hostname: string; port: number }
  | { t: "shutdown" };

/** A running server, as the worker's side needs it (`serve.ts`'s `Server`, without a cycle). */
interface WorkerServer {
  readonly finished: Promise<void>;
  shutdown(): Promise<void>;
}

let port: ParentPort | null | undefined;
let id = 0;

/** The way to the main thread when this thread is one of serve()'s workers; null otherwise. */
export function parentPort(): ParentPort | null {
  if (port !== undefined) return port;
  try {
    return (port = adapter().parentPort());
  } catch {
    return (port = null); // a runtime without an adapter has no workers either
  }
}

/**
 * True in a worker thread that `serve({ workers })` started. Each worker runs the program's
 * main module again; code that should run once (a message on start, signal handlers) checks it.
 *
 * @example
 * ```ts
 * import process from "node:process";
 * import { isWorker, serve, workerId } from "./mod.ts";
 *
 * if (!isWorker()) console.log("starting 4 workers");
 * const server = await serve(() => new Response(`worker ${workerId()}\n`), { port: 8000, workers: 4 });
 * if (!isWorker()) process.once("SIGTERM", () => server.shutdown()); // drains every worker
 * ```
 */
export function isWorker(): boolean {
  return parentPort() !== null;
}

/** This worker's number, 1 to `workers`, once its `serve()` has been told it; 0 outside a worker. */
export function workerId(): number {
  return id;
}

/**
 * `serve()` in a worker thread: asks the main thread where to listen, listens there with
 * the port shared, and reports; a `shutdown` message drains it like `server.shutdown()`.
 */
export async function serveInWorker<S extends WorkerServer>(
  parent: ParentPort,
  opts: ResolvedServeOptions,
  serveOn: (listener: Listener, opts: ResolvedServeOptions) => S,
): Promise<S> {
  // Set once the server runs; a shutdown asked for before then is remembered.
  const running: { server?: S; stopAsked: boolean } = { stopAsked: false };
  const started = new Promise<{ id: number; hostname: string; port: number }>((resolve) => {
    parent.onMessage((message) => {
      const m = message as WorkerMessage;
      if (m.t === "start") resolve(m);
      else if (m.t === "shutdown") {
        running.stopAsked = true;
        running.server?.shutdown();
      }
    });
  });
  parent.postMessage({ t: "hello" } satisfies WorkerMessage);
  const where = await started;
  id = where.id;
  const tls = opts.cert === undefined ? undefined : { cert: opts.cert, key: opts.key! };
  let listener: Listener;
  try {
    listener = await listen({ hostname: where.hostname, port: where.port, tls, reusePort: true });
  } catch (err) {
    parent.postMessage({ t: "failed", error: String((err as Error)?.message ?? err) } satisfies WorkerMessage);
    throw err;
  }
  // The main thread says where it listens, once for all workers.
  const server = running.server = serveOn(listener, { ...opts, onListen: () => {} });
  server.finished.then(() => parent.postMessage({ t: "finished" } satisfies WorkerMessage));
  parent.postMessage({ t: "listening" } satisfies WorkerMessage);
  if (running.stopAsked) server.shutdown();
  return server;
}
