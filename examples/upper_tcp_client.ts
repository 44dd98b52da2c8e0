/**
 * The client of upper_tcp_server.ts: reads lines from stdin, sends each one to the server
 * and prints the server's reply — the course twin of CS:APP's echoclient.c.
 *
 *     deno run --allow-net examples/upper_tcp_client.ts 127.0.0.1 5000
 *     bun examples/upper_tcp_client.ts localhost 5000
 *     printf 'hello\nworld\n' | bun examples/upper_tcp_client.ts localhost 5000
 *
 * HOST may be a name (`--allow-read --allow-sys` on Deno too, for /etc/hosts and the
 * system resolver): every address it has is tried in turn, as CS:APP's open_clientfd does.
 * "connected to ADDR:PORT" goes to stderr, so stdout holds the replies alone.
 *
 * Exits 0 when stdin ends, 1 if the host does not resolve, no address accepts, or the
 * server closes the connection before answering, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { createInterface } from "node:readline";
import {
  BufReader,
  type Conn,
  ConnectionResetError,
  LimitExceededError,
  UnexpectedEofError,
  writeAll,
} from "../src/transport/mod.ts";
import { dialHost } from "../src/net/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort } from "./_cli.ts";

const USAGE = "usage: upper_tcp_client HOST PORT\n";
const LF = new Uint8Array([0x0a]);
/** The longest reply we take, newline included, as CS:APP's MAXLINE. */
const MAX_LINE = 8192;
/** How long resolving and connecting may take together. */
const CONNECT_TIMEOUT_MS = 10_000;

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, {});
  if (typeof line === "string") return usage(line);
  if (line.operands.length !== 2) return usage("give a HOST and a PORT");
  const [host, portText] = line.operands;
  const port = parsePort(portText);
  if (port === undefined || port === 0) return usage(`PORT must be a number 1–65535: ${JSON.stringify(portText)}`);

  let conn: Conn;
  try {
    conn = await dialHost(host, port, { timeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    process.stderr.write(`upper_tcp_client: ${errorMessage(err)}\n`);
    return 1;
  }
  process.stderr.write(`connected to ${hostPort(conn.remoteAddr)}\n`);

  const reader = new BufReader(conn, { size: MAX_LINE });
  const encoder = new TextEncoder();
  const stdin = createInterface({ input: process.stdin, crlfDelay: Infinity });
  try {
    for await (const text of stdin) {
      await writeAll(conn, encoder.encode(text + "\n"));
      // The reply may arrive in pieces: readUntil() reads until the whole line is here.
      const reply = await reader.readUntil(LF, MAX_LINE);
      if (reply === null) return serverClosed("");
      process.stdout.write(reply);
    }
    return 0;
  } catch (err) {
    // End of file in the middle of a reply, or a reset, also mean the server went away.
    if (err instanceof UnexpectedEofError) return serverClosed(" in the middle of a reply");
    if (err instanceof ConnectionResetError) return serverClosed(` (${err.cause})`);
    if (err instanceof LimitExceededError) {
      process.stderr.write(`upper_tcp_client: the reply is longer than ${MAX_LINE} bytes\n`);
      return 1;
    }
    throw err;
  } finally {
    stdin.close();
    conn.close();
  }
}

function serverClosed(how: string): number {
  process.stderr.write(`upper_tcp_client: server closed the connection${how}\n`);
  return 1;
}

function usage(problem: string): number {
  process.stderr.write(`upper_tcp_client: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`upper_tcp_client: ${errorMessage(err)}\n`);
  return 1;
});
