/**
 * The JavaScript that the client spends per request, with no kernel in the way: a `Client`
 * with an `Agent` runs on in-memory connections that answer every request with nginx's
 * "Hello, World!" response at once, and the process's own CPU time (`process.cpuUsage()`)
 * is divided by the requests made. The client-side twin of `request_cost.ts`; far steadier
 * than the load runs of part `clients` on a shared machine, and the figure to compare before
 * and after a change to the client's hot path.
 *
 *     deno run -A bench/client_cost.ts [--requests N] [--rounds R] [--concurrency C] [--json]
 *     bun bench/client_cost.ts [...]
 *
 * Two figures, as the load generator (`clients/client.ts`) sees them and after that:
 *
 * - `cold`: the first N requests after a warm-up of 500, as one fresh process (what a load
 *   run of N requests pays, the JIT compiling the hot path included);
 * - `warm`: the best of R rounds of N requests after that (the steady state).
 *
 * On Linux it also splits the process's CPU time by thread from `/proc/self/task`: the
 * JavaScript thread and the JIT compiler threads (Bun's `JITWorker`; V8 compiles on Deno's
 * worker threads, counted under `other`).
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { Agent } from "../src/client/agent.ts";
import { Client } from "../src/client/client.ts";
import type { Conn, NetAddr } from "../src/transport/types.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const REQUESTS = Number(option("--requests", "40000"));
const ROUNDS = Number(option("--rounds", "5"));
const CONCURRENCY = Number(option("--concurrency", "16"));
const WARMUP = 500;

const ADDR: NetAddr = { transport: "tcp", family: 4, hostname: "127.0.0.1", port: 8000 } as NetAddr;
// What nginx answers for "Hello, World!" to an HTTP/1.0 keep-alive request.
const ANSWER = new TextEncoder().encode(
  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 06 Dec 2026 08:43:19 GMT\r\nContent-Type: text/plain\r\n" +
    "Content-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!",
);

/** A connection that answers each request written to it with `ANSWER`, in one read. */
class MemoryConn implements Conn {
  readonly localAddr = ADDR;
  readonly remoteAddr = ADDR;
  #asked = false;

  read(p: Uint8Array): Promise<number | null> {
    // The client always writes its request before it reads: a read with nothing asked is a bug here.
    if (!this.#asked) return Promise.reject(new Error("read before any request was written"));
    this.#asked = false;
    p.set(ANSWER);
    return Promise.resolve(ANSWER.length);
  }

  write(p: Uint8Array): Promise<number> {
    this.#asked = true;
    return Promise.resolve(p.length);
  }

  closeWrite(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}

  setNoDelay(): void {}
}

const agent = new Agent({ maxIdlePerHost: CONCURRENCY });
const client = new Client({ agent, dial: { connect: () => Promise.resolve(new MemoryConn()) } });
const URL_TEXT = "http://127.0.0.1:8000/";

/** `count` requests over `CONCURRENCY` workers, each body read to its end; the CPU µs per request. */
async function run(count: number): Promise<number> {
  let left = count;
  const worker = async () => {
    while (left-- > 0) {
      const res = await client.request(URL_TEXT);
      await res.bytes();
    }
  };
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / count;
}

/** CPU milliseconds so far by thread kind, from /proc (Linux); empty elsewhere. */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const task of readdirSync("/proc/self/task")) {
      const name = readFileSync(`/proc/self/task/${task}/comm`, "utf8").trim();
      // Fields after the ")" that ends the name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ");
      const kind = name.startsWith("JIT") ? "jit" : task === String(process.pid) ? "main" : "other";
      out[kind] = (out[kind] ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10;
    }
  } catch {
    // Not Linux: the split is left out.
  }
  return out;
}

await run(WARMUP);
const cold = await run(REQUESTS);
const atCold = threadCpu();
let warm = Infinity;
for (let r = 0; r < ROUNDS; r++) warm = Math.min(warm, await run(REQUESTS));
agent.close();

const runtime = (globalThis as { Bun?: unknown }).Bun !== undefined ? "bun" : "deno";
const result = { runtime, concurrency: CONCURRENCY, requests: REQUESTS, cold, warm, threadMsAtCold: atCold };
if (argv.includes("--json")) console.log(JSON.stringify(result));
else {
  const split = Object.entries(atCold).map(([k, v]) => `${k} ${v} ms`).join(", ");
  console.log(
    `${runtime}, ${CONCURRENCY} concurrent: cold ${cold.toFixed(2)} µs/req (first ${REQUESTS}), ` +
      `warm ${warm.toFixed(2)} µs/req (best of ${ROUNDS})${split === "" ? "" : `; CPU by thread after cold: ${split}`}`,
  );
}
