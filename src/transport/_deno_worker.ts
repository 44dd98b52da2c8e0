/**
 * Worker threads on Deno: a Web Worker that runs the main module again (`Deno.mainModule`),
 * with the permissions and flags of the process (`--unstable-net` among them), and no
 * `--allow-run`. Part of the Deno adapter (`deno.ts`).
 *
 * Deno tells the starting thread about a worker's uncaught error (an `error` event) but not
 * about a worker that exits (`process.exit()` or `Deno.exit()` in it ends only the worker),
 * so the worker's side says so itself from its `unload` event.
 *
 * @module
 */
import type { ParentPort, WorkerExit, WorkerThread } from "./types.ts";

/** The name of every worker this file starts: how a thread knows it is one of them. */
const WORKER_NAME = "http10-worker";
/** What a worker sends as it unloads; no other message has this shape. */
const EXIT_NOTICE = "http10:worker-exit";

/** Starts a Web Worker on the main module; see `TransportAdapter.startWorker`. */
export function startDenoWorker(onMessage: (message: unknown) => void): WorkerThread {
  const worker = new Worker(Deno.mainModule, { type: "module", name: WORKER_NAME });
  let end!: (exit: WorkerExit) => void;
  let ended = false;
  const exited = new Promise<WorkerExit>((resolve) => {
    end = (exit) => {
      if (ended) return;
      ended = true;
      worker.terminate();
      resolve(exit);
    };
  });
  worker.onmessage = (event: MessageEvent) => {
    if (event.data === EXIT_NOTICE) end({});
    else onMessage(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Handled here: unhandled, Deno would end the whole process with the worker's error.
    event.preventDefault();
    end({ error: event.message });
  };
  return {
    postMessage: (message) => {
      if (!ended) worker.postMessage(message);
    },
    exited,
    terminate: () => end({}),
  };
}

/** Inside a worker `startDenoWorker` started, the way back; null anywhere else. */
export function denoParentPort(): ParentPort | null {
  const scope = globalThis as unknown as {
    WorkerGlobalScope?: abstract new () => unknown;
    name?: string;
    postMessage(message: unknown): void;
    addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  };
  if (scope.WorkerGlobalScope === undefined || !(scope instanceof scope.WorkerGlobalScope)) return null;
  if (scope.name !== WORKER_NAME) return null;
  scope.addEventListener("unload", () => scope.postMessage(EXIT_NOTICE));
  return {
    postMessage: (message) => scope.postMessage(message),
    onMessage: (listener) => scope.addEventListener("message", (event) => listener(event.data)),
  };
}
