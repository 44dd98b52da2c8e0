/**
 * A TCP echo server: every byte a client sends comes straight back to it. The twin of
 * CS:APP's echoserveri.c, except that it serves many clients at once: where the classic
 * forks a child process per client (echoserverp.c), this one gives each connection its own
 * async task, so a slow client never holds up the others.
 *
 *     deno run --allow-net examples/echo_server.ts 5000
 *     bun examples/echo_server.ts 5000
 *
 * Then, from two terminals at once: `nc 127.0.0.1 5000` (or `telnet 127.0.0.1 5000`).
 *
 * Options: --host H listens on another address than 0.0.0.0 (a host name needs
 * `--allow-read --allow-sys` on Deno too). PORT 0 picks a free port; the first line printed
 * says which. Stops on Ctrl-C (SIGINT) or SIGTERM. Exits 0 when stopped, 1 if it cannot
 * listen, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { listen } from "../src/net/mod.ts";
import { type Conn, type Listener, SocketClosedError, writeAll } from "../src/transport/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort, stopSignal } from "./_cli.ts";

const USAGE = "usage: echo_server [--host H] PORT\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, { host: { type: "string" } });
  if (typeof line === "string") return usage(line);
  if (line.operands.length !== 1) return usage("give one PORT");
  const port = parsePort(line.operands[0]);
  if (port === undefined) return usage(`PORT must be a number 0–65535: ${JSON.stringify(line.operands[0])}`);
  const host = line.text("host") ?? "0.0.0.0";

  let listener: Listener;
  try {
    listener = await listen({ hostname: host, port });
  } catch (err) {
    process.stderr.write(`echo_server: ${errorMessage(err)}\n`);
    return 1;
  }
  // Listen for the stop signals before saying we are ready: one could come right after.
  stopSignal().then((signal) => {
    console.log(`${signal}: stopping`);
    listener.close(); // ends the accept loop below
  });
  console.log(`echo server listening on ${hostPort(listener.addr)}`);

  // The clients being served, each with the task that serves it.
  const clients = new Map<Conn, Promise<void>>();
  try {
    for await (const conn of listener) {
      // No `await` here: the loop goes straight back to accept() while echo() runs.
      clients.set(conn, echo(conn).finally(() => clients.delete(conn)));
    }
  } finally {
    listener.close();
    // Closing a connection makes its pending read() fail, which ends its echo() loop.
    for (const conn of clients.keys()) conn.close();
    await Promise.all(clients.values());
  }
  return 0;
}

/** Sends back whatever `conn` receives until the client closes its side. */
async function echo(conn: Conn): Promise<void> {
  const peer = hostPort(conn.remoteAddr);
  console.log(`connected from ${peer}`);
  const buf = new Uint8Array(8192);
  let echoed = 0;
  let problem = "";
  try {
    // read() returns whatever has arrived so far, which need not be what the client wrote
    // in one go, so we loop until end of file (null): the client closed its side.
    for (let n; (n = await conn.read(buf)) !== null;) {
      // write() may take only part of the bytes; writeAll() loops until all are sent.
      await writeAll(conn, buf.subarray(0, n));
      echoed += n;
    }
  } catch (err) {
    // SocketClosedError means we closed it ourselves, while stopping: nothing to report.
    if (!(err instanceof SocketClosedError)) problem = `; ${errorMessage(err)}`;
  } finally {
    conn.close();
  }
  console.log(`disconnected from ${peer} (${echoed} ${echoed === 1 ? "byte" : "bytes"} echoed${problem})`);
}

function usage(problem: string): number {
  process.stderr.write(`echo_server: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`echo_server: ${errorMessage(err)}\n`);
  return 1;
});
