/**
 * The JavaScript that `serve()` spends per request, with no kernel in the way: the server
 * runs on in-memory connections whose reads hand out ab's request at once and whose writes
 * are dropped, and the process's own CPU time (`process.cpuUsage()`) is divided by the
 * requests answered. On a machine shared with other work this is far steadier than CPU
 * per request under ab, since neither the sockets nor the load generator take part; it is
 * the figure the "user CPU per keep-alive request" goal is about, minus the
 * runtime's socket calls (the floor servers measure those).
 *
 *     deno run -A bench/request_cost.ts [--requests N] [--rounds R] [--modes keep-alive,pipelined,close] [--json]
 *     bun bench/request_cost.ts [...]
 *
 * Three modes: `keep-alive` (one connection, N HTTP/1.0 keep-alive requests), `pipelined`
 * (the same, but every read hands out PIPELINE requests at once, as a pipelining client's
 * burst arrives) and `close` (N connections, one request each). The figure is the best of R rounds: on a shared
 * machine other work only makes a round slower.
 *
 * @module
 */
import process from "node:process";
import { serveListener } from "../src/server/serve.ts";
import { resolveServeOptions } from "../src/server/options.ts";
import type { Conn, Listener, NetAddr } from "../src/transport/types.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const REQUESTS = Number(option("--requests", "100000"));
const ROUNDS = Number(option("--rounds", "5"));
/** Requests per read in the `pipelined` mode (what wrk's pipelining script sends at once). */
const PIPELINE = 16;

const LOCAL: NetAddr = { transport: "tcp", family: 4, hostname: "127.0.0.1", port: 8000 } as NetAddr;
const REMOTE: NetAddr = { transport: "tcp", family: 4, hostname: "127.0.0.1", port: 40000 } as NetAddr;
const encoder = new TextEncoder();
// What ab sends (ab -k adds the Connection field).
const KEEP = encoder.encode(
  "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: 127.0.0.1:8000\r\nUser-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n",
);
const BURST = new Uint8Array(KEEP.length * PIPELINE);
for (let i = 0; i < PIPELINE; i++) BURST.set(KEEP, i * KEEP.length);
const CLOSE = encoder.encode(
  "GET / HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n",
);

/** A connection that gives `requests` copies of `request`, one per read, then end of file. */
class MemoryConn implements Conn {
  readonly localAddr = LOCAL;
  readonly remoteAddr = REMOTE;
  written = 0;
  #left: number;
  #request: Uint8Array;
  /** Where the next read resumes in `#request`, when the last one did not take all of it. */
  #at = 0;
  #done: () => void;

  constructor(request: Uint8Array, requests: number, done: () => void) {
    this.#request = request;
    this.#left = requests;
    this.#done = done;
  }

  read(p: Uint8Array): Promise<number | null> {
    if (this.#at === 0) {
      if (this.#left === 0) return Promise.resolve(null);
      this.#left--;
    }
    // All of it when it fits (it does but for a pipelined burst behind a partial head).
    const n = Math.min(p.length, this.#request.length - this.#at);
    p.set(this.#request.subarray(this.#at, this.#at + n));
    this.#at = this.#at + n === this.#request.length ? 0 : this.#at + n;
    return Promise.resolve(n);
  }

  write(p: Uint8Array): Promise<number> {
    this.written++;
    return Promise.resolve(p.length);
  }

  closeWrite(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.#done();
  }

  setNoDelay(): void {}
}

/** A listener that hands out the given connections, then waits. */
class MemoryListener implements Listener {
  readonly addr = LOCAL;
  #conns: Conn[] = [];
  #waiting: ((c: Conn) => void) | null = null;
  #fail: ((err: Error) => void) | null = null;
  #closed = false;

  add(conn: Conn): void {
    const w = this.#waiting;
    if (w !== null) {
      this.#waiting = null;
      w(conn);
    } else this.#conns.push(conn);
  }

  accept(): Promise<Conn> {
    const c = this.#conns.shift();
    if (c !== undefined) return Promise.resolve(c);
    if (this.#closed) return Promise.reject(new Error("closed"));
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#fail = reject;
    });
  }

  close(): void {
    this.#closed = true;
    this.#waiting = null;
    this.#fail?.(new Error("closed"));
  }

  [Symbol.asyncIterator](): AsyncIterator<Conn> {
    throw new Error("not used");
  }
}

const MODES = ["keep-alive", "pipelined", "close"] as const;
type Mode = typeof MODES[number];

/** µs of user and system CPU per request, best round. */
async function measure(mode: Mode): Promise<{ user: number; sys: number }> {
  const listener = new MemoryListener();
  const opts = resolveServeOptions({ hostname: "127.0.0.1", port: 8000, onListen() {} });
  const server = serveListener(listener, () => new Response("Hello, World!"), opts);
  let best = { user: Infinity, sys: Infinity };
  const run = async (n: number) => {
    if (mode === "keep-alive") {
      await new Promise<void>((done) => listener.add(new MemoryConn(KEEP, n, done)));
    } else if (mode === "pipelined") {
      await new Promise<void>((done) => listener.add(new MemoryConn(BURST, n / PIPELINE, done)));
    } else {
      // 32 connections open at a time, as with ab -c32.
      let left = n;
      await new Promise<void>((finish) => {
        let open = 0;
        const next = () => {
          while (open < 32 && left > 0) {
            left--;
            open++;
            listener.add(
              new MemoryConn(CLOSE, 1, () => {
                open--;
                if (left > 0) next();
                else if (open === 0) finish();
              }),
            );
          }
        };
        next();
      });
    }
  };
  await run(Math.min(20000, REQUESTS)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.cpuUsage();
    await run(REQUESTS);
    const t = process.cpuUsage(t0);
    if (t.user + t.system < best.user + best.sys) best = { user: t.user / REQUESTS, sys: t.system / REQUESTS };
  }
  await server.shutdown();
  return best;
}

const runtime = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "deno";
const results: Record<string, { user: number; sys: number }> = {};
/** `--modes keep-alive,close` runs only those (default: all three). */
const chosenModes = option("--modes", MODES.join(",")).split(",");
for (const mode of MODES.filter((m) => chosenModes.includes(m))) results[mode] = await measure(mode);
if (argv.includes("--json")) {
  console.log(JSON.stringify({ runtime, requests: REQUESTS, rounds: ROUNDS, results }));
} else {
  for (const [mode, r] of Object.entries(results)) {
    console.log(
      `${runtime} ${mode.padEnd(10)} ${(r.user + r.sys).toFixed(2)} µs/req of JavaScript (user ${
        r.user.toFixed(2)
      } + sys ${r.sys.toFixed(2)}), best of ${ROUNDS} × ${REQUESTS}`,
    );
  }
}
process.exit(0);
