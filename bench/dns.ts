/**
 * DNS lookups against dnsmasq on loopback: http10's own resolver (`queryDns`, and
 * `getaddrinfo` with `resolver: "dns"`) against `node:dns` `Resolver.resolve4` with
 * `setServers`, asking the same server for the same number of distinct names, one at a
 * time and 32 at once.
 *
 *     deno run -A bench/dns.ts          # or: bun bench/dns.ts
 *     deno run -A bench/dns.ts --json   # one JSON line, for bench/compare.ts
 *     deno run -A bench/dns.ts --count 1000 --concurrency 32 --rounds 3
 *
 * dnsmasq (Debian package dnsmasq-base) is started on 127.0.0.1 at a free port with a
 * wildcard record (`address=/bench.test/192.0.2.1`), so every name is distinct and every
 * answer comes from the same local data, and stopped by its pid at the end. Each figure is
 * the best of `--rounds` rounds (other work on the machine only makes a round slower);
 * the ratio is http10's lookups per second over node:dns's, same runtime, same run.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Resolver } from "node:dns";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { getaddrinfo, queryDns } from "../src/resolve/mod.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? Number(argv[i + 1]) : fallback;
};
const COUNT = option("--count", 1000);
const CONCURRENCY = option("--concurrency", 32);
const ROUNDS = option("--rounds", 3);
const RUNTIME = "Bun" in globalThis ? "bun" : "deno";

/** One subject's result: lookups per second, best round, sequential and concurrent. */
export interface DnsBenchLine {
  runtime: string;
  subject: string;
  sequential: number;
  concurrent: number;
}

async function freePort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function startDnsmasq(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const conf = join(dir, "dnsmasq.conf");
  writeFileSync(conf, "local=/bench.test/\naddress=/bench.test/192.0.2.1\n");
  const port = await freePort();
  const args = ["--no-daemon", "--no-resolv", "--no-hosts", "--pid-file=", `--port=${port}`];
  args.push("--listen-address=127.0.0.1", "--bind-interfaces", `--conf-file=${conf}`);
  if (process.getuid?.() === 0) args.push("--user=root");
  const child = spawn("dnsmasq", args, { stdio: "ignore" });
  // Ready once it answers: ask with node:dns until it does (at most 5 s).
  const resolver = new Resolver({ timeout: 100, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  for (let i = 0; i < 50; i++) {
    try {
      await new Promise((resolve, reject) =>
        resolver.resolve4("ready.bench.test", (e, a) => (e ? reject(e) : resolve(a)))
      );
      return { child, port };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill("SIGKILL");
  throw new Error("dnsmasq did not start");
}

/** Runs `lookup` for `COUNT` distinct names with `workers` at a time; returns lookups per second. */
async function run(lookup: (name: string) => Promise<unknown>, tag: string, workers: number): Promise<number> {
  let next = 0;
  const began = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < COUNT) await lookup(`n${next++}.${tag}.bench.test`);
  }));
  return COUNT / ((performance.now() - began) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "http10-bench-dns-"));
  const { child, port } = await startDnsmasq(dir);
  const server = `127.0.0.1:${port}`;
  // A resolv.conf of our own: the machine's search list or options must not change the figures.
  const resolvConfPath = join(dir, "resolv.conf");
  writeFileSync(resolvConfPath, `nameserver 127.0.0.1\noptions timeout:2 attempts:2\n`);
  const hostsPath = join(dir, "hosts");
  writeFileSync(hostsPath, "127.0.0.1 localhost\n");
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([server]);

  const subjects: [string, (name: string) => Promise<unknown>][] = [
    [
      "node:dns Resolver.resolve4",
      (name) => new Promise((resolve, reject) => resolver.resolve4(name, (e, a) => (e ? reject(e) : resolve(a)))),
    ],
    ["http10 queryDns(A)", (name) => queryDns(name, "A", { nameservers: [server], resolvConfPath })],
    [
      "http10 getaddrinfo(resolver dns, family 4)",
      (name) => getaddrinfo(name, 80, { family: 4, resolver: "dns", nameservers: [server], resolvConfPath, hostsPath }),
    ],
  ];
  const lines: DnsBenchLine[] = subjects.map(([subject]) => ({
    runtime: RUNTIME,
    subject,
    sequential: 0,
    concurrent: 0,
  }));
  try {
    // Warm-up: JIT and first-use imports, then rounds with the subjects interleaved.
    for (const [, lookup] of subjects) for (let i = 0; i < 100; i++) await lookup(`warm${i}.bench.test`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, lookup]] of subjects.entries()) {
        const tag = `r${round}s${i}`;
        lines[i].sequential = Math.max(lines[i].sequential, await run(lookup, `${tag}q`, 1));
        lines[i].concurrent = Math.max(lines[i].concurrent, await run(lookup, `${tag}c`, CONCURRENCY));
      }
    }
  } finally {
    process.kill(child.pid!, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  if (argv.includes("--json")) {
    console.log(JSON.stringify(lines));
    return;
  }
  const base = lines[0];
  console.log(`${COUNT} distinct names against dnsmasq on loopback, ${RUNTIME}, best of ${ROUNDS} rounds (lookups/s)`);
  console.log(`| subject | sequential | × node:dns | ${CONCURRENCY} at once | × node:dns |`);
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const l of lines) {
    console.log(
      `| ${l.subject} | ${Math.round(l.sequential)} | ${(l.sequential / base.sequential).toFixed(2)} | ` +
        `${Math.round(l.concurrent)} | ${(l.concurrent / base.concurrent).toFixed(2)} |`,
    );
  }
}

await main();
