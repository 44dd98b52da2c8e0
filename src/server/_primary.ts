/**
 * The main thread's side of `serve({ workers })`, as nginx's master or node:cluster's primary:
 * it binds the address (so port 0 becomes one real port for all), starts the worker threads,
 * which listen on that port too (SO_REUSEPORT), answers nothing itself, forwards `shutdown()`
 * to every worker, and restarts a worker that dies, with a back-off so that one failing at
 * start does not spin. `worker.ts` is the other side.
 *
 * @module
 */
import type { NetAddr, WorkerExit, WorkerThread } from "../transport/types.ts";
import { adapter } from "../transport/runtime.ts";
import { listen } from "../net/listen.ts";
import type { ResolvedServeOptions } from "./options.ts";
import { ReusePortUnavailableError, WorkerFailedError } from "./errors.ts";
import type { WorkerMessage } from "./worker.ts";

/** A worker that served at least this long before it died is restarted at once. */
const STABLE_MS = 5_000;
/** The first back-off after a quick death, doubled after each following one... */
const BACKOFF_MS = 100;
/** ...up to this. */
const MAX_BACKOFF_MS = 10_000;
/** How long after `gracePeriod` a worker that has not finished is stopped anyway. */
const FINISH_MARGIN_MS = 2_000;
/**
 * A worker that has not called `serve()` this long after it started gets a line on stderr:
 * `serve()` waits for every worker, and a module that serves only in the main thread (say,
 * behind Bun's `import.meta.main`, false in a worker) would otherwise keep it waiting unseen.
 */
const SLOW_START_MS = 5_000;

/** What the primary gives `serve()` to return as its `Server`. */
export interface Primary {
  readonly addr: NetAddr;
  readonly finished: Promise<void>;
  shutdown(): Promise<void>;
}

interface Slot {
  /** 1 to `workers`: what `workerId()` says in it. */
  readonly id: number;
  thread: WorkerThread | undefined;
  /** `performance.now()` when the current thread said it listens; -1 before. */
  listeningAt: number;
  /** The current thread's server has finished (a clean end, not a death). */
  finished: boolean;
  /** Why the current thread could not listen, as it said. */
  failure: string | undefined;
  /** Deaths in a row, each within STABLE_MS of listening. */
  quickDeaths: number;
  restart: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Starts `opts.workers` worker threads serving on one address; resolves once every one
 * listens. Rejects with `ReusePortUnavailableError` where the port cannot be shared, a
 * `ListenError` when the address cannot be bound, `WorkerFailedError` when a worker fails
 * before it listens (the others are stopped then).
 */
export async function startPrimary(opts: ResolvedServeOptions): Promise<Primary> {
  if (!adapter().reusePort) throw new ReusePortUnavailableError();
  // Bound here first: the name resolved once, port 0 turned into the port every worker takes.
  const reserved = await listen({ hostname: opts.hostname, port: opts.port, reusePort: true });
  const pool = new WorkerPool(opts, reserved.addr);
  try {
    await pool.start();
  } catch (err) {
    await pool.shutdown();
    throw err;
  } finally {
    // It never accepts: once the workers listen it must go, or the kernel would keep handing
    // it a share of the connections (a client that connects before then may be reset).
    reserved.close();
  }
  return pool;
}

class WorkerPool implements Primary {
  readonly finished: Promise<void>;
  #resolveFinished!: () => void;
  #slots: Slot[];
  #starting = true;
  #startFailed: ((err: Error) => void) | undefined;
  #startWaiting = 0;
  #startDone: (() => void) | undefined;
  #closing = false;
  #force: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly opts: ResolvedServeOptions, readonly addr: NetAddr) {
    this.finished = new Promise((r) => (this.#resolveFinished = r));
    this.#slots = Array.from({ length: opts.workers }, (_, i) => ({
      id: i + 1,
      thread: undefined,
      listeningAt: -1,
      finished: false,
      failure: undefined,
      quickDeaths: 0,
      restart: undefined,
    }));
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const slow = setTimeout(() => {
        for (const slot of this.#slots) {
          if (slot.listeningAt !== -1) continue;
          console.error(
            `http10: worker ${slot.id} has not called serve() ${SLOW_START_MS / 1000} s after it started: ` +
              "each worker runs the main module again and must reach the same serve() call (see isWorker())",
          );
        }
      }, SLOW_START_MS);
      this.#startWaiting = this.#slots.length;
      this.#startDone = () => {
        clearTimeout(slow);
        this.#starting = false;
        resolve();
      };
      this.#startFailed = (err) => {
        clearTimeout(slow);
        this.#starting = false;
        reject(err);
      };
      for (const slot of this.#slots) this.#spawn(slot);
    });
  }

  #spawn(slot: Slot): void {
    slot.listeningAt = -1;
    slot.finished = false;
    slot.failure = undefined;
    const thread: WorkerThread = adapter().startWorker((m) => this.#onMessage(slot, thread, m as WorkerMessage));
    slot.thread = thread;
    thread.exited.then((exit) => this.#onExit(slot, thread, exit));
  }

  #onMessage(slot: Slot, thread: WorkerThread, m: WorkerMessage): void {
    if (slot.thread !== thread) return;
    switch (m.t) {
      case "hello":
        thread.postMessage({ t: "start", id: slot.id, hostname: this.addr.hostname, port: this.addr.port });
        break;
      case "listening": {
        const restarted = slot.listeningAt === -1 && !this.#starting;
        slot.listeningAt = performance.now();
        if (this.#closing) thread.postMessage({ t: "shutdown" } satisfies WorkerMessage);
        else if (restarted) console.error(`http10: worker ${slot.id} restarted`);
        if (this.#starting && --this.#startWaiting === 0) this.#startDone?.();
        break;
      }
      case "failed":
        slot.failure = m.error;
        break;
      case "finished":
        // Its server is done; whatever else the program runs there ends with the thread.
        slot.finished = true;
        thread.terminate();
        break;
    }
  }

  #onExit(slot: Slot, thread: WorkerThread, exit: WorkerExit): void {
    if (slot.thread !== thread) return;
    slot.thread = undefined;
    if (this.#starting && slot.listeningAt === -1) {
      const reason = slot.failure ?? exit.error ?? "it ended without calling serve()";
      this.#startFailed?.(new WorkerFailedError(slot.id, reason));
    } else if (!this.#closing && !slot.finished) {
      this.#scheduleRestart(slot, exit);
    }
    this.#checkFinished();
  }

  #scheduleRestart(slot: Slot, exit: WorkerExit): void {
    const lived = slot.listeningAt === -1 ? 0 : performance.now() - slot.listeningAt;
    slot.quickDeaths = lived >= STABLE_MS ? 1 : slot.quickDeaths + 1;
    const delay = slot.quickDeaths <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** (slot.quickDeaths - 2));
    const why = exit.error !== undefined ? `died: ${exit.error}` : "exited";
    console.error(`http10: worker ${slot.id} ${why}; restarting it${delay > 0 ? ` in ${delay} ms` : ""}`);
    slot.restart = setTimeout(() => {
      slot.restart = undefined;
      if (!this.#closing) this.#spawn(slot);
    }, delay);
  }

  #checkFinished(): void {
    if (this.#slots.every((s) => s.thread === undefined && s.restart === undefined)) {
      clearTimeout(this.#force);
      this.#resolveFinished();
    }
  }

  shutdown(): Promise<void> {
    if (this.#closing) return this.finished;
    this.#closing = true;
    for (const slot of this.#slots) {
      clearTimeout(slot.restart);
      slot.restart = undefined;
      // A worker that does not listen yet serves nothing: it is stopped, not drained.
      if (slot.listeningAt !== -1) slot.thread?.postMessage({ t: "shutdown" } satisfies WorkerMessage);
      else slot.thread?.terminate();
    }
    this.#force = setTimeout(() => {
      for (const slot of this.#slots) slot.thread?.terminate();
    }, this.opts.gracePeriod + FINISH_MARGIN_MS);
    this.#checkFinished();
    return this.finished;
  }
}
