/**
 * The benchmark harness's pure parts (bench/harness.ts): statistics, reading ab, wrk and
 * /proc, the tables, the chart and the goal lines. Timing never decides a test here: the
 * inputs are fixed texts and numbers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  barChart,
  goalLines,
  type LoadResult,
  type LoadSample,
  loadTable,
  median,
  medianRps,
  type MicroReport,
  microTable,
  MODES,
  parseAb,
  parseProcStat,
  parseVmRss,
  parseWrk,
  RESULTS_DIR,
  resultsDir,
  SCRATCH_DIR,
  sectionsOf,
  spread,
} from "../../bench/harness.ts";

const AB_OUTPUT = `This is ApacheBench, Version 2.3 <$Revision: 1903618 $>
Server Software:        nginx/1.22.1
Document Length:        13 bytes

Concurrency Level:      32
Time taken for tests:   0.176 seconds
Complete requests:      20000
Failed requests:        3
   (Connect: 0, Receive: 0, Length: 3, Exceptions: 0)
Non-2xx responses:      2
Keep-Alive requests:    20000
Requests per second:    113636.36 [#/sec] (mean)
Time per request:       0.282 [ms] (mean)
`;

const WRK_OUTPUT = `Running 3s test @ http://127.0.0.1:8080/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   250.00us  100.00us   2.00ms   90.00%
  360000 requests in 3.00s, 55.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec: 120000.00
Transfer/sec:     18.33MB
`;

function sample(rps: number, extra: Partial<LoadSample> = {}): LoadSample {
  return { rps, completed: 1000, failed: 0, cpuUsPerReq: 10, peakRssKiB: 10240, ...extra };
}

function result(subject: string, mode: string, rps: number[], extra: Partial<LoadResult> = {}): LoadResult {
  return { subject, label: subject, mode, native: subject, ours: false, samples: rps.map((r) => sample(r)), ...extra };
}

test("median() takes the middle value, or the mean of the middle two", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.ok(Number.isNaN(median([])));
});

test("spread() gives median, min and max without reordering its input", () => {
  const values = [30, 10, 20];
  assert.deepEqual(spread(values), { median: 20, min: 10, max: 30 });
  assert.deepEqual(values, [30, 10, 20]);
});

test("parseAb() reads requests/s, completed, and counts non-2xx answers as failures", () => {
  assert.deepEqual(parseAb(AB_OUTPUT), { rps: 113636.36, completed: 20000, failed: 5 });
});

test("parseAb() throws with ab's output when there is no result line", () => {
  assert.throws(() => parseAb("apr_socket_recv: Connection refused (111)"), /ab printed no result/);
});

test("parseWrk() reads requests/s, completed, and counts socket errors and non-2xx answers as failures", () => {
  assert.deepEqual(parseWrk(WRK_OUTPUT), { rps: 120000, completed: 360000, failed: 7 });
  assert.throws(() => parseWrk("unable to connect to 127.0.0.1:1"), /wrk printed no result/);
});

test("parseProcStat() finds ppid, user + system ticks and start time after a command name with spaces", () => {
  const fields = [
    "S",
    "41",
    ...Array(9).fill("0"),
    "250",
    "50",
    ...Array(6).fill("0"),
    "98765",
    ...Array(20).fill("0"),
  ];
  const line = `4242 (deno (main) x) ${fields.join(" ")}\n`;
  assert.deepEqual(parseProcStat(line), { ppid: 41, ticks: 300, start: 98765 });
});

test("parseVmRss() reads VmRSS in KiB, and 0 when the line is missing", () => {
  assert.equal(parseVmRss("Name:\tdeno\nVmHWM:\t  90000 kB\nVmRSS:\t   81234 kB\n"), 81234);
  assert.equal(parseVmRss("Name:\tzombie\nState:\tZ (zombie)\n"), 0);
});

test("medianRps() finds a subject's median in one mode, NaN when it was not measured", () => {
  const results = [result("a", "m", [1, 5, 3])];
  assert.equal(medianRps(results, "a", "m"), 3);
  assert.ok(Number.isNaN(medianRps(results, "a", "other")));
});

test("microTable() puts runtimes side by side with ns per job and the ratio to the lower bound", () => {
  const report = (runtime: string, ns: number): MicroReport => ({
    runtime,
    version: "1",
    date: "2026-01-01",
    groups: [{
      name: "parse",
      batch: 10,
      tasks: [{ name: "lower bound", nsPerOp: 100, rme: 1, ratio: 1 }, {
        name: "http10",
        nsPerOp: ns,
        rme: 1,
        ratio: ns / 100,
      }],
    }],
  });
  const table = microTable([report("deno", 150), report("bun", 1234.4)]);
  const lines = table.split("\n");
  assert.equal(lines[0], "| Group | Job | deno ns/op | deno × lower bound | bun ns/op | bun × lower bound |");
  assert.equal(lines[3], "|  | http10 | 150 | 1.50× | 1,234 | 12.34× |");
});

test("loadTable() gives the median and range, the ratios to the native peer and the reference, failures, CPU and RSS", () => {
  const results: LoadResult[] = [
    { ...result("ours", "close", [80, 100, 90]), native: "native", ours: true },
    result("native", "close", [200, 200, 200]),
    result("nginx", "close", [100, 100, 100]),
  ];
  results[0].samples[1].failed = 2;
  const table = loadTable(results, "nginx");
  const row = table.split("\n").find((l) => l.startsWith("| ours |"));
  assert.equal(row, "| ours | close | 90 | 80–100 | 0.45× | 0.90× | 2 | 10.0 | 10.0 |");
  assert.ok(table.split("\n")[0].includes("× nginx"));
});

test("sectionsOf() makes one chart section per mode, in order, with highlighted bars for http10", () => {
  const results = [
    { ...result("ours", "close", [1, 2, 3]), ours: true },
    result("peer", "close", [4]),
    result("ours", "keep-alive", [5]),
  ];
  const sections = sectionsOf(results);
  assert.deepEqual(sections.map((s) => s.title), ["close", "keep-alive"]);
  assert.deepEqual(sections[0].bars[0], { label: "ours", median: 2, min: 1, max: 3, highlight: true });
  assert.equal(sections[0].bars[1].highlight, false);
});

test("barChart() writes a standalone SVG with one bar and one whisker per subject, labels escaped", () => {
  const svg = barChart("Servers <loopback>", "req/s", [
    { title: "close", bars: [{ label: "a & b", median: 50, min: 40, max: 60, highlight: true }] },
    { title: "keep-alive", bars: [{ label: "c", median: 10, min: 10, max: 10, highlight: false }] },
  ]);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.equal(svg.match(/<rect /g)?.length, 3, "background and two bars");
  assert.equal(svg.match(/<line /g)?.length, 2, "two whiskers");
  assert.ok(svg.includes("Servers &lt;loopback&gt;"));
  assert.ok(svg.includes(">a &amp; b</text>"));
  assert.ok(!svg.includes("NaN"));
});

test("goalLines() says met or not met, with the figure, and leaves out what was not measured", () => {
  const servers: LoadResult[] = [
    result("http10-deno", MODES.close, [120]),
    result("deno-serve", MODES.close, [100]),
    result("http10-deno", MODES.keepAlive, [90]),
    result("deno-serve", MODES.keepAlive, [100]),
  ];
  const lines = goalLines({ micro: [], servers, clients: [], idle: [] });
  assert.ok(lines.includes("- **met**: one connection per request, req/s ≥ 1.0× Deno.serve — 1.20×"));
  assert.ok(lines.includes("- **not met**: HTTP/1.0 keep-alive on Deno ≥ 0.95× Deno.serve — 0.90×"));
  assert.ok(!lines.some((l) => l.includes("Bun")), "nothing about Bun, which was not measured");
});

test("goalLines() gives the runtime's floor beside a server goal when the floor was measured", () => {
  const servers: LoadResult[] = [
    result("http10-deno", MODES.keepAlive, [60]),
    result("deno-serve", MODES.keepAlive, [100]),
    result("floor-deno", MODES.keepAlive, [99]),
  ];
  const lines = goalLines({ micro: [], servers, clients: [], idle: [] });
  assert.ok(
    lines.includes(
      "- **not met**: HTTP/1.0 keep-alive on Deno ≥ 0.95× Deno.serve — 0.60× (the runtime's floor: 0.99×)",
    ),
    lines.join("\n"),
  );
});

test("goalLines() gives the per-request CPU goals and the 1.1× and 1.3× bounds against the native server", () => {
  const servers: LoadResult[] = [
    {
      ...result("http10-bun", MODES.close, [100]),
      samples: [{ ...sample(100), cpuUsPerReq: 33, peakRssKiB: 52 * 1024 }],
    },
    {
      ...result("bun-serve", MODES.close, [100]),
      samples: [{ ...sample(100), cpuUsPerReq: 30, peakRssKiB: 40 * 1024 }],
    },
  ];
  const lines = goalLines({
    micro: [],
    servers,
    clients: [],
    idle: [],
    perRequest: [{ runtime: "bun", jsThreadUser: 3 }],
  });
  assert.ok(
    lines.includes(
      "- **not met**: user CPU per keep-alive request (JavaScript thread, ab -k -c32) ≤ 2.5 µs on Bun — 3.00 µs",
    ),
  );
  assert.ok(
    lines.includes(
      "- **met**: one connection per request, server CPU per request ≤ 1.1× Bun.serve's — 1.10× (33.0 vs 30.0 µs)",
    ),
  );
  assert.ok(
    lines.includes("- **met**: peak RSS at 32 concurrent connections ≤ 1.3× Bun.serve's — 1.30× (52.0 vs 40.0 MiB)"),
  );
});

test("resultsDir() keeps the committed results for a full run and sends a smoke or partial run to scratch", () => {
  assert.equal(resultsDir([]), RESULTS_DIR);
  assert.equal(resultsDir(["--repeats", "5"]), RESULTS_DIR);
  assert.equal(resultsDir(["--quick"]), SCRATCH_DIR);
  assert.equal(resultsDir(["--only", "servers"]), SCRATCH_DIR);
  assert.equal(resultsDir(["--subjects", "http10-deno,deno-serve"]), SCRATCH_DIR);
  assert.notEqual(SCRATCH_DIR, RESULTS_DIR);
});

test("resultsDir() writes the committed results when asked, and --out wins over both", () => {
  assert.equal(resultsDir(["--quick", "--update-results"]), RESULTS_DIR);
  assert.equal(resultsDir(["--only", "micro", "--update-results"]), RESULTS_DIR);
  assert.equal(resultsDir(["--quick", "--out", "/tmp/bench"]), "/tmp/bench");
  assert.equal(resultsDir(["--update-results", "--out", "elsewhere"]), "elsewhere");
});
