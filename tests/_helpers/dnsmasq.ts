/**
 * dnsmasq as a real DNS server for the resolver's tests: started on 127.0.0.1 at a free
 * high port with a configuration the test writes, stopped by its pid.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running dnsmasq. */
export interface Dnsmasq {
  /** The UDP and TCP port it answers on, at 127.0.0.1. */
  port: number;
  /** "127.0.0.1:PORT", as `nameservers` takes it. */
  server: string;
  /** A folder for the test's own files (hosts, resolv.conf), removed by `stop()`. */
  dir: string;
  /** Stops dnsmasq (SIGTERM to its pid) and removes `dir`. */
  stop(): Promise<void>;
}

/** A free UDP port on 127.0.0.1, as the kernel picks one (dnsmasq then takes it for UDP and TCP). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Resolves once a query for `probe` gets any answer from 127.0.0.1:`port`, or rejects after `ms`. */
function answered(port: number, probe: string, child: ChildProcess, ms = 10_000): Promise<void> {
  const labels = probe.split(".").flatMap((l) => [l.length, ...new TextEncoder().encode(l)]);
  const query = Uint8Array.from([0x42, 0x42, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const started = Date.now();
    const done = (err?: Error) => {
      clearInterval(timer);
      child.off("exit", onExit);
      socket.close();
      if (err) reject(err);
      else resolve();
    };
    const onExit = (code: number | null) => done(new Error(`dnsmasq exited with ${code} before answering`));
    child.once("exit", onExit);
    socket.on("message", () => done());
    // Before dnsmasq has bound, a probe may come back as an ICMP "port unreachable", which
    // Bun reports as a socket error: ignore it and ask again.
    socket.on("error", () => {});
    // Asks every 50 ms until dnsmasq has bound its port: readiness is the answer, not a delay.
    const timer = setInterval(() => {
      if (Date.now() - started > ms) return done(new Error(`dnsmasq did not answer on port ${port}`));
      socket.send(query, port, "127.0.0.1");
    }, 50);
    socket.send(query, port, "127.0.0.1");
  });
}

/**
 * Starts dnsmasq with `config` (lines of dnsmasq.conf(5)) and no upstream, no /etc/hosts and
 * no /etc/resolv.conf, answering only for what `config` says. `probe` is a name it knows,
 * asked until it answers.
 */
export async function startDnsmasq(config: string[], probe: string): Promise<Dnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), "http10-dnsmasq-"));
  const conf = join(dir, "dnsmasq.conf");
  writeFileSync(conf, config.join("\n") + "\n");
  let lastError: unknown;
  // Another process may take the port between our probe and dnsmasq's bind: try again then.
  for (let tries = 0; tries < 5; tries++) {
    const port = await freeUdpPort();
    const args = [
      "--no-daemon",
      "--no-resolv",
      "--no-hosts",
      "--pid-file=",
      `--port=${port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      `--conf-file=${conf}`,
    ];
    // Run as root, dnsmasq drops to "nobody" unless told to stay; the test's files are private to us.
    if (process.getuid?.() === 0) args.push("--user=root");
    const child = spawn("dnsmasq", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (c) => (stderr += c));
    try {
      await answered(port, probe, child);
    } catch (err) {
      child.kill("SIGKILL");
      lastError = new Error(`${(err as Error).message}: ${stderr.trim()}`);
      continue;
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    return {
      port,
      server: `127.0.0.1:${port}`,
      dir,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(child.pid!, "SIGTERM");
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
