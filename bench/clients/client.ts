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
  impl: "http10" | "fetch" | "floor";
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
  if (impl !== "http10" && impl !== "fetch" && impl !== "floor") {
    throw new Error(`--impl must be http10, fetch or floor: ${impl}`);
  }
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

/**
 * The floor: what a client in JavaScript costs on this runtime's own socket API before it
 * does any HTTP. It sends the same fixed request bytes and reads until the answer is in
 * (the empty line, then as many bytes as the Content-Length digits say, or end of file),
 * with no URL, no header parsing and no Response. On Deno, `Deno.connect` read/write; on
 * Bun, `Bun.connect` callbacks. A reference for the goals, not a client.
 */
function floorGet(args: Args): { get: Get; close(): void } {
  const url = new URL(args.url);
  const port = Number(url.port || 80);
  const request = new TextEncoder().encode(
    `GET ${url.pathname} HTTP/1.0\r\nHost: ${url.host}\r\n` +
      `Connection: ${args.keepAlive ? "keep-alive" : "close"}\r\n\r\n`,
  );
  const idle: RawConn[] = [];
  const connect = (globalThis as { Deno?: unknown }).Deno !== undefined ? denoRaw : bunRaw;
  return {
    get: async () => {
      const conn = idle.pop() ?? await connect(url.hostname, port);
      const status = await conn.exchange(request);
      if (args.keepAlive) idle.push(conn);
      else conn.close();
      return status === 200;
    },
    close: () => idle.forEach((c) => c.close()),
  };
}

interface RawConn {
  /** Sends the request; resolves with the status code once the whole answer is in. */
  exchange(request: Uint8Array): Promise<number>;
  close(): void;
}

/** Whether `buf[0, n)` holds a whole answer; its status, or 0 while incomplete. */
function answerStatus(buf: Uint8Array, n: number, eof: boolean): number {
  let end = -1;
  for (let i = buf.indexOf(0x0a); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) {
      end = i + 3;
      break;
    }
  }
  if (end < 0) return 0;
  // "content-length: " in any case: find the digits after its colon.
  let length = -1;
  for (let i = buf.indexOf(0x3a); i >= 0 && i < end; i = buf.indexOf(0x3a, i + 1)) {
    if ((buf[i - 1] | 0x20) === 0x68 && (buf[i - 6] | 0x20) === 0x6c && (buf[i - 14] | 0x20) === 0x63) {
      length = 0;
      for (let j = i + 1; j < end; j++) {
        if (buf[j] >= 0x30 && buf[j] <= 0x39) length = length * 10 + buf[j] - 0x30;
        else if (length > 0 || buf[j] === 0x0d) break;
      }
      break;
    }
  }
  if (length < 0 ? !eof : n < end + length) return 0;
  return (buf[9] - 0x30) * 100 + (buf[10] - 0x30) * 10 + (buf[11] - 0x30);
}

async function denoRaw(hostname: string, port: number): Promise<RawConn> {
  // deno-lint-ignore no-explicit-any
  const conn = await (globalThis as any).Deno.connect({ hostname, port });
  conn.setNoDelay(true);
  const buf = new Uint8Array(65536);
  return {
    async exchange(request) {
      await conn.write(request);
      let n = 0;
      for (;;) {
        const got = await conn.read(buf.subarray(n));
        if (got === null) return answerStatus(buf, n, true);
        n += got;
        const status = answerStatus(buf, n, false);
        if (status !== 0) return status;
      }
    },
    close: () => conn.close(),
  };
}

function bunRaw(hostname: string, port: number): Promise<RawConn> {
  const buf = new Uint8Array(65536);
  let n = 0;
  let waiting: ((status: number) => void) | null = null;
  const settle = (eof: boolean) => {
    const status = answerStatus(buf, n, eof);
    if ((status !== 0 || eof) && waiting !== null) {
      const resolve = waiting;
      waiting = null;
      resolve(status);
    }
  };
  // deno-lint-ignore no-explicit-any
  return (globalThis as any).Bun.connect({
    hostname,
    port,
    socket: {
      data(_socket: unknown, chunk: Uint8Array) {
        buf.set(chunk, n);
        n += chunk.length;
        settle(false);
      },
      end: () => settle(true),
      close: () => settle(true),
      error: () => settle(true),
    },
    // deno-lint-ignore no-explicit-any
  }).then((socket: any): RawConn => ({
    exchange(request) {
      n = 0;
      return new Promise((resolve) => {
        waiting = resolve;
        socket.write(request);
      });
    },
    close: () => socket.end(),
  }));
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
  const { get, close } = args.impl === "http10"
    ? http10Get(args)
    : args.impl === "floor"
    ? floorGet(args)
    : fetchGet(args);
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
