/**
 * File serving: serve.ts on Deno and on Bun against nginx, on loopback, in one run.
 *
 * - **speed**: one reader (curl) downloads a 200 MB file; the median of five downloads,
 *   as a ratio to nginx's median in the same run. The servers run side by side and take
 *   turns, so load from elsewhere on the machine weighs on each alike.
 * - **memory**: five readers of a 1 GiB file at once, four throttled to 20 MiB/s and one
 *   fast; the server's RSS growth (highest sample minus the RSS before) while they read.
 *   The throttled readers are cut after a bounded time (`--seconds`, 12 by default), so
 *   the run does not take the 50 s a full throttled download would. Every byte is checked:
 *   each reader's output is compared with the file by `cmp` (a cut reader's prefix).
 *
 *     deno run -A bench/files.ts [--quick] [--seconds S] [--only nginx,deno,bun] [--json FILE]
 *
 * The files are made in a temporary directory and removed at the end (and on Ctrl-C).
 * nginx runs with one worker and `sendfile on`, as its packaged configuration has it.
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { freePort, hasTool, HOST, sleep, waitForPort } from "./_process.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MiB = 1024 * 1024;

/** One figure per subject. */
export interface FilesResult {
  id: string;
  label: string;
  /** Median single-reader download speed, bytes per second. */
  speed: number;
  /** Speed as a ratio to nginx's, or null without nginx. */
  speedRatio: number | null;
  /** RSS growth with five readers of the 1 GiB file, KiB (null for nginx: its workers are not ours). */
  rssGrowthKiB: number | null;
  /** Whether every reader got the file's own bytes. */
  bytesRight: boolean;
}

const running = new Set<ChildProcess>();
const temps = new Set<string>();

function start(cmd: string, args: string[], stdout: "pipe" | "ignore" = "pipe"): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", stdout, "pipe"] });
  running.add(child);
  child.on("exit", () => running.delete(child));
  child.on("error", () => running.delete(child));
  return child;
}

function finished(child: ChildProcess): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

/**
 * SIGTERM, then SIGKILL after 3 s, by pid. (process.kill, not child.kill: Deno's
 * child_process takes a child it was once asked to kill for dead, and ignores a second kill.)
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((r) => child.on("close", r));
  const signal = (name: "SIGTERM" | "SIGKILL") => {
    try {
      process.kill(child.pid!, name);
    } catch {
      // Gone meanwhile.
    }
  };
  signal("SIGTERM");
  const force = setTimeout(() => signal("SIGKILL"), 3000);
  await closed;
  clearTimeout(force);
}

function cleanUp(): void {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  temps.clear();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    Promise.all([...running].map(stop)).finally(() => {
      cleanUp();
      process.exit(130);
    });
  });
}

/** The RSS of `pid` and its children (nginx's worker), KiB. */
function rssKiB(pid: number): number {
  let kib = 0;
  const pids = [pid];
  try {
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)) {
      if (c !== "") pids.push(Number(c));
    }
  } catch {
    // No children file: count the process alone.
  }
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) kib += Number(m[1]);
    } catch {
      // Gone meanwhile.
    }
  }
  return kib;
}

/** Writes `size` bytes of a repeated random 1 MiB block (its own offset mixed in, so no two MiB are equal). */
function makeFile(path: string, size: number): void {
  const block = new Uint8Array(MiB);
  crypto.getRandomValues(block.subarray(0, 65536));
  for (let i = 65536; i < MiB; i += 65536) block.set(block.subarray(0, 65536), i);
  const fd = openSync(path, "w", 0o644);
  try {
    for (let at = 0, n = 0; at < size; at += MiB, n++) {
      new DataView(block.buffer).setUint32(0, n);
      writeSync(fd, block, 0, Math.min(MiB, size - at));
    }
  } finally {
    closeSync(fd);
  }
}

interface Subject {
  id: string;
  label: string;
  ours: boolean;
  command(port: number, dir: string, prefix: string): [string, string[]];
}

function nginxCommand(port: number, dir: string, prefix: string): [string, string[]] {
  mkdirSync(join(prefix, "logs"), { recursive: true });
  writeFileSync(
    join(prefix, "nginx.conf"),
    `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server { listen ${HOST}:${port}; root ${dir}; }
}
`,
  );
  return ["nginx", ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", join(prefix, "logs/error.log")]];
}

const SUBJECTS: Subject[] = [
  { id: "nginx", label: "nginx, 1 worker", ours: false, command: nginxCommand },
  {
    id: "deno",
    label: "serve.ts on Deno",
    ours: true,
    command: (port, dir) => [
      "node_modules/.bin/deno",
      ["run", "--allow-net", "--allow-read", "serve.ts", dir, "--port", String(port), "--host", HOST, "--quiet"],
    ],
  },
  {
    id: "bun",
    label: "serve.ts on Bun",
    ours: true,
    command: (
      port,
      dir,
    ) => ["node_modules/.bin/bun", ["serve.ts", dir, "--port", String(port), "--host", HOST, "--quiet"]],
  },
];

/**
 * One download with curl; its speed in bytes/s, and whether the bytes matched `file`.
 * With `out` null the bytes go to /dev/null (the speed runs: writing a file would time the disk).
 */
async function download(url: string, file: string, out: string | null): Promise<{ speed: number; right: boolean }> {
  const curl = start("curl", ["-s", "-o", out ?? "/dev/null", "-w", "%{speed_download} %{size_download}", url]);
  const result = await finished(curl);
  if (result.code !== 0) throw new Error(`curl ${url} exited with ${result.code}: ${result.stderr}`);
  const [speed, size] = result.stdout.split(" ").map(Number);
  let right = size === statSync(file).size;
  if (out !== null) {
    right &&= spawnSync("cmp", ["-s", out, file]).status === 0;
    rmSync(out, { force: true });
  }
  return { speed, right };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Five readers of `name` at once; resolves with the highest RSS growth seen (KiB) and
 * whether every reader's bytes were right. A throttled reader pipes into `cmp`, which
 * compares as the bytes come: "EOF on -" means a right prefix, anything else a wrong byte.
 */
async function fiveReaders(
  origin: string,
  dir: string,
  name: string,
  pid: number,
  seconds: number,
): Promise<{ growth: number; right: boolean }> {
  const file = join(dir, name);
  await sleep(300);
  const before = rssKiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 100);
  const throttled = Array.from({ length: 4 }, () =>
    finished(start("sh", [
      "-c",
      `curl -s --limit-rate 20M --max-time ${seconds} "$1" | cmp - "$2"; exit 0`,
      "sh",
      `${origin}/${name}`,
      file,
    ])));
  const fast = download(`${origin}/${name}`, file, join(dir, "fast.out"));
  const [outs, fastResult] = await Promise.all([Promise.all(throttled), fast]);
  clearInterval(sampler);
  peak = Math.max(peak, rssKiB(pid));
  // cmp says "EOF on -" (a right prefix) or "differ" (a wrong byte); nothing means all of it.
  const rightPrefix = outs.every((o) => !/differ/.test(o.stdout + o.stderr) && o.code === 0);
  return { growth: peak - before, right: rightPrefix && fastResult.right };
}

/** Runs the file benchmark; returns one result per subject that could run. */
export async function benchFiles(
  options: { quick?: boolean; seconds?: number; only?: string[] } = {},
): Promise<FilesResult[]> {
  const quick = options.quick ?? false;
  const seconds = options.seconds ?? (quick ? 5 : 12);
  const dir = mkdtempSync(join(tmpdir(), "http10-files-"));
  temps.add(dir);
  chmodSync(dir, 0o755); // nginx's worker runs as another user
  const results: FilesResult[] = [];
  try {
    makeFile(join(dir, "200mb.bin"), 200_000_000);
    makeFile(join(dir, "1gib.bin"), 1024 * MiB);
    // Every server runs at once, and the speed runs take turns (nginx, Deno, Bun, nginx, ...):
    // on a shared machine, load that comes and goes then weighs on each of them alike.
    const running: { subject: Subject; server: ChildProcess; origin: string; prefix: string }[] = [];
    try {
      for (const subject of SUBJECTS) {
        if (subject.id === "nginx" && !hasTool("nginx")) continue;
        if (options.only !== undefined && !options.only.includes(subject.id)) continue;
        const prefix = mkdtempSync(join(tmpdir(), "http10-files-srv-"));
        temps.add(prefix);
        const port = await freePort();
        const [cmd, args] = subject.command(port, dir, prefix);
        const server = start(cmd, args, "ignore");
        running.push({ subject, server, origin: `http://${HOST}:${port}`, prefix });
        await waitForPort(port, server);
      }
      const file = join(dir, "200mb.bin");
      const runs = new Map<string, { speed: number; right: boolean }[]>();
      for (const r of running) {
        // Checked byte for byte; warms the page cache and the JIT.
        runs.set(r.subject.id, [await download(`${r.origin}/200mb.bin`, file, join(dir, "warm.out"))]);
      }
      const speeds = new Map<string, number[]>(running.map((r) => [r.subject.id, []]));
      for (let i = 0; i < (quick ? 1 : 5); i++) {
        for (const r of running) {
          const run = await download(`${r.origin}/200mb.bin`, file, null);
          runs.get(r.subject.id)!.push(run);
          speeds.get(r.subject.id)!.push(run.speed);
        }
      }
      for (const r of running) {
        let rssGrowthKiB: number | null = null;
        let bytesRight = runs.get(r.subject.id)!.every((x) => x.right);
        if (r.subject.ours) {
          const mem = await fiveReaders(r.origin, dir, "1gib.bin", r.server.pid!, seconds);
          rssGrowthKiB = mem.growth;
          bytesRight &&= mem.right;
        }
        const speed = median(speeds.get(r.subject.id)!);
        results.push({ id: r.subject.id, label: r.subject.label, speed, speedRatio: null, rssGrowthKiB, bytesRight });
        console.log(
          `  ${r.subject.label}: ${(speed / MiB).toFixed(0)} MiB/s` +
            (rssGrowthKiB === null ? "" : `, RSS +${(rssGrowthKiB / 1024).toFixed(1)} MiB with 5 readers`) +
            (bytesRight ? "" : " — WRONG BYTES"),
        );
      }
    } finally {
      for (const r of running) {
        await stop(r.server);
        rmSync(r.prefix, { recursive: true, force: true });
        temps.delete(r.prefix);
      }
    }
  } finally {
    cleanUp();
  }
  const nginx = results.find((r) => r.id === "nginx");
  for (const r of results) r.speedRatio = nginx ? r.speed / nginx.speed : null;
  return results;
}

/** The results as a Markdown table. */
export function filesTable(results: FilesResult[]): string {
  const rows = results.map((r) =>
    `| ${r.label} | ${(r.speed / MiB).toFixed(0)} | ${r.speedRatio === null ? "–" : r.speedRatio.toFixed(2) + "×"} | ${
      r.rssGrowthKiB === null ? "–" : (r.rssGrowthKiB / 1024).toFixed(1)
    } | ${r.bytesRight ? "yes" : "NO"} |`
  );
  return [
    "| server | 200 MB, 1 reader (MiB/s) | vs nginx | RSS growth, 5 readers of 1 GiB (MiB) | bytes right |",
    "| --- | ---: | ---: | ---: | :---: |",
    ...rows,
  ].join("\n");
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const jsonAt = argv.indexOf("--json");
  const secondsAt = argv.indexOf("--seconds");
  const onlyAt = argv.indexOf("--only");
  console.log("Files: 200 MB with one reader; 1 GiB with five (four at 20 MiB/s)");
  const results = await benchFiles({
    quick: argv.includes("--quick"),
    seconds: secondsAt >= 0 ? Number(argv[secondsAt + 1]) : undefined,
    only: onlyAt >= 0 ? argv[onlyAt + 1].split(",") : undefined,
  });
  console.log("\n" + filesTable(results));
  if (jsonAt >= 0) writeFileSync(argv[jsonAt + 1], JSON.stringify(results, null, 2) + "\n");
}
