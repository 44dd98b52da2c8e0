/**
 * The upper-case server over UDP: each datagram that arrives is sent back, upper-cased, to
 * the address it came from. The UDP twin of upper_tcp_server.ts.
 *
 *     deno run --allow-net examples/upper_udp_server.ts 5000
 *     bun examples/upper_udp_server.ts 5000
 *
 * Talk to it with examples/upper_udp_client.ts, or with `nc -u 127.0.0.1 5000`.
 *
 * UDP differs from TCP in two ways this server shows: there is no connection (one socket
 * talks to every client, and each reply is addressed by hand to the sender), and a
 * datagram arrives whole or not at all, so there is no read loop.
 *
 * Options: --host H binds another address than 0.0.0.0 (a host name needs
 * `--allow-read --allow-sys` on Deno too). PORT 0 picks a free port; the first line printed
 * says which. Stops on Ctrl-C (SIGINT) or SIGTERM. Exits 0 when stopped, 1 if it cannot
 * bind, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { getaddrinfo } from "../src/resolve/mod.ts";
import { adapter, type Datagram, type DatagramSocket, SocketClosedError } from "../src/transport/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort, stopSignal } from "./_cli.ts";
import { upperCase } from "./_upper_case.ts";

const USAGE = "usage: upper_udp_server [--host H] PORT\n";

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

  let socket: DatagramSocket;
  try {
    socket = await bind(host, port);
  } catch (err) {
    process.stderr.write(`upper_udp_server: ${errorMessage(err)}\n`);
    return 1;
  }
  // Listen for the stop signals before saying we are ready: one could come right after.
  stopSignal().then((signal) => {
    console.log(`${signal}: stopping`);
    socket.close(); // the waiting receive() fails with SocketClosedError
  });
  console.log(`upper udp server listening on ${hostPort(socket.addr)}`);
  try {
    while (true) {
      let datagram: Datagram;
      try {
        // One receive() is one whole datagram, as the client sent it.
        datagram = await socket.receive();
      } catch (err) {
        if (err instanceof SocketClosedError) break;
        throw err;
      }
      const from = hostPort(datagram.remote);
      console.log(`${datagram.data.length} bytes from ${from}`);
      try {
        // No connection to answer on: the reply goes to the sender's address and port.
        await socket.send(upperCase(datagram.data), datagram.remote);
      } catch (err) {
        console.log(`cannot answer ${from}: ${errorMessage(err)}`);
      }
    }
  } finally {
    socket.close();
  }
  return 0;
}

/** Binds the first address of `host` that can be bound, as listen() does for TCP. */
async function bind(host: string, port: number): Promise<DatagramSocket> {
  const addrs = await getaddrinfo(host, port, { passive: true, socktype: "dgram" });
  let failure: unknown;
  for (const addr of addrs) {
    try {
      return await adapter().bindDatagram({ hostname: addr.address, port: addr.port });
    } catch (err) {
      failure = err;
    }
  }
  throw new Error(`cannot bind UDP ${host} port ${port}: ${errorMessage(failure)}`);
}

function usage(problem: string): number {
  process.stderr.write(`upper_udp_server: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`upper_udp_server: ${errorMessage(err)}\n`);
  return 1;
});
