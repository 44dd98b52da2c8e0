/**
 * The per-phase cost breakdown of `serve()`: where the CPU time of one request goes, on Deno
 * and on Bun, with HTTP/1.0 keep-alive and with one connection per request.
 *
 *     deno run -A bench/profile.ts                       # both runtimes, both modes
 *     deno run -A bench/profile.ts --runtimes bun --modes keep-alive --requests 50000
 *     deno run -A bench/profile.ts --json /tmp/p.json    # the figures as JSON too
 *
 * For each runtime it runs `bench/servers/http10.ts` twice under `ab -c32`:
 * 1. plain, to read the user and system CPU per request from `/proc/<pid>/task/<tid>/stat`,
 *    split into the JavaScript thread and the runtime's other threads;
 * 2. under the runtime's sampling profiler (`--cpu-prof`, 100 µs), whose samples within the
 *    measured window are split across the phases of a request (`_phases.ts`).
 * A phase's µs per request is the sampled time charged to it over the requests of the
 * profiled run (which the profiler slows a little). The profilers sample the JavaScript
 * thread while it runs JavaScript or native code called from it; Bun's (JSC's) does not
 * sample its event loop (epoll, receiving) at all, Deno's counts it as "(program)", so the
 * sampled total is below the thread's CPU from run 1. A profiler cannot tell user from
 * system time: the system time sits in the phases that make system calls. `write` holds
 * the kernel's loopback send, which also does the receiving side's TCP work.
 *
 * `bench/compare.ts` runs it after the servers (part `profile`).
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { type CpuProfile, type Phase, PHASE_NOTES, PHASES, type PhaseSplit, splitProfile } from "./_phases.ts";
import { freePort, HOST, sleep, waitForPort } from "./_process.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) =>
  existsSync(join(ROOT, "node_modules/.bin", name)) ? join(ROOT, "node_modules/.bin", name) : name;
const CLK_TCK = 100;

/** One runtime × mode: CPU per request from /proc and the profile's split. */
export interface PhaseReport {
  runtime: "deno" | "bun";
  mode: "keep-alive" | "close";
  requests: number;
  rps: number;
  /** µs per request: JavaScript thread and the other threads, user and system. */
  cpu: { mainUser: number; mainSys: number; otherUser: number; otherSys: number };
  /** Requests completed in the profiled run. */
  profiled: number;
  split: PhaseSplit;
}

/** How the caller starts and stops processes (so compare.ts keeps track of them). */
export interface ProcessHooks {
  start(cmd: string, args: string[]): ChildProcess;
  stop(child: ChildProcess): Promise<void>;
}

function runTo(hooks: ProcessHooks, cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = hooks.start(cmd, args);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

/** User and system ticks of the process's threads: the thread whose id is the pid, and the rest. */
function threadTicks(pid: number): { mainUser: number; mainSys: number; otherUser: number; otherSys: number } {
  const t = { mainUser: 0, mainSys: 0, otherUser: 0, otherSys: 0 };
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return t;
  }
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const user = Number(f[11]);
    const sys = Number(f[12]);
    if (Number(tid) === pid) (t.mainUser += user, t.mainSys += sys);
    else (t.otherUser += user, t.otherSys += sys);
  }
  return t;
}

function abArgs(mode: "keep-alive" | "close", requests: number, url: string): string[] {
  return ["-q", "-r", ...(mode === "keep-alive" ? ["-k"] : []), "-t", "20", "-n", String(requests), "-c", "32", url];
}

function rpsOf(text: string): number {
  return Number(/Requests per second:\s+([\d.]+)/.exec(text)?.[1] ?? NaN);
}

function completedOf(text: string, fallback: number): number {
  return Number(/Complete requests:\s+(\d+)/.exec(text)?.[1] ?? fallback);
}

/** The profile's clock now, in µs: Deno's is CLOCK_MONOTONIC (≈ /proc/uptime), Bun's the epoch. */
function clockNow(epoch: boolean): number {
  if (epoch) return Date.now() * 1000;
  return Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1e6;
}

function serverCommand(runtime: "deno" | "bun", port: number, profileDir: string | null): [string, string[]] {
  const prof = profileDir === null ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=100"];
  return runtime === "deno"
    ? [bin("deno"), ["run", "-A", ...prof, "bench/servers/http10.ts", String(port)]]
    : [bin("bun"), [...prof, "bench/servers/http10.ts", String(port)]];
}

/** Profiles `serve()` on the given runtimes and modes; see the module comment. */
export async function profilePhases(
  hooks: ProcessHooks,
  options: { runtimes: ("deno" | "bun")[]; modes: ("keep-alive" | "close")[]; requests: Record<string, number> },
): Promise<PhaseReport[]> {
  const reports: PhaseReport[] = [];
  for (const runtime of options.runtimes) {
    // Run 1: CPU per request, no profiler.
    const cpu = new Map<string, { c: PhaseReport["cpu"]; rps: number; n: number }>();
    {
      const port = await freePort();
      const [cmd, args] = serverCommand(runtime, port, null);
      const child = hooks.start(cmd, args);
      try {
        await waitForPort(port, child);
        const url = `http://${HOST}:${port}/`;
        await runTo(hooks, "ab", abArgs("close", 3000, url));
        await runTo(hooks, "ab", abArgs("keep-alive", 5000, url));
        for (const mode of options.modes) {
          const n = options.requests[mode];
          const t0 = threadTicks(child.pid!);
          const out = await runTo(hooks, "ab", abArgs(mode, n, url));
          const t1 = threadTicks(child.pid!);
          const done = completedOf(out, n);
          const per = (a: number, b: number) => ((b - a) * 1e6) / CLK_TCK / done;
          cpu.set(mode, {
            c: {
              mainUser: per(t0.mainUser, t1.mainUser),
              mainSys: per(t0.mainSys, t1.mainSys),
              otherUser: per(t0.otherUser, t1.otherUser),
              otherSys: per(t0.otherSys, t1.otherSys),
            },
            rps: rpsOf(out),
            n: done,
          });
        }
      } finally {
        await hooks.stop(child);
      }
    }
    // Run 2: the same load under the profiler; only the measured windows count.
    const dir = mkdtempSync(join(tmpdir(), "http10-profile-"));
    try {
      const port = await freePort();
      const [cmd, args] = serverCommand(runtime, port, dir);
      const child = hooks.start(cmd, args);
      // Deno's child_process sets signalCode as soon as kill() is called: wait for "exit".
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      const windows = new Map<string, [number, number, number]>();
      const epoch = runtime === "bun";
      try {
        await waitForPort(port, child);
        const url = `http://${HOST}:${port}/`;
        await runTo(hooks, "ab", abArgs("close", 3000, url));
        await runTo(hooks, "ab", abArgs("keep-alive", 5000, url));
        for (const mode of options.modes) {
          const from = clockNow(epoch);
          const out = await runTo(hooks, "ab", abArgs(mode, options.requests[mode], url));
          windows.set(mode, [from, clockNow(epoch), completedOf(out, options.requests[mode])]);
        }
        // bench/servers/http10.ts exits on SIGTERM, and the profiler writes its file then.
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(10_000)]);
      } finally {
        await hooks.stop(child);
      }
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      if (file === undefined) throw new Error(`${runtime}: the profiler wrote no profile`);
      const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
      for (const mode of options.modes) {
        const [from, to, profiled] = windows.get(mode)!;
        const m = cpu.get(mode)!;
        const split = splitProfile(profile, from, to);
        reports.push({ runtime, mode, requests: m.n, rps: m.rps, cpu: m.c, profiled, split });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return reports;
}

/** The breakdown as a markdown table per runtime × mode, with the top functions. */
export function phaseTables(reports: readonly PhaseReport[], top = 8): string {
  const out: string[] = [];
  const f = (n: number) => n.toFixed(2);
  for (const r of reports) {
    const { mainUser, mainSys, otherUser, otherSys } = r.cpu;
    const main = mainUser + mainSys;
    out.push(
      `### serve() on ${r.runtime === "deno" ? "Deno" : "Bun"}, ab ${r.mode} -c32 (${r.requests} requests, ${
        r.rps.toFixed(0)
      } req/s unprofiled)`,
      "",
      `CPU per request: **${f(main + otherUser + otherSys)} µs** = JavaScript thread ${f(mainUser)} user + ${
        f(mainSys)
      } sys, other threads ${f(otherUser)} user + ${f(otherSys)} sys.`,
      "",
      "| phase | share of sampled time | sampled µs/req |",
      "| --- | ---: | ---: |",
    );
    const perReq = (us: number) => us / Math.max(1, r.profiled);
    for (const p of PHASES) {
      const share = r.split.total > 0 ? r.split.byPhase[p] / r.split.total : 0;
      out.push(`| ${p} | ${(share * 100).toFixed(1)}% | ${f(perReq(r.split.byPhase[p]))} |`);
    }
    const beside = perReq(r.split.total) - r.split.byPhase.write / Math.max(1, r.profiled);
    out.push(
      `| **sampled, all phases** | 100% | **${f(perReq(r.split.total))}** |`,
      `| sampled, all but write (the JavaScript's own share) | | ${f(beside)} |`,
    );
    out.push("", "Top functions by self time (← the frame of ours it was charged to):", "");
    for (const t of r.split.top.slice(0, top)) {
      out.push(`- ${((t.us / Math.max(1, r.split.total)) * 100).toFixed(1)}% ${t.phase}: \`${t.name}\``);
    }
    out.push("");
  }
  out.push("Phases: " + PHASES.map((p: Phase) => `${p} (${PHASE_NOTES[p]})`).join("; ") + ".");
  return out.join("\n");
}

if (import.meta.main) {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
  };
  const running = new Set<ChildProcess>();
  const hooks: ProcessHooks = {
    start(cmd, args) {
      const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      running.add(child);
      child.on("exit", () => running.delete(child));
      return child;
    },
    async stop(child) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      for (let i = 0; i < 60 && child.exitCode === null && child.signalCode === null; i++) await sleep(50);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      running.delete(child);
    },
  };
  process.on("SIGINT", () => {
    for (const c of running) c.kill("SIGKILL");
    process.exit(130);
  });
  const requests = Number(option("--requests", "30000"));
  const reports = await profilePhases(hooks, {
    runtimes: option("--runtimes", "deno,bun").split(",") as ("deno" | "bun")[],
    modes: option("--modes", "keep-alive,close").split(",") as ("keep-alive" | "close")[],
    requests: { "keep-alive": requests, close: Math.round(requests / 3) },
  });
  console.log(phaseTables(reports));
  const json = option("--json", "");
  if (json !== "") writeFileSync(json, JSON.stringify(reports, null, 2) + "\n");
}
