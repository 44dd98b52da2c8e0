/**
 * The pure parts of the benchmark harness: reading what ab, wrk and /proc print, medians,
 * ratios, the markdown tables and the SVG chart. No processes, no sockets, no clock, so
 * `tests/bench/harness_test.ts` can check them on both runtimes.
 *
 * @module
 */

// ---------------------------------------------------------------------------------------
// Results

/** One job's figure in one micro-benchmark group. */
export interface MicroTask {
  name: string;
  /** Median nanoseconds per job. */
  nsPerOp: number;
  /** Relative margin of error of the mean, in percent. */
  rme: number;
  /** `nsPerOp` over the group's lower bound (its first task). */
  ratio: number;
}

/** One micro-benchmark group: a lower bound first, then http10 and its peers. */
export interface MicroGroup {
  name: string;
  batch: number;
  tasks: MicroTask[];
}

/** A whole micro-benchmark run on one runtime. */
export interface MicroReport {
  runtime: string;
  version: string;
  date: string;
  groups: MicroGroup[];
}

/** What one load run measured. */
export interface LoadSample {
  /** Requests per second, as the load tool reports it. */
  rps: number;
  /** Requests completed. */
  completed: number;
  /** Failed requests: errors, wrong lengths and non-2xx answers. */
  failed: number;
  /** CPU time (user + system) the measured process used per completed request, in µs. */
  cpuUsPerReq: number;
  /** The largest resident set seen while the run lasted, in KiB (0 when not sampled). */
  peakRssKiB: number;
}

/** The repeats of one (subject, mode) pair. */
export interface LoadResult {
  /** What was measured: "http10-deno", "deno-serve", "nginx", "http10-bun-client", ... */
  subject: string;
  /** How it reads in tables: "http10 serve() on Deno". */
  label: string;
  /** The load: "close -c32", "keep-alive -c32", ... */
  mode: string;
  /** The subject this one is compared with (the runtime's native server or client), if any. */
  native?: string;
  /** True for http10's own subjects (drawn highlighted). */
  ours: boolean;
  samples: LoadSample[];
}

/** Median and range of a list of numbers. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

// ---------------------------------------------------------------------------------------
// Statistics

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of `values`. */
export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** The median requests/s of `subject` in `mode`, or NaN when it was not measured. */
export function medianRps(results: readonly LoadResult[], subject: string, mode: string): number {
  const r = results.find((x) => x.subject === subject && x.mode === mode);
  return r === undefined ? NaN : median(r.samples.map((s) => s.rps));
}

// ---------------------------------------------------------------------------------------
// Reading tool output

/**
 * The figures of an ApacheBench report: requests/s, completed, and failed (ab's "Failed
 * requests" plus "Non-2xx responses", which ab does not count as failures).
 *
 * @throws {Error} when the text has no "Requests per second" line (ab failed).
 */
export function parseAb(text: string): { rps: number; completed: number; failed: number } {
  const num = (label: string) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(text);
    return m === null ? undefined : Number(m[1]);
  };
  const rps = num("Requests per second");
  if (rps === undefined) throw new Error(`ab printed no result:\n${text.slice(-500)}`);
  return {
    rps,
    completed: num("Complete requests") ?? 0,
    failed: (num("Failed requests") ?? 0) + (num("Non-2xx responses") ?? 0),
  };
}

/**
 * The figures of a wrk report: requests/s, completed, and failed (socket errors plus
 * non-2xx/3xx answers).
 *
 * @throws {Error} when the text has no "Requests/sec" line (wrk failed).
 */
export function parseWrk(text: string): { rps: number; completed: number; failed: number } {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (rps === null) throw new Error(`wrk printed no result:\n${text.slice(-500)}`);
  const completed = /^\s*(\d+) requests in /m.exec(text);
  let failed = 0;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  if (socket !== null) failed += socket.slice(1).reduce((a, n) => a + Number(n), 0);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  if (non2xx !== null) failed += Number(non2xx[1]);
  return { rps: Number(rps[1]), completed: completed === null ? 0 : Number(completed[1]), failed };
}

/**
 * From `/proc/<pid>/stat`: the parent pid, the CPU time used (user + system) and the start
 * time, both in clock ticks (pid and start time together name one process, even if the pid
 * is later reused).
 */
export function parseProcStat(text: string): { ppid: number; ticks: number; start: number } {
  // The command name is in parentheses and may hold spaces: split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22.
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), start: Number(fields[19]) };
}

/** From `/proc/<pid>/status`: the resident set size in KiB (0 when absent, as for a zombie). */
export function parseVmRss(text: string): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(text);
  return m === null ? 0 : Number(m[1]);
}

// ---------------------------------------------------------------------------------------
// Tables

function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(2)}×` : "–";
}

function table(header: string[], rows: string[][], right: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(right.map((r) => (r ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

/** The micro-benchmarks of one or more runtimes, side by side: ns per job and × lower bound. */
export function microTable(reports: readonly MicroReport[]): string {
  const header = ["Group", "Job"];
  for (const r of reports) header.push(`${r.runtime} ns/op`, `${r.runtime} × lower bound`);
  const rows: string[][] = [];
  const first = reports[0];
  for (let g = 0; g < first.groups.length; g++) {
    for (let t = 0; t < first.groups[g].tasks.length; t++) {
      const row = [t === 0 ? first.groups[g].name : "", first.groups[g].tasks[t].name];
      for (const r of reports) {
        const task = r.groups[g]?.tasks[t];
        row.push(task ? fmt(task.nsPerOp) : "–", task ? ratio(task.ratio) : "–");
      }
      rows.push(row);
    }
  }
  return table(header, rows, header.map((_, i) => i >= 2));
}

/**
 * The load results as a markdown table: one row per subject and mode, with the median
 * requests/s and its range over the repeats, the ratio to the subject's native peer and to
 * `reference` (nginx for servers), failures, CPU per request and peak RSS.
 */
export function loadTable(results: readonly LoadResult[], reference?: string): string {
  const header = ["Subject", "Load", "req/s (median)", "min–max", "× native"];
  if (reference !== undefined) header.push(`× ${reference}`);
  header.push("failed", "CPU µs/req", "peak RSS MiB");
  const rows = results.map((r) => {
    const rps = spread(r.samples.map((s) => s.rps));
    const native = r.native === undefined ? NaN : rps.median / medianRps(results, r.native, r.mode);
    const row = [r.label, r.mode, fmt(rps.median), `${fmt(rps.min)}–${fmt(rps.max)}`, ratio(native)];
    if (reference !== undefined) row.push(ratio(rps.median / medianRps(results, reference, r.mode)));
    const rss = Math.max(...r.samples.map((s) => s.peakRssKiB));
    row.push(
      String(r.samples.reduce((a, s) => a + s.failed, 0)),
      fmt(median(r.samples.map((s) => s.cpuUsPerReq)), 1),
      rss > 0 ? fmt(rss / 1024, 1) : "–",
    );
    return row;
  });
  return table(header, rows, header.map((_, i) => i >= 2));
}

// ---------------------------------------------------------------------------------------
// The chart

/** One bar of the chart. */
export interface Bar {
  label: string;
  median: number;
  min: number;
  max: number;
  /** Drawn in the accent colour (http10's own subjects). */
  highlight: boolean;
}

/** A titled group of bars sharing one scale. */
export interface BarSection {
  title: string;
  bars: Bar[];
}

/** The bars of `results`, one section per mode in order of first appearance. */
export function sectionsOf(results: readonly LoadResult[]): BarSection[] {
  const sections: BarSection[] = [];
  for (const r of results) {
    let section = sections.find((s) => s.title === r.mode);
    if (section === undefined) sections.push(section = { title: r.mode, bars: [] });
    section.bars.push({ label: r.label, ...spread(r.samples.map((s) => s.rps)), highlight: r.ours });
  }
  return sections;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A horizontal bar chart as a standalone SVG document: per section, one bar per subject at
 * its median with a whisker from min to max, each section on its own scale.
 */
export function barChart(title: string, unit: string, sections: readonly BarSection[]): string {
  const width = 860;
  const labelWidth = 250;
  const barArea = width - labelWidth - 110;
  const barHeight = 18;
  const gap = 6;
  const out: string[] = [];
  let y = 40;
  out.push(`<text x="10" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  for (const section of sections) {
    y += 14;
    out.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${escapeXml(section.title)}</text>`);
    y += 8;
    const top = Math.max(...section.bars.map((b) => Math.max(b.max, b.median)), 1);
    const scale = (v: number) => (Number.isFinite(v) ? (v / top) * barArea : 0);
    for (const bar of section.bars) {
      const w = scale(bar.median);
      const mid = y + barHeight / 2;
      out.push(
        `<text x="${labelWidth - 8}" y="${mid + 4}" font-size="12" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${
          bar.highlight ? "#2b6cb0" : "#a0aec0"
        }"/>`,
        `<line x1="${(labelWidth + scale(bar.min)).toFixed(1)}" y1="${mid}" x2="${
          (labelWidth + scale(bar.max)).toFixed(1)
        }" y2="${mid}" stroke="#1a202c" stroke-width="1.5"/>`,
        `<text x="${(labelWidth + Math.max(w, scale(bar.max)) + 6).toFixed(1)}" y="${mid + 4}" font-size="12">${
          escapeXml(`${fmt(bar.median)} ${unit}`)
        }</text>`,
      );
      y += barHeight + gap;
    }
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...out,
    "</svg>",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------
// Where results go

/** The committed results: what the README and bench/README quote. */
export const RESULTS_DIR = "bench/results";
/** Where a smoke or partial run writes (git-ignored), so it never overwrites the committed results. */
export const SCRATCH_DIR = "bench/results/scratch";

/**
 * The folder compare.ts writes to, relative to the repository root: `--out DIR` when given;
 * else the committed results for a full run or with `--update-results`; else, for a run
 * that is not the whole comparison (`--quick`, `--only`, `--subjects`), the scratch folder.
 *
 * @example
 * ```ts
 * resultsDir([]); // "bench/results"
 * resultsDir(["--quick"]); // "bench/results/scratch"
 * resultsDir(["--quick", "--update-results"]); // "bench/results"
 * ```
 */
export function resultsDir(argv: readonly string[]): string {
  const i = argv.indexOf("--out");
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  if (argv.includes("--update-results")) return RESULTS_DIR;
  const partial = argv.includes("--quick") || argv.includes("--only") || argv.includes("--subjects");
  return partial ? SCRATCH_DIR : RESULTS_DIR;
}

// ---------------------------------------------------------------------------------------
// Goals

/** The names of the load modes, shared by the harness and the goal checks. */
export const MODES = {
  close: "ab close -c32",
  keepAlive: "ab keep-alive -c32",
  wrk: "wrk HTTP/1.1 -c32",
  wrkPipelined: "wrk HTTP/1.1 pipelined ×16 -c32",
  clientSequentialClose: "sequential, close",
  clientSequentialKeepAlive: "sequential, keep-alive",
  clientConcurrentClose: "16 concurrent, close",
  clientConcurrentKeepAlive: "16 concurrent, keep-alive",
} as const;

/** Everything one comparison measured. */
export interface Measured {
  micro: readonly MicroReport[];
  servers: readonly LoadResult[];
  clients: readonly LoadResult[];
  idle: readonly { id: string; kibPerConn: number }[];
  /**
   * CPU per `serve()` request from the breakdown (bench/profile.ts, ab -k -c32): user µs of
   * the JavaScript thread; and the JavaScript alone on in-memory connections (request_cost.ts).
   */
  perRequest?: readonly { runtime: "deno" | "bun"; jsThreadUser?: number; inMemory?: number }[];
}

function medianOf(results: readonly LoadResult[], subject: string, mode: string, pick: (s: LoadSample) => number) {
  const r = results.find((x) => x.subject === subject && x.mode === mode);
  return r === undefined ? NaN : median(r.samples.map(pick));
}

function peakRss(results: readonly LoadResult[], subject: string): number {
  let peak = NaN;
  for (const r of results) {
    if (r.subject !== subject || (r.mode !== MODES.close && r.mode !== MODES.keepAlive)) continue;
    for (const s of r.samples) if (!(s.peakRssKiB <= peak)) peak = s.peakRssKiB;
  }
  return peak;
}

/**
 * The goals of issues 4 and 11, each as a markdown list item saying met or not met with the figure
 * reached; a goal whose figures were not measured in this run is left out.
 */
export function goalLines(m: Measured): string[] {
  const lines: string[] = [];
  const goal = (ok: boolean, text: string, figure: string) => {
    lines.push(`- ${ok ? "**met**" : "**not met**"}: ${text} — ${figure}`);
  };
  const rps = (subject: string, mode: string) => medianOf(m.servers, subject, mode, (s) => s.rps);
  const cpu = (subject: string, mode: string) => medianOf(m.servers, subject, mode, (s) => s.cpuUsPerReq);
  const x = (n: number) => `${n.toFixed(2)}×`;
  // The runtime's floor (bench/servers/floor.ts: fixed bytes, no HTTP), when it was measured:
  // the same figure for it tells whether a goal is within reach of any server on that API.
  const FLOOR: Record<string, string> = {
    "http10-deno": "floor-deno",
    "http10-bun": "floor-bun",
    "http10-client-deno": "floor-client-deno",
    "http10-client-bun": "floor-client-bun",
  };
  const floor = (ours: string, figure: (subject: string) => number, format: (n: number) => string) => {
    const f = figure(FLOOR[ours]);
    return Number.isFinite(f) ? ` (the runtime's floor: ${format(f)})` : "";
  };

  for (
    const [ours, native, name] of [["http10-deno", "deno-serve", "Deno.serve"], [
      "http10-bun",
      "bun-serve",
      "Bun.serve",
    ]]
  ) {
    const closeRatio = (subject: string) => rps(subject, MODES.close) / rps(native, MODES.close);
    const r = closeRatio(ours);
    if (Number.isFinite(r)) {
      goal(r >= 1, `one connection per request, req/s ≥ 1.0× ${name}`, x(r) + floor(ours, closeRatio, x));
    }
    const c = [cpu(ours, MODES.close), cpu(native, MODES.close)];
    if (c.every(Number.isFinite)) {
      goal(
        c[0] <= c[1],
        `one connection per request, CPU per request ≤ ${name}'s`,
        `${c[0].toFixed(1)} vs ${c[1].toFixed(1)} µs` +
          floor(ours, (s) => cpu(s, MODES.close), (n) => `${n.toFixed(1)} µs`),
      );
    }
  }
  const kaRatio = (native: string) => (subject: string) => rps(subject, MODES.keepAlive) / rps(native, MODES.keepAlive);
  const denoKa = kaRatio("deno-serve")("http10-deno");
  if (Number.isFinite(denoKa)) {
    goal(
      denoKa >= 0.95,
      "HTTP/1.0 keep-alive on Deno ≥ 0.95× Deno.serve",
      x(denoKa) + floor("http10-deno", kaRatio("deno-serve"), x),
    );
  }
  for (const [ours, name] of [["http10-deno", "Deno"], ["http10-bun", "Bun"]]) {
    const r = kaRatio("nginx")(ours);
    if (Number.isFinite(r)) {
      goal(r >= 1, `HTTP/1.0 keep-alive on ${name} ≥ nginx with one worker`, x(r) + floor(ours, kaRatio("nginx"), x));
    }
  }
  const bunKa = kaRatio("bun-serve")("http10-bun");
  if (Number.isFinite(bunKa)) {
    goal(
      bunKa >= 3,
      "HTTP/1.0 keep-alive on Bun several times (≥ 3×) Bun.serve",
      x(bunKa) + floor("http10-bun", kaRatio("bun-serve"), x),
    );
  }

  for (const report of m.micro) {
    const group = report.groups.find((g) => g.name.startsWith("parse request: browser GET ("));
    const task = group?.tasks.find((t) => t.name.startsWith("http10"));
    if (task) {
      goal(task.ratio <= 1.5, `parsing the shared request on ${report.runtime} ≤ 1.5× the lower bound`, x(task.ratio));
    }
  }

  const crps = (subject: string, mode: string) => medianOf(m.clients, subject, mode, (s) => s.rps);
  for (
    const [ours, fetch, name] of [["http10-client-deno", "fetch-deno", "Deno"], [
      "http10-client-bun",
      "fetch-bun",
      "Bun",
    ]]
  ) {
    const vsFetch = (subject: string) =>
      crps(subject, MODES.clientConcurrentKeepAlive) / crps(fetch, MODES.clientConcurrentKeepAlive);
    const ka = vsFetch(ours);
    if (Number.isFinite(ka)) {
      goal(ka >= 2, `client keep-alive, 16 concurrent, on ${name} ≥ 2× its fetch`, x(ka) + floor(ours, vsFetch, x));
    }
    for (const mode of [MODES.clientSequentialClose, MODES.clientConcurrentClose]) {
      const vsAb = (subject: string) => crps(subject, mode) / crps("ab", mode);
      const r = vsAb(ours);
      if (Number.isFinite(r)) {
        goal(r >= 1, `client, one connection per request (${mode}), on ${name} ≥ ab`, x(r) + floor(ours, vsAb, x));
      }
    }
  }

  for (
    const [ours, native, name] of [["http10-deno", "deno-serve", "Deno.serve"], [
      "http10-bun",
      "bun-serve",
      "Bun.serve",
    ]]
  ) {
    const a = peakRss(m.servers, ours);
    const b = peakRss(m.servers, native);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      goal(
        a <= b,
        `peak RSS at 32 concurrent connections ≤ ${name}'s`,
        `${(a / 1024).toFixed(1)} vs ${(b / 1024).toFixed(1)} MiB` +
          floor(ours, (s) => peakRss(m.servers, s), (n) => `${(n / 1024).toFixed(1)} MiB`),
      );
    }
  }
  for (
    const [ours, native, name] of [["http10-deno", "deno-serve", "Deno.serve"], [
      "http10-bun",
      "bun-serve",
      "Bun.serve",
    ]]
  ) {
    const a = m.idle.find((i) => i.id === ours)?.kibPerConn;
    const b = m.idle.find((i) => i.id === native)?.kibPerConn;
    if (a !== undefined && b !== undefined) {
      goal(
        a <= b,
        `memory per idle kept-alive connection (RSS growth, reader buffer included) ≤ ${name}'s`,
        `${a.toFixed(1)} vs ${b.toFixed(1)} KiB`,
      );
    }
  }

  // Issue 11: the JavaScript per request, one connection per request within 1.1× the
  // native server's CPU, peak RSS within 1.3× the native server's.
  for (const r of m.perRequest ?? []) {
    const name = r.runtime === "deno" ? "Deno" : "Bun";
    if (r.jsThreadUser !== undefined && Number.isFinite(r.jsThreadUser)) {
      const extra = r.inMemory !== undefined ? `; on in-memory connections ${r.inMemory.toFixed(2)} µs` : "";
      goal(
        r.jsThreadUser <= 2.5,
        `user CPU per keep-alive request (JavaScript thread, ab -k -c32) ≤ 2.5 µs on ${name}`,
        `${r.jsThreadUser.toFixed(2)} µs${extra}`,
      );
    }
  }
  for (
    const [ours, native, name] of [["http10-deno", "deno-serve", "Deno.serve"], [
      "http10-bun",
      "bun-serve",
      "Bun.serve",
    ]]
  ) {
    const c = [cpu(ours, MODES.close), cpu(native, MODES.close)];
    if (c.every(Number.isFinite)) {
      goal(
        c[0] <= 1.1 * c[1],
        `one connection per request, server CPU per request ≤ 1.1× ${name}'s`,
        `${x(c[0] / c[1])} (${c[0].toFixed(1)} vs ${c[1].toFixed(1)} µs)`,
      );
    }
    const a = peakRss(m.servers, ours);
    const b = peakRss(m.servers, native);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      goal(
        a <= 1.3 * b,
        `peak RSS at 32 concurrent connections ≤ 1.3× ${name}'s`,
        `${x(a / b)} (${(a / 1024).toFixed(1)} vs ${(b / 1024).toFixed(1)} MiB)`,
      );
    }
  }
  return lines;
}
