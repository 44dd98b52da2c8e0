/**
 * A TCP server that answers each line a client sends with the same line in upper case:
 * the upper-case server of network-programming courses, serving many clients at once.
 *
 *     deno run --allow-net examples/upper_tcp_server.ts 5000
 *     bun examples/upper_tcp_server.ts 5000
 *
 * Talk to it with examples/upper_tcp_client.ts, or with `nc 127.0.0.1 5000`.
 *
 * A message is a line: bytes up to and including "\n" (at most 8192 bytes, CS:APP's
 * MAXLINE). TCP does not keep the writes of the client apart — one read can return half
 * a line, or three lines at once — so the server reads with `BufReader.readUntil("\n")`,
 * which reads as often as it takes and keeps the bytes after the newline for the next line.
 *
 * Options: --host H listens on another address than 0.0.0.0 (a host name needs
 * `--allow-read --allow-sys` on Deno too). PORT 0 picks a free port; the first line printed
 * says which. Stops on Ctrl-C (SIGINT) or SIGTERM. Exits 0 when stopped, 1 if it cannot
 * listen, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import {
  BufReader,
  type Conn,
  LimitExceededError,
  type Listener,
  SocketClosedError,
  UnexpectedEofError,
  writeAll,
} from "../src/transport/mod.ts";
import { listen } from "../src/net/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort, stopSignal } from "./_cli.ts";
import { upperCase } from "./_upper_case.ts";

const USAGE = "usage: upper_tcp_server [--host H] PORT\n";
const LF = new Uint8Array([0x0a]);
/** The longest line we take, newline included, as CS:APP's MAXLINE. */
const MAX_LINE = 8192;

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
    process.stderr.write(`upper_tcp_server: ${errorMessage(err)}\n`);
    return 1;
  }
  // Listen for the stop signals before saying we are ready: one could come right after.
  stopSignal().then((signal) => {
    console.log(`${signal}: stopping`);
    listener.close();
  });
  console.log(`upper tcp server listening on ${hostPort(listener.addr)}`);

  const clients = new Map<Conn, Promise<void>>();
  try {
    for await (const conn of listener) {
      // Each client gets its own task; the loop goes straight back to accept().
      clients.set(conn, answer(conn).finally(() => clients.delete(conn)));
    }
  } finally {
    listener.close();
    for (const conn of clients.keys()) conn.close();
    await Promise.all(clients.values());
  }
  return 0;
}

/** Answers each line `conn` sends, in upper case, until the client closes its side. */
async function answer(conn: Conn): Promise<void> {
  const peer = hostPort(conn.remoteAddr);
  console.log(`connected from ${peer}`);
  const reader = new BufReader(conn, { size: MAX_LINE });
  let answered = 0;
  let problem = "";
  try {
    for (let line; (line = await readLine(reader)) !== null;) {
      await writeAll(conn, upperCase(line));
      answered++;
    }
  } catch (err) {
    if (err instanceof LimitExceededError) problem = `; a line was longer than ${MAX_LINE} bytes`;
    else if (!(err instanceof SocketClosedError)) problem = `; ${errorMessage(err)}`;
  } finally {
    conn.close();
  }
  console.log(`disconnected from ${peer} (${answered} ${answered === 1 ? "line" : "lines"} answered${problem})`);
}

/** The next line, "\n" included, or null at end of file. The last line may lack its "\n". */
async function readLine(reader: BufReader): Promise<Uint8Array | null> {
  try {
    return await reader.readUntil(LF, MAX_LINE);
  } catch (err) {
    if (!(err instanceof UnexpectedEofError)) throw err;
    // The client closed its side in the middle of a line (`printf abc | nc ...`): like
    // CS:APP's rio_readlineb, hand over the bytes that did arrive as the last line.
    const rest = reader.buffered();
    reader.discard(rest.length);
    return rest;
  }
}

function usage(problem: string): number {
  process.stderr.write(`upper_tcp_server: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`upper_tcp_server: ${errorMessage(err)}\n`);
  return 1;
});
