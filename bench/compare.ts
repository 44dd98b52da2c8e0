/**
 * The whole comparison in one command: the micro-benchmarks on Deno and Bun, the servers
 * under ab and wrk, where `serve()`'s time goes per phase (`profile.ts`), memory per idle
 * connection, the clients against nginx, DNS lookups against dnsmasq, then file serving
 * (bench/files.ts: a 200 MB download vs nginx, RSS with five readers of 1 GiB). It writes
 * `bench/results/` (JSON, `summary.md`, SVG charts) and prints the tables.
 * A run that is not the whole comparison (--quick, --only, --subjects) writes
 * `bench/results/scratch/` instead, unless --update-results (or --out DIR) says otherwise.
 *
 *     deno run -A bench/compare.ts                  # everything (npm run bench)
 *     deno run -A bench/compare.ts --quick          # one repeat, shorter runs
 *     deno run -A bench/compare.ts --quick --update-results   # ... into bench/results/
 *     deno run -A bench/compare.ts --only servers   # micro, servers, workers, profile, idle, clients, dns, files
 *     deno run -A bench/compare.ts --subjects http10-deno,deno-serve
 *
 * Everything runs on loopback, one server at a time. Every process started here is
 * stopped again, by its pid, also on Ctrl-C.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { cpus, release, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import {
  barChart,
  goalLines,
  type LoadResult,
  type LoadSample,
  loadTable,
  median,
  type MicroReport,
  microTable,
  MODES,
  parseAb,
  parseProcStat,
  parseVmRss,
  parseWrk,
  resultsDir,
  sectionsOf,
} from "./harness.ts";
import { benchFiles, type FilesResult, filesTable } from "./files.ts";
import { type PhaseReport, phaseTables, profilePhases } from "./profile.ts";
import { freePort, hasTool, HOST, sleep, waitForPort } from "./_process.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** A runtime binary: the one npm installed, else the one on PATH. */
const bin = (name: string) =>
  existsSync(join(ROOT, "node_modules/.bin", name)) ? join(ROOT, "node_modules/.bin", name) : name;
const DENO = bin("deno");
const BUN = bin("bun");

// ---------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const REPEATS = Number(option("--repeats", quick ? "1" : "3"));
const ONLY = new Set(option("--only", "micro,servers,workers,profile,idle,clients,dns,files").split(","));
/** Subject ids to run ("http10-deno,deno-serve"); all when not given. */
const SUBJECTS = option("--subjects", "").split(",").filter((s) => s !== "");
const chosen = (id: string) => SUBJECTS.length === 0 || SUBJECTS.includes(id);
const OUT = resolve(ROOT, resultsDir(argv));
/** Bounded counts: each run ends at this many requests or after MAX_SECONDS, whichever comes first. */
const CLOSE_REQUESTS = quick ? 5_000 : 20_000;
const KEEPALIVE_REQUESTS = quick ? 10_000 : 50_000;
const MAX_SECONDS = 10;
const WRK_SECONDS = quick ? 2 : 3;
/** Idle connections opened on top of 100 (under serve()'s default cap of 1024). */
const IDLE_CONNECTIONS = 900;
const MICRO_MS = quick ? 300 : 1500;

// ---------------------------------------------------------------------------------------
// Processes: every child is tracked and stopped by pid, descendants included.

const running = new Set<ChildProcess>();
/** Set on SIGINT or SIGTERM: from then on `start()` refuses, and everything running is stopped. */
let interrupted = false;

function start(cmd: string, args: string[]): ChildProcess {
  // After Ctrl-C nothing new starts, so the cleanup cannot miss a late child.
  if (interrupted) throw new Error("interrupted");
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.on("exit", () => running.delete(child));
  child.on("error", () => running.delete(child));
  return child;
}

/** Runs a command to its end; resolves with what it printed. */
function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = start(cmd, args);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `pid` and its descendants, from /proc. */
function tree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parent.set(Number(entry), parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8")).ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    for (const [child, ppid] of parent) if (ppid === out[i]) out.push(child);
  }
  return out;
}

function procFile(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

function cpuTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = procFile(pid, "stat");
    if (stat !== null) ticks += parseProcStat(stat).ticks;
  }
  return ticks;
}

function rssKiB(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    const status = procFile(pid, "status");
    if (status !== null) kib += parseVmRss(status);
  }
  return kib;
}

/** The start time of `pid`, or null once it is gone. */
function startTime(pid: number): number | null {
  const stat = procFile(pid, "stat");
  return stat === null ? null : parseProcStat(stat).start;
}

/** True while the process `pid` that started at `start` lives (a reused pid does not count). */
function alive(pid: number, start: number | null): boolean {
  return start !== null && startTime(pid) === start;
}

/** Stops a child and its descendants: SIGTERM, then SIGKILL for whatever is left after 3 s. */
async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const procs = tree(pid).map((p) => ({ pid: p, start: startTime(p) }));
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  for (let i = 0; i < 60 && procs.some((p) => alive(p.pid, p.start)); i++) await sleep(50);
  for (const p of procs) {
    if (alive(p.pid, p.start)) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // Gone meanwhile.
      }
    }
  }
  running.delete(child);
}

async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** Temp dirs (nginx's prefix) not removed yet. */
const tempDirs = new Set<string>();

function tempDir(): string {
  if (interrupted) throw new Error("interrupted");
  const dir = mkdtempSync(join(tmpdir(), "http10-bench-"));
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping ${running.size} process(es)`);
    stopAll().finally(() => {
      for (const dir of tempDirs) removeTempDir(dir);
      process.exit(130);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Subjects

interface Server {
  id: string;
  label: string;
  native: string;
  ours: boolean;
  command(port: number, dir: string): [string, string[]];
}

/** nginx with one worker answering "Hello, World!", everything under `dir`. */
function nginxCommand(port: number, dir: string): [string, string[]] {
  mkdirSync(join(dir, "logs"), { recursive: true });
  writeFileSync(
    join(dir, "nginx.conf"),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen ${HOST}:${port};
    location / {
      default_type text/plain;
      return 200 "Hello, World!";
    }
  }
}
`,
  );
  return ["nginx", ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "logs/error.log")]];
}

/**
 * Part "workers": serve() with 1 and with 2 worker threads sharing the port (SO_REUSEPORT),
 * on each runtime; their "× native" is against 1 worker on the same runtime. ab runs on the
 * same cores, so req/s says what this machine gives; the CPU per request does not depend on it.
 */
const WORKER_SERVERS: Server[] = (["deno", "bun"] as const).flatMap((runtime) =>
  [1, 2].map((n): Server => ({
    id: `http10-${runtime}-w${n}`,
    label: `http10 on ${runtime === "deno" ? "Deno" : "Bun"}, ${n} worker${n > 1 ? "s" : ""}`,
    native: `http10-${runtime}-w1`,
    ours: true,
    command: (port) =>
      runtime === "deno"
        ? [DENO, ["run", "-A", "--unstable-net", "bench/servers/http10.ts", String(port), String(n)]]
        : [BUN, ["bench/servers/http10.ts", String(port), String(n)]],
  }))
);

const SERVERS: Server[] = [
  {
    id: "http10-deno",
    label: "http10 serve() on Deno",
    native: "deno-serve",
    ours: true,
    command: (port) => [DENO, ["run", "-A", "bench/servers/http10.ts", String(port)]],
  },
  {
    id: "http10-bun",
    label: "http10 serve() on Bun",
    native: "bun-serve",
    ours: true,
    command: (port) => [BUN, ["bench/servers/http10.ts", String(port)]],
  },
  {
    id: "deno-serve",
    label: "Deno.serve",
    native: "deno-serve",
    ours: false,
    command: (port) => [DENO, ["run", "-A", "bench/servers/deno_serve.ts", String(port)]],
  },
  {
    id: "bun-serve",
    label: "Bun.serve",
    native: "bun-serve",
    ours: false,
    command: (port) => [BUN, ["bench/servers/bun_serve.ts", String(port)]],
  },
  {
    id: "node-http",
    label: "node:http on Node.js",
    native: "node-http",
    ours: false,
    command: (port) => ["node", ["bench/servers/node_http.mjs", String(port)]],
  },
  { id: "nginx", label: "nginx, 1 worker", native: "nginx", ours: false, command: nginxCommand },
  // The floors: fixed bytes, no HTTP (bench/servers/floor.ts). What no server in JavaScript
  // on that runtime's socket API can beat; shown so that each goal can be read against it.
  {
    id: "floor-deno",
    label: "floor: Deno.listen, fixed bytes",
    native: "deno-serve",
    ours: false,
    command: (port) => [DENO, ["run", "-A", "bench/servers/floor.ts", String(port)]],
  },
  {
    id: "floor-bun",
    label: "floor: Bun.listen, fixed bytes",
    native: "bun-serve",
    ours: false,
    command: (port) => [BUN, ["bench/servers/floor.ts", String(port)]],
  },
];

interface Mode {
  name: string;
  tool: string;
  args(url: string): string[];
  parse(text: string): { rps: number; completed: number; failed: number };
}

const SERVER_MODES: Mode[] = [
  {
    name: MODES.close,
    tool: "ab",
    // -t before -n: -t alone would imply -n 50000.
    args: (url) => ["-q", "-r", "-t", String(MAX_SECONDS), "-n", String(CLOSE_REQUESTS), "-c", "32", url],
    parse: parseAb,
  },
  {
    name: MODES.keepAlive,
    tool: "ab",
    args: (url) => ["-q", "-r", "-k", "-t", String(MAX_SECONDS), "-n", String(KEEPALIVE_REQUESTS), "-c", "32", url],
    parse: parseAb,
  },
  {
    name: MODES.wrk,
    tool: "wrk",
    args: (url) => ["-t", "1", "-c", "32", "-d", `${WRK_SECONDS}s`, url],
    parse: parseWrk,
  },
  {
    // A pipelining client: each write carries 16 requests, so a server can answer them with one write.
    name: MODES.wrkPipelined,
    tool: "wrk",
    args: (url) => ["-t", "1", "-c", "32", "-d", `${WRK_SECONDS}s`, "-s", "bench/servers/pipeline.lua", url],
    parse: parseWrk,
  },
];

interface ClientSubject {
  id: string;
  label: string;
  native: string;
  ours: boolean;
  command(url: string, concurrency: number, keepAlive: boolean, requests: number): [string, string[]];
}

function clientProgram(runtime: string, impl: string) {
  return (url: string, concurrency: number, keepAlive: boolean, requests: number): [string, string[]] => {
    const args = [
      "bench/clients/client.ts",
      "--impl",
      impl,
      "--url",
      url,
      "--requests",
      String(requests),
      "--concurrency",
      String(concurrency),
      "--seconds",
      String(MAX_SECONDS),
      ...(keepAlive ? ["--keep-alive"] : []),
    ];
    return runtime === "deno" ? [DENO, ["run", "-A", ...args]] : [BUN, args];
  };
}

const CLIENTS: ClientSubject[] = [
  {
    id: "http10-client-deno",
    label: "http10 client on Deno",
    native: "fetch-deno",
    ours: true,
    command: clientProgram("deno", "http10"),
  },
  {
    id: "fetch-deno",
    label: "fetch on Deno",
    native: "fetch-deno",
    ours: false,
    command: clientProgram("deno", "fetch"),
  },
  {
    id: "http10-client-bun",
    label: "http10 client on Bun",
    native: "fetch-bun",
    ours: true,
    command: clientProgram("bun", "http10"),
  },
  { id: "fetch-bun", label: "fetch on Bun", native: "fetch-bun", ours: false, command: clientProgram("bun", "fetch") },
  // The floors: fixed request bytes over the runtime's own sockets, no HTTP (client.ts --impl floor).
  {
    id: "floor-client-deno",
    label: "floor: Deno.connect, fixed bytes",
    native: "fetch-deno",
    ours: false,
    command: clientProgram("deno", "floor"),
  },
  {
    id: "floor-client-bun",
    label: "floor: Bun.connect, fixed bytes",
    native: "fetch-bun",
    ours: false,
    command: clientProgram("bun", "floor"),
  },
  {
    id: "ab",
    label: "ab (C)",
    native: "ab",
    ours: false,
    command: (url, c, keepAlive, requests) => [
      "ab",
      [
        "-q",
        "-r",
        ...(keepAlive ? ["-k"] : []),
        "-t",
        String(MAX_SECONDS),
        "-n",
        String(requests),
        "-c",
        String(c),
        url,
      ],
    ],
  },
];

const CLIENT_MODES = [
  { name: MODES.clientSequentialClose, concurrency: 1, keepAlive: false, requests: quick ? 2_000 : 5_000 },
  { name: MODES.clientSequentialKeepAlive, concurrency: 1, keepAlive: true, requests: quick ? 5_000 : 10_000 },
  { name: MODES.clientConcurrentClose, concurrency: 16, keepAlive: false, requests: quick ? 5_000 : 20_000 },
  { name: MODES.clientConcurrentKeepAlive, concurrency: 16, keepAlive: true, requests: quick ? 10_000 : 40_000 },
];

// ---------------------------------------------------------------------------------------
// Measuring

/** Adds a sample to the result for (subject, mode), creating it on first use. */
function record(results: LoadResult[], subject: Server | ClientSubject, mode: string, sample: LoadSample): void {
  let r = results.find((x) => x.subject === subject.id && x.mode === mode);
  if (r === undefined) {
    results.push(
      r = { subject: subject.id, label: subject.label, mode, native: subject.native, ours: subject.ours, samples: [] },
    );
  }
  r.samples.push(sample);
}

/** Runs `cmd` while sampling the CPU time and RSS of `pids`. */
async function measure(cmd: string, args: string[], pids: number[]) {
  let peak = rssKiB(pids);
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pids))), 50);
  const ticks0 = cpuTicks(pids);
  try {
    const out = await run(cmd, args);
    const ticks = cpuTicks(pids) - ticks0;
    return { ...out, cpuUs: (ticks * 1e6) / CLK_TCK, peakRssKiB: Math.max(peak, rssKiB(pids)) };
  } finally {
    clearInterval(sampler);
  }
}

/** Starts a server and waits until it accepts connections; returns it with its pids. */
async function startServer(server: Server, dir: string) {
  const port = await freePort();
  const [cmd, args] = server.command(port, dir);
  const child = start(cmd, args);
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  try {
    await waitForPort(port, child);
  } catch (err) {
    await stop(child);
    throw new Error(`${server.label} did not start: ${(err as Error).message}\n${log.slice(-1000)}`);
  }
  await sleep(200); // nginx forks its worker after binding
  return { child, port, url: `http://${HOST}:${port}/`, pids: tree(child.pid!), log: () => log };
}

async function benchServers(results: LoadResult[], servers: Server[], modes: Mode[]): Promise<void> {
  for (let repeat = 1; repeat <= REPEATS; repeat++) {
    for (const server of servers) {
      const dir = tempDir();
      const s = await startServer(server, dir);
      try {
        // Warm-up: the JIT compiles the hot paths before anything is measured.
        await run("ab", ["-q", "-r", "-n", "3000", "-c", "32", s.url]);
        await run("ab", ["-q", "-r", "-k", "-n", "5000", "-c", "32", s.url]);
        for (const mode of modes) {
          const out = await measure(mode.tool, mode.args(s.url), s.pids);
          let figures;
          try {
            figures = mode.parse(out.stdout);
          } catch (err) {
            console.error(`${server.label}, ${mode.name}: ${(err as Error).message}\n${out.stderr.slice(-500)}`);
            continue;
          }
          const sample: LoadSample = {
            ...figures,
            cpuUsPerReq: out.cpuUs / Math.max(1, figures.completed),
            peakRssKiB: out.peakRssKiB,
          };
          record(results, server, mode.name, sample);
          console.log(
            `  [${repeat}/${REPEATS}] ${server.label.padEnd(24)} ${mode.name.padEnd(20)} ${
              sample.rps.toFixed(0).padStart(7)
            } req/s  ${sample.failed} failed  ${sample.cpuUsPerReq.toFixed(1)} µs/req  ${
              (sample.peakRssKiB / 1024).toFixed(1)
            } MiB`,
          );
        }
      } finally {
        await stop(s.child);
        removeTempDir(dir);
      }
    }
  }
}

/** Opens `count` connections that each complete one HTTP/1.1 request and then stay idle. */
async function openIdle(port: number, count: number, sockets: Socket[]): Promise<void> {
  // HTTP/1.1, so that every server keeps the connection (Bun.serve closes 1.0 ones).
  const request = `GET / HTTP/1.1\r\nHost: ${HOST}:${port}\r\n\r\n`;
  for (let i = 0; i < count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, () =>
      new Promise<void>((resolve, reject) => {
        const socket = createConnection({ host: HOST, port });
        sockets.push(socket);
        socket.once("error", reject);
        socket.once("connect", () => socket.write(request));
        socket.once("data", () => resolve());
      })));
  }
}

/**
 * Memory per idle connection: the RSS growth while `IDLE_CONNECTIONS` more kept-alive
 * connections wait, measured from a server already holding 100 (so one-time costs of the
 * first connections stay out), median of the repeats.
 */
async function benchIdle(servers: Server[]): Promise<{ id: string; label: string; kibPerConn: number }[]> {
  const out = [];
  for (const server of servers) {
    const figures: number[] = [];
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      const dir = tempDir();
      const s = await startServer(server, dir);
      const sockets: Socket[] = [];
      try {
        await run("ab", ["-q", "-r", "-k", "-n", "5000", "-c", "32", s.url]);
        await openIdle(s.port, 100, sockets);
        // Runtimes give memory back a second or so after load: let that happen first.
        await sleep(2000);
        const before = rssKiB(s.pids);
        await openIdle(s.port, IDLE_CONNECTIONS, sockets);
        await sleep(1000);
        figures.push((rssKiB(s.pids) - before) / IDLE_CONNECTIONS);
      } catch (err) {
        console.error(`  ${server.label}: idle test failed: ${(err as Error).message}`);
      } finally {
        for (const socket of sockets) socket.destroy();
        await stop(s.child);
        removeTempDir(dir);
      }
    }
    if (figures.length === 0) continue;
    const kibPerConn = median(figures);
    out.push({ id: server.id, label: server.label, kibPerConn });
    console.log(
      `  ${server.label.padEnd(24)} ${kibPerConn.toFixed(1)} KiB per idle connection (${
        figures.map((f) => f.toFixed(1)).join(", ")
      })`,
    );
  }
  return out;
}

async function benchClients(results: LoadResult[], clients: ClientSubject[]): Promise<void> {
  const dir = tempDir();
  const nginx = SERVERS.find((s) => s.id === "nginx")!;
  const target = await startServer(nginx, dir);
  try {
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      for (const client of clients) {
        for (const mode of CLIENT_MODES) {
          const [cmd, args] = client.command(target.url, mode.concurrency, mode.keepAlive, mode.requests);
          const out = await run(cmd, args);
          let sample: LoadSample;
          try {
            if (client.id === "ab") {
              sample = { ...parseAb(out.stdout), cpuUsPerReq: NaN, peakRssKiB: 0 };
            } else {
              sample = { ...JSON.parse(out.stdout.trim().split("\n").pop()!), peakRssKiB: 0 };
            }
          } catch {
            console.error(
              `  ${client.label}, ${mode.name}: no result\n${out.stdout.slice(-300)}${out.stderr.slice(-500)}`,
            );
            continue;
          }
          record(results, client, mode.name, sample);
          console.log(
            `  [${repeat}/${REPEATS}] ${client.label.padEnd(24)} ${mode.name.padEnd(26)} ${
              sample.rps.toFixed(0).padStart(7)
            } req/s  ${sample.failed} failed`,
          );
        }
      }
    }
  } finally {
    await stop(target.child);
    removeTempDir(dir);
  }
}

async function benchMicro(): Promise<MicroReport[]> {
  const reports: MicroReport[] = [];
  for (const runtime of ["deno", "bun"]) {
    const file = join(OUT, `micro-${runtime}.json`);
    const args = ["bench/micro.ts", "--json", file, "--time", String(MICRO_MS)];
    const { code, stderr } = runtime === "deno" ? await run(DENO, ["run", "-A", ...args]) : await run(BUN, args);
    if (code !== 0) throw new Error(`micro-benchmarks on ${runtime} failed:\n${stderr.slice(-1000)}`);
    reports.push(JSON.parse(readFileSync(file, "utf8")));
    console.log(`  ${runtime}: done`);
  }
  return reports;
}

/** One line of `bench/dns.ts --json`: lookups per second of one subject on one runtime. */
interface DnsLine {
  runtime: string;
  subject: string;
  sequential: number;
  concurrent: number;
}

/** bench/dns.ts on each runtime: http10's resolver against node:dns, both asking dnsmasq. */
async function benchDns(): Promise<DnsLine[]> {
  const lines: DnsLine[] = [];
  for (const runtime of ["deno", "bun"]) {
    const args = ["bench/dns.ts", "--json", "--rounds", quick ? "1" : "3"];
    const { code, stdout, stderr } = runtime === "deno"
      ? await run(DENO, ["run", "-A", ...args])
      : await run(BUN, args);
    if (code !== 0) throw new Error(`DNS benchmark on ${runtime} failed:\n${stderr.slice(-1000)}`);
    lines.push(...JSON.parse(stdout.trim().split("\n").pop()!));
    console.log(`  ${runtime}: done`);
  }
  return lines;
}

/** The DNS table: lookups per second, and the ratio to node:dns on the same runtime. */
function dnsTable(lines: DnsLine[]): string {
  const rows = [
    "| Runtime | Lookup | sequential /s | × node:dns | 32 at once /s | × node:dns |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const l of lines) {
    const base = lines.find((b) => b.runtime === l.runtime && b.subject.startsWith("node:dns"))!;
    rows.push(
      `| ${l.runtime} | ${l.subject} | ${Math.round(l.sequential)} | ` +
        `${(l.sequential / base.sequential).toFixed(2)} | ${Math.round(l.concurrent)} | ` +
        `${(l.concurrent / base.concurrent).toFixed(2)} |`,
    );
  }
  return rows.join("\n");
}

// ---------------------------------------------------------------------------------------
// Main

/** µs of user and system CPU per request. */
interface CpuSplit {
  user: number;
  sys: number;
}

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args);
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n")[0].trim();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const began = Date.now();
  const env = {
    date: new Date().toISOString(),
    cpu: `${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
    kernel: release(),
    deno: version(DENO, ["--version"]),
    bun: version(BUN, ["--version"]),
    node: version("node", ["--version"]),
    nginx: hasTool("nginx") ? version("nginx", ["-v"]) : "not installed",
    ab: version("ab", ["-V"]),
    wrk: hasTool("wrk") ? version("wrk", ["--version"]) : "not installed",
    repeats: REPEATS,
  };
  if (!hasTool("ab")) throw new Error("ab (ApacheBench, Debian package apache2-utils) is required");
  const servers = SERVERS.filter((s) => (s.id !== "nginx" || hasTool("nginx")) && chosen(s.id));
  const modes = SERVER_MODES.filter((m) => m.tool !== "wrk" || hasTool("wrk"));

  let micro: MicroReport[] = [];
  const serverResults: LoadResult[] = [];
  const clientResults: LoadResult[] = [];
  const workerResults: LoadResult[] = [];
  let idle: { id: string; label: string; kibPerConn: number }[] = [];
  let dns: DnsLine[] = [];

  if (ONLY.has("micro")) {
    console.log("Micro-benchmarks");
    micro = await benchMicro();
  }
  if (ONLY.has("servers")) {
    console.log(`Servers: ${modes.map((m) => m.name).join(", ")}; ${REPEATS} repeat(s)`);
    await benchServers(serverResults, servers, modes);
  }
  if (ONLY.has("workers")) {
    console.log("serve() with 1 and 2 worker threads: ab keep-alive -c32");
    const keepAlive = SERVER_MODES.filter((m) => m.name === MODES.keepAlive);
    await benchServers(workerResults, WORKER_SERVERS.filter((s) => chosen(s.id)), keepAlive);
  }
  let phases: PhaseReport[] = [];
  const clientInMemory: { runtime: string; concurrency: number; requests: number; cold: number; warm: number }[] = [];
  const inMemory: { runtime: "deno" | "bun"; keepAlive: CpuSplit; pipelined: CpuSplit; close: CpuSplit }[] = [];
  if (ONLY.has("profile")) {
    console.log("Where serve()'s time goes, per phase (bench/profile.ts)");
    const runtimes = (["deno", "bun"] as const).filter((r) => chosen(`http10-${r}`));
    phases = await profilePhases({ start, stop }, {
      runtimes: [...runtimes],
      modes: ["keep-alive", "close"],
      requests: { "keep-alive": KEEPALIVE_REQUESTS, close: CLOSE_REQUESTS },
    });
    // The JavaScript alone, on in-memory connections (bench/request_cost.ts).
    for (const runtime of runtimes) {
      const args = ["bench/request_cost.ts", "--json", "--requests", quick ? "20000" : "50000", "--rounds", "9"];
      const out = await run(runtime === "deno" ? DENO : BUN, runtime === "deno" ? ["run", "-A", ...args] : args);
      try {
        const r = JSON.parse(out.stdout.trim().split("\n").pop()!);
        inMemory.push({
          runtime,
          keepAlive: r.results["keep-alive"],
          pipelined: r.results.pipelined,
          close: r.results.close,
        });
      } catch {
        console.error(`request_cost.ts on ${runtime} failed: ${out.stderr.slice(-500)}`);
      }
    }
  }
  if (ONLY.has("idle")) {
    console.log(`Memory with ${IDLE_CONNECTIONS} idle connections`);
    idle = await benchIdle(servers);
  }
  if (ONLY.has("clients") && hasTool("nginx")) {
    console.log("Clients, against nginx");
    await benchClients(clientResults, CLIENTS.filter((c) => chosen(c.id)));
    // The client's JavaScript alone, on in-memory connections (bench/client_cost.ts).
    for (const runtime of (["deno", "bun"] as const).filter((r) => chosen(`http10-client-${r}`))) {
      const args = ["bench/client_cost.ts", "--json", "--requests", quick ? "10000" : "40000"];
      const out = await run(runtime === "deno" ? DENO : BUN, runtime === "deno" ? ["run", "-A", ...args] : args);
      try {
        clientInMemory.push(JSON.parse(out.stdout.trim().split("\n").pop()!));
      } catch {
        console.error(`client_cost.ts on ${runtime} failed: ${out.stderr.slice(-500)}`);
      }
    }
  }

  if (ONLY.has("dns") && hasTool("dnsmasq")) {
    console.log("DNS lookups, against dnsmasq");
    dns = await benchDns();
  }

  let files: FilesResult[] = [];
  if (ONLY.has("files")) {
    console.log("Files: 200 MB with one reader; 1 GiB with five (bench/files.ts)");
    files = await benchFiles({ quick });
  }

  const sections: string[] = [
    "# http10 benchmark results",
    "",
    `${env.date}, ${env.cpu}, Linux ${env.kernel}. ${env.deno}; Bun ${env.bun}; Node.js ${env.node}; ${env.nginx}; ${env.ab}; ${env.wrk}.`,
    `Each load figure is the median of ${REPEATS} run(s), with the range. Made by \`npm run bench\` in ${
      Math.round((Date.now() - began) / 1000)
    } s.`,
  ];
  if (micro.length > 0) {
    sections.push("", "## Micro-benchmarks (ns per job; × the group's lower bound)", "", microTable(micro));
  }
  if (serverResults.length > 0) {
    const svg = barChart('Servers: "Hello, World!" over loopback (req/s)', "req/s", sectionsOf(serverResults));
    writeFileSync(join(OUT, "servers.svg"), svg);
    sections.push("", "## Servers", "", loadTable(serverResults, "nginx"), "", "![Servers](servers.svg)");
  }
  if (workerResults.length > 0) {
    sections.push(
      "",
      "## serve() with worker threads (× native: × 1 worker on the same runtime; ab shares the cores)",
      "",
      loadTable(workerResults),
    );
  }
  if (phases.length > 0) {
    sections.push("", "## Where serve()'s time goes (per phase)", "", phaseTables(phases));
  }
  if (inMemory.length > 0) {
    const us = (c: CpuSplit) => `${(c.user + c.sys).toFixed(2)} (user ${c.user.toFixed(2)})`;
    sections.push(
      "",
      "## The JavaScript per request, on in-memory connections (bench/request_cost.ts, best of 9, µs)",
      "",
      "| runtime | keep-alive | pipelined, 16 per read | one connection per request |",
      "| --- | ---: | ---: | ---: |",
      ...inMemory.map((r) => `| ${r.runtime} | ${us(r.keepAlive)} | ${us(r.pipelined)} | ${us(r.close)} |`),
    );
  }
  if (idle.length > 0) {
    sections.push(
      "",
      `## Memory per idle connection (RSS growth from 100 to ${100 + IDLE_CONNECTIONS} kept-alive connections, median)`,
      "",
      "| Server | KiB per connection |",
      "| --- | ---: |",
      ...idle.map((i) => `| ${i.label} | ${i.kibPerConn.toFixed(1)} |`),
    );
  }
  if (clientResults.length > 0) {
    const svg = barChart("Clients: GET from nginx over loopback (req/s)", "req/s", sectionsOf(clientResults));
    writeFileSync(join(OUT, "clients.svg"), svg);
    sections.push("", "## Clients (against nginx)", "", loadTable(clientResults, "ab"), "", "![Clients](clients.svg)");
  }
  if (clientInMemory.length > 0) {
    sections.push(
      "",
      "## The client's JavaScript per request, on in-memory connections (bench/client_cost.ts, µs)",
      "",
      "| runtime | concurrent | cold (first N requests, JIT included) | warm (best round) |",
      "| --- | ---: | ---: | ---: |",
      ...clientInMemory.map((c) =>
        `| ${c.runtime} | ${c.concurrency} | ${c.cold.toFixed(2)} (N = ${c.requests}) | ${c.warm.toFixed(2)} |`
      ),
    );
  }
  if (dns.length > 0) {
    const title = "## DNS lookups (1,000 distinct names against dnsmasq on loopback, best round)";
    sections.push("", title, "", dnsTable(dns));
  }
  if (files.length > 0) sections.push("", "## Files (bench/files.ts)", "", filesTable(files));
  const perRequest = (["deno", "bun"] as const).map((runtime) => ({
    runtime,
    jsThreadUser: phases.find((p) => p.runtime === runtime && p.mode === "keep-alive")?.cpu.mainUser,
    inMemory: ((c) => c && c.user + c.sys)(inMemory.find((r) => r.runtime === runtime)?.keepAlive),
  }));
  const goals = goalLines({ micro, servers: serverResults, clients: clientResults, idle, perRequest });
  if (goals.length > 0) sections.push("", "## Goals", "", ...goals);
  const summary = sections.join("\n") + "\n";
  writeFileSync(join(OUT, "summary.md"), summary);
  writeFileSync(
    join(OUT, "load.json"),
    JSON.stringify(
      { env, servers: serverResults, workers: workerResults, phases, inMemory, idle, clients: clientResults, dns },
      null,
      2,
    ) +
      "\n",
  );
  console.log(`\n${summary}`);
  console.log(`Written to ${OUT}`);
}

let code = 0;
try {
  await main();
} catch (err) {
  if (!interrupted) {
    console.error(err);
    code = 1;
  }
} finally {
  await stopAll();
}
process.exit(interrupted ? 130 : code);
