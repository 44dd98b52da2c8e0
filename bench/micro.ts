/**
 * Micro-benchmarks of the codec and the buffered reader, with tinybench, on Deno or Bun:
 *
 *     deno run -A bench/micro.ts [--json out.json] [--time ms] [--only "parse request"]
 *     bun bench/micro.ts [--json out.json] [--time ms] [--only "parse request"]
 *
 * Every group measures one job three ways: a lower bound (find CRLFCRLF with `indexOf` and
 * slice the first line: what any parser must at least do), http10, and a peer (the npm
 * package http-parser-js, Node's former JavaScript parser). Each timed call repeats the job
 * `batch` times, so that sub-microsecond jobs stay well above the timer's resolution; the
 * report divides by `batch`. Each group runs three rounds and keeps each job's best median:
 * on a shared machine, other work only ever makes a round slower. Setup happens outside
 * the timed functions.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import { writeFileSync } from "node:fs";
import { Bench } from "tinybench";
import parserPackage from "http-parser-js";
import { parseRequestHead } from "../src/http10/parse_request.ts";
import { parseResponseHead } from "../src/http10/parse_response.ts";
import { serializeResponseHead, serializeResponseHeadInto } from "../src/http10/serialize.ts";
import { BufReader } from "../src/transport/buf_reader.ts";
import { BufferPool } from "../src/transport/buffer_pool.ts";
import { BROWSER_GET, chunks, COOKIE_GET, HELLO_FIELDS, NGINX_RESPONSE, TINY_GET } from "./_samples.ts";
import { type MicroGroup, type MicroReport, microTable } from "./harness.ts";

// deno-lint-ignore no-explicit-any
const { HTTPParser } = parserPackage as any;

const CR = 13;
const LF = 10;
const CRLFCRLF = new Uint8Array([CR, LF, CR, LF]);
const ascii = new TextDecoder();
const encoder = new TextEncoder();

/** Whatever a task computes goes here, so that no engine can drop the work as dead code. */
let sink: unknown;

/** Where CRLFCRLF starts in `buf[from, end)`, or -1: `indexOf` for CR, then three compares. */
function findEnd(buf: Uint8Array, from: number, end: number): number {
  for (let i = buf.indexOf(CR, from); i >= 0 && i + 3 < end; i = buf.indexOf(CR, i + 1)) {
    if (buf[i + 1] === LF && buf[i + 2] === CR && buf[i + 3] === LF) return i;
  }
  return -1;
}

/** The lower bound of parsing a head: find its end, decode its first line. */
function lowerBound(buf: Uint8Array): string {
  const end = findEnd(buf, 0, buf.length);
  if (end < 0) throw new Error("no head");
  return ascii.decode(buf.subarray(0, buf.indexOf(CR)));
}

/** An http-parser-js parser whose head callback stores the head in `sink`. */
function peerParser(kind: "REQUEST" | "RESPONSE") {
  const parser = new HTTPParser(HTTPParser[kind]);
  const onHead = (info: unknown) => {
    sink = info;
  };
  return {
    parse(buf: Buffer, start = 0, length = buf.length): void {
      parser.initialize(HTTPParser[kind]);
      parser[HTTPParser.kOnHeadersComplete] = onHead;
      parser.execute(buf, start, length);
    },
    /** Feeds one more piece to the same message (no reset). */
    feed(buf: Buffer): void {
      parser.execute(buf, 0, buf.length);
    },
    reset(): void {
      parser.initialize(HTTPParser[kind]);
      parser[HTTPParser.kOnHeadersComplete] = onHead;
    },
  };
}

/** A read source that hands out `pieces` one per read, as a slow peer's packets arrive. */
class PieceSource {
  #i = 0;
  constructor(readonly pieces: Uint8Array[]) {}
  reset(): void {
    this.#i = 0;
  }
  read(p: Uint8Array): Promise<number | null> {
    const piece = this.pieces[this.#i++];
    if (piece === undefined) return Promise.resolve(null);
    p.set(piece);
    return Promise.resolve(piece.length);
  }
  /** The next piece itself (what Node's socket would hand its parser). */
  next(): Promise<Uint8Array | null> {
    return Promise.resolve(this.pieces[this.#i++] ?? null);
  }
}

interface Job {
  name: string;
  fn: () => unknown;
}

interface GroupSpec {
  name: string;
  /** How many times each timed call repeats the job. */
  batch: number;
  jobs: Job[];
}

function sync(batch: number, name: string, job: () => unknown): Job {
  return {
    name,
    fn: () => {
      for (let i = 0; i < batch; i++) sink = job();
    },
  };
}

function async(batch: number, name: string, job: () => Promise<unknown>): Job {
  return {
    name,
    fn: async () => {
      for (let i = 0; i < batch; i++) sink = await job();
    },
  };
}

const requestOptions = { allowBareLf: true };

function parseGroup(label: string, bytes: Uint8Array, batch: number): GroupSpec {
  const buf = Buffer.from(bytes);
  const peer = peerParser("REQUEST");
  return {
    name: `parse request: ${label} (${bytes.length} B)`,
    batch,
    jobs: [
      sync(batch, "lower bound", () => lowerBound(bytes)),
      sync(batch, "http10 parseRequestHead", () => parseRequestHead(bytes, 0, bytes.length, requestOptions)),
      sync(batch, "http-parser-js", () => peer.parse(buf)),
    ],
  };
}

function serializeGroup(batch: number): GroupSpec {
  // The lower bound starts from the finished text: encoding it is the one step no serializer avoids.
  const text = `HTTP/1.0 200 OK\r\n${HELLO_FIELDS.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
  const target = new Uint8Array(4096);
  return {
    name: `serialize response head (${encoder.encode(text).length} B)`,
    batch,
    jobs: [
      sync(batch, "lower bound (encode the finished text)", () => encoder.encode(text)),
      sync(batch, "http10 serializeResponseHead", () => serializeResponseHead(200, HELLO_FIELDS, "OK")),
      sync(
        batch,
        "http10 serializeResponseHeadInto (reused buffer)",
        () => serializeResponseHeadInto(target, 200, HELLO_FIELDS, "OK"),
      ),
      sync(batch, "template string, no checks", () => {
        let s = "HTTP/1.0 200 OK\r\n";
        for (const [n, v] of HELLO_FIELDS) s += `${n}: ${v}\r\n`;
        return encoder.encode(s + "\r\n");
      }),
    ],
  };
}

function readUntilGroup(size: number, batch: number): GroupSpec {
  const pieces = chunks(BROWSER_GET, size);
  const source = new PieceSource(pieces);
  const peerSource = new PieceSource(pieces.map((p) => Buffer.from(p)));
  const pool = new BufferPool();
  const peer = peerParser("REQUEST");
  return {
    name: `read a head arriving in ${size}-byte chunks (${pieces.length} reads)`,
    batch,
    jobs: [
      async(batch, "lower bound (append, indexOf)", async () => {
        source.reset();
        const buf = pool.get(4096);
        let w = 0;
        let end = -1;
        while (end < 0) {
          const n = await source.read(buf.subarray(w));
          if (n === null) throw new Error("no head");
          end = findEnd(buf, Math.max(0, w - 3), w + n);
          w += n;
        }
        const line = ascii.decode(buf.subarray(0, buf.indexOf(CR)));
        pool.put(buf);
        return line;
      }),
      async(batch, "http10 BufReader.readUntil", async () => {
        source.reset();
        const reader = new BufReader(source, { pool });
        const head = await reader.readUntil(CRLFCRLF, 16384);
        reader.release();
        return head;
      }),
      async(batch, "http-parser-js, fed each chunk", async () => {
        peerSource.reset();
        peer.reset();
        sink = undefined;
        while (sink === undefined) {
          const piece = await peerSource.next();
          if (piece === null) throw new Error("no head");
          peer.feed(piece as Buffer);
        }
        return sink;
      }),
    ],
  };
}

function responseGroup(batch: number): GroupSpec {
  const buf = Buffer.from(NGINX_RESPONSE);
  const peer = peerParser("RESPONSE");
  return {
    name: `parse response head: nginx (${NGINX_RESPONSE.length} B)`,
    batch,
    jobs: [
      sync(batch, "lower bound", () => lowerBound(NGINX_RESPONSE)),
      sync(batch, "http10 parseResponseHead", () => parseResponseHead(NGINX_RESPONSE)),
      sync(batch, "http-parser-js", () => peer.parse(buf)),
    ],
  };
}

/** Every group, in report order. */
export function groups(): GroupSpec[] {
  return [
    parseGroup("browser GET", BROWSER_GET, 100),
    parseGroup("tiny GET", TINY_GET, 200),
    parseGroup("browser GET, 4 KiB cookie", COOKIE_GET, 20),
    serializeGroup(100),
    readUntilGroup(32, 20),
    responseGroup(100),
  ];
}

/** Rounds per group: the machine's other work shows up as slow rounds, and the best is kept. */
const ROUNDS = 3;

/**
 * Runs every group (or those whose name includes `only`), `ROUNDS` times for `time` ms per
 * job in all, and keeps each job's best round (of the median call).
 */
export async function runMicro(time: number, only = ""): Promise<MicroReport> {
  const out: MicroGroup[] = [];
  for (const spec of groups().filter((g) => g.name.includes(only))) {
    const best = spec.jobs.map((job) => ({ name: job.name, nsPerOp: Infinity, rme: 0 }));
    for (let round = 0; round < ROUNDS; round++) {
      const roundTime = time / ROUNDS;
      const bench = new Bench({
        time: roundTime,
        warmupTime: Math.min(300, roundTime / 2),
        timestampProvider: "hrtimeNow",
      });
      for (const job of spec.jobs) bench.add(job.name, job.fn);
      await bench.run();
      bench.tasks.forEach((task, i) => {
        const r = task.result as { state?: string; latency?: { p50: number; rme: number }; error?: unknown };
        if (r.latency === undefined) throw new Error(`${spec.name} / ${task.name} failed: ${r.error ?? r.state}`);
        // latency is in ms per call of `batch` jobs.
        const nsPerOp = (r.latency.p50 * 1e6) / spec.batch;
        if (nsPerOp < best[i].nsPerOp) best[i] = { name: task.name, nsPerOp, rme: r.latency.rme };
      });
    }
    const base = best[0].nsPerOp;
    out.push({
      name: spec.name,
      batch: spec.batch,
      tasks: best.map((row) => ({ ...row, ratio: row.nsPerOp / base })),
    });
  }
  return { runtime: runtimeName(), version: runtimeVersion(), date: new Date().toISOString(), groups: out };
}

function runtimeName(): "deno" | "bun" {
  return "Bun" in globalThis ? "bun" : "deno";
}

function runtimeVersion(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  return g.Bun?.version ?? g.Deno?.version.deno ?? "?";
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const report = await runMicro(Number(flag("--time") ?? 1000), flag("--only"));
  console.log(microTable([report]));
  const json = flag("--json");
  if (json !== undefined) writeFileSync(json, JSON.stringify(report, null, 2) + "\n");
}
