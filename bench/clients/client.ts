/**
 * The load harness's client side: sends `--requests` GETs to `--url` with `--concurrency`
 * workers and prints one JSON line with requests/s, failures and the CPU time this process
 * used per request. Runs on Deno and Bun.
 *
 *     deno run -A bench/clients/client.ts --impl http10 --url http://127.0.0.1:8080/ \
 *       --requests 20000 --concurrency 16 --keep-alive
 *
 * `--impl http10` uses http10's `Client` (with an `Agent` pool for `--keep-alive`, else one
 * connection per request, `Connection: close`); `--impl fetch` uses the runtime's own fetch
 * (its pool for `--keep-alive`; with `Connection: close` sent otherwise). Each worker reads
 * every body to its end. A warm-up of `--warmup` requests runs first, unmeasured; the CPU
 * time reported is this process's own (`process.cpuUsage()`) over the measured part only.
 *
 * @module
 */
import process from "node:process";
import { Agent } from "../../src/client/agent.ts";
import { Client } from "../../src/client/client.ts";

interface Args {
  impl: "http10" | "fetch";
  url: string;
  requests: number;
  concurrency: number;
  keepAlive: boolean;
  warmup: number;
  /** Stop early after this many seconds (the count stays bounded either way). */
  seconds: number;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback?: string) => {
    const i = argv.indexOf(name);
    if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
    if (fallback === undefined) throw new Error(`missing ${name}`);
    return fallback;
  };
  const impl = value("--impl");
  if (impl !== "http10" && impl !== "fetch") throw new Error(`--impl must be http10 or fetch: ${impl}`);
  return {
    impl,
    url: value("--url"),
    requests: Number(value("--requests", "10000")),
    concurrency: Number(value("--concurrency", "1")),
    keepAlive: argv.includes("--keep-alive"),
    warmup: Number(value("--warmup", "500")),
    seconds: Number(value("--seconds", "10")),
  };
}

/** One GET whose body is read to the end; resolves true for a 2xx answer. */
type Get = () => Promise<boolean>;

function http10Get(args: Args): { get: Get; close(): void } {
  const agent = args.keepAlive ? new Agent({ maxIdlePerHost: args.concurrency }) : undefined;
  const client = new Client({ agent });
  return {
    get: async () => {
      const res = await client.request(args.url);
      await res.bytes();
      return res.ok;
    },
    close: () => agent?.close(),
  };
}

function fetchGet(args: Args): { get: Get; close(): void } {
  const init: RequestInit = args.keepAlive ? {} : { headers: { connection: "close" }, keepalive: false };
  return {
    get: async () => {
      const res = await fetch(args.url, init);
      await res.arrayBuffer();
      return res.ok;
    },
    close: () => {},
  };
}

/** Runs `count` requests over `concurrency` workers; stops starting new ones after `deadline`. */
async function drive(get: Get, count: number, concurrency: number, deadline: number) {
  let started = 0;
  let ok = 0;
  let failed = 0;
  const worker = async () => {
    while (started < count && performance.now() < deadline) {
      started++;
      try {
        if (await get()) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, failed };
}

if (import.meta.main) {
  const args = parseArgs(process.argv.slice(2));
  const { get, close } = args.impl === "http10" ? http10Get(args) : fetchGet(args);
  try {
    await drive(get, args.warmup, args.concurrency, performance.now() + 5_000);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { ok, failed } = await drive(get, args.requests, args.concurrency, t0 + args.seconds * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const completed = ok + failed;
    console.log(JSON.stringify({
      rps: ok / seconds,
      completed,
      failed,
      cpuUsPerReq: (cpu.user + cpu.system) / Math.max(1, completed),
    }));
  } finally {
    close();
  }
  // Pooled sockets or timers must not keep a finished run alive.
  process.exit(0);
}
