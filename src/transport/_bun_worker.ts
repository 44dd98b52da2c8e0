/**
 * Worker threads on Bun: a Web Worker that runs the main module again (`Bun.main`) with the
 * process's arguments. Part of the Bun adapter (`bun.ts`).
 *
 * Bun gives a worker no `name`; the `workerData` it is started with marks it as ours. In it,
 * `import.meta.main` is false (on Deno it is true): the README says what that means for a
 * script that checks it.
 *
 * @module
 */
import process from "node:process";
import { workerData } from "node:worker_threads";
import { bun } from "./_bun_api.ts";
import type { ParentPort, WorkerExit, WorkerThread } from "./types.ts";

/** The `workerData` every worker this file starts gets. */
const MARK = { http10Worker: true };

/** Starts a Web Worker on the main module; see `TransportAdapter.startWorker`. */
export function startBunWorker(onMessage: (message: unknown) => void): WorkerThread {
  const options = { type: "module", workerData: MARK, argv: process.argv.slice(2) } as WorkerOptions;
  const worker = new Worker(bun.main, options);
  let error: string | undefined;
  let ended = false;
  const exited = new Promise<WorkerExit>((resolve) => {
    // "close" follows every end: an uncaught error, process.exit() in the worker, terminate().
    worker.addEventListener("close", () => {
      ended = true;
      resolve(error === undefined ? {} : { error });
    });
  });
  worker.addEventListener("message", (event: MessageEvent) => onMessage(event.data));
  worker.addEventListener("error", (event: ErrorEvent) => {
    event.preventDefault();
    error ??= errorLine(event.message);
  });
  return {
    postMessage: (message) => {
      if (!ended) worker.postMessage(message);
    },
    exited,
    terminate: () => worker.terminate(),
  };
}

/**
 * Bun's `event.message` is the whole report: a code frame, "error: MESSAGE", the stack
 * (`event.error` is null). The "error:" line says what happened.
 */
function errorLine(report: string): string {
  return /(?:^|\n)error: (.*)/.exec(report)?.[1] ?? report.split("\n")[0];
}

/** Inside a worker `startBunWorker` started, the way back; null anywhere else. */
export function bunParentPort(): ParentPort | null {
  if (bun.isMainThread || (workerData as typeof MARK | null)?.http10Worker !== true) return null;
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  };
  return {
    postMessage: (message) => scope.postMessage(message),
    onMessage: (listener) => scope.addEventListener("message", (event) => listener(event.data)),
  };
}
