/**
 * The client of upper_udp_server.ts: sends MESSAGE in one datagram and prints the reply.
 *
 *     deno run --allow-net examples/upper_udp_client.ts 127.0.0.1 5000 hello
 *     bun examples/upper_udp_client.ts --tries 5 --timeout 500 localhost 5000 hello
 *
 * UDP promises nothing: the datagram or its reply may be lost, and when nobody listens on
 * the port nothing says so. So the client waits a bounded time for the reply and sends
 * again, a bounded number of times, then gives up and says so.
 *
 * Options: --tries N sends at most N times (default 3); --timeout MS waits that long for
 * each reply (default 1000). HOST may be a name (`--allow-read --allow-sys` on Deno too);
 * UDP has no handshake to tell a dead address from a slow one, so the client uses one
 * address: IPv4 first, to match the server's default 0.0.0.0.
 *
 * Exits 0 with a reply, 1 if the host does not resolve or no reply came, 2 on a bad
 * command line.
 *
 * @module
 */
import process from "node:process";
import { type AddrInfo, getaddrinfo } from "../src/resolve/mod.ts";
import { adapter, type Datagram, type DatagramSocket } from "../src/transport/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parseCount, parsePort } from "./_cli.ts";

const USAGE = "usage: upper_udp_client [--tries N] [--timeout MS] HOST PORT MESSAGE\n";
/** A UDP datagram carries at most 65507 bytes over IPv4; we keep well below that. */
const MAX_MESSAGE = 8192;

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, { tries: { type: "string" }, timeout: { type: "string" } });
  if (typeof line === "string") return usage(line);
  const tries = parseCount(line.text("tries") ?? "3", 100);
  if (tries === undefined) return usage("--tries must be a number 1–100");
  const timeout = parseCount(line.text("timeout") ?? "1000", 600_000);
  if (timeout === undefined) return usage("--timeout must be a number of milliseconds 1–600000");
  if (line.operands.length !== 3) return usage("give a HOST, a PORT and a MESSAGE");
  const [host, portText, text] = line.operands;
  const port = parsePort(portText);
  if (port === undefined || port === 0) return usage(`PORT must be a number 1–65535: ${JSON.stringify(portText)}`);
  const message = new TextEncoder().encode(text);
  if (message.length > MAX_MESSAGE) return usage(`MESSAGE must be at most ${MAX_MESSAGE} bytes`);

  let server: AddrInfo;
  try {
    [server] = await getaddrinfo(host, port, { socktype: "dgram", preferFamily: 4 });
  } catch (err) {
    process.stderr.write(`upper_udp_client: ${errorMessage(err)}\n`);
    return 1;
  }
  const to = { hostname: server.address, port: server.port };
  // Port 0: the system picks our port, and the server learns it from our datagram.
  const socket = await adapter().bindDatagram({ hostname: server.family === 6 ? "::" : "0.0.0.0", port: 0 });
  try {
    // One receive() stays pending across tries, so a reply to an earlier try still counts.
    let reply = receive(socket);
    for (let attempt = 1; attempt <= tries; attempt++) {
      await socket.send(message, to);
      const deadline = Date.now() + timeout;
      while (true) {
        const got = await within(reply, deadline - Date.now());
        if (got === undefined) break; // this try timed out
        reply = receive(socket);
        // Anyone can send to our port: only a datagram from the server is its reply.
        if (got.remote.hostname === to.hostname && got.remote.port === to.port) {
          process.stdout.write(got.data);
          process.stdout.write("\n");
          return 0;
        }
      }
      process.stderr.write(`upper_udp_client: no reply within ${timeout} ms (try ${attempt} of ${tries})\n`);
    }
    process.stderr.write(
      `upper_udp_client: giving up after ${tries} ${tries === 1 ? "try" : "tries"}: no reply from ${hostPort(to)}` +
        " (the datagrams were lost, or nothing answers on that port)\n",
    );
    return 1;
  } finally {
    socket.close();
  }
}

/** The next datagram. Closing the socket fails a receive still waiting; nobody wants that one. */
function receive(socket: DatagramSocket): Promise<Datagram> {
  const next = socket.receive();
  next.catch(() => {});
  return next;
}

/** What `promise` gives if it settles within `ms` milliseconds, else undefined. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.resolve(undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function usage(problem: string): number {
  process.stderr.write(`upper_udp_client: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`upper_udp_client: ${errorMessage(err)}\n`);
  return 1;
});
