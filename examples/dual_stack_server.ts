/**
 * One listening socket on "::" that takes IPv4 and IPv6 clients alike, and tells each
 * client what it looks like from here: "hello 127.0.0.1, you came over IPv4".
 *
 *     deno run --allow-net examples/dual_stack_server.ts 5000
 *     bun examples/dual_stack_server.ts 5000
 *     bun examples/dual_stack_server.ts --v6only 5000      # Bun only, see below
 *
 * Then `nc 127.0.0.1 5000` and `nc ::1 5000`.
 *
 * An IPv6 socket bound to "::" also receives IPv4 connections (unless the IPV6_V6ONLY
 * socket option is set), and the kernel reports such a peer as an IPv4-mapped IPv6
 * address: ::ffff:127.0.0.1. http10's transport turns that back into 127.0.0.1, so the
 * peer is printed in its natural form. With --v6only the socket takes IPv6 alone and IPv4
 * clients are refused. Deno's listen cannot set IPV6_V6ONLY, so there --v6only fails with a
 * message saying so.
 *
 * Options: --host H listens on another address than "::"; --v6only sets IPV6_V6ONLY.
 * PORT 0 picks a free port; the first line printed says which. Stops on Ctrl-C (SIGINT)
 * or SIGTERM. Exits 0 when stopped, 1 if it cannot listen, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { listen } from "../src/net/mod.ts";
import { type Listener, ListenError, writeAll } from "../src/transport/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort, stopSignal } from "./_cli.ts";

const USAGE = "usage: dual_stack_server [--host H] [--v6only] PORT\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, { host: { type: "string" }, v6only: { type: "boolean" } });
  if (typeof line === "string") return usage(line);
  if (line.operands.length !== 1) return usage("give one PORT");
  const port = parsePort(line.operands[0]);
  if (port === undefined) return usage(`PORT must be a number 0–65535: ${JSON.stringify(line.operands[0])}`);
  const host = line.text("host") ?? "::";
  const v6only = line.has("v6only");

  let listener: Listener;
  try {
    listener = await listen({ hostname: host, port, ipv6Only: v6only });
  } catch (err) {
    if (err instanceof ListenError && err.cause === "EOPNOTSUPP") {
      process.stderr.write(
        "dual_stack_server: --v6only needs the IPV6_V6ONLY socket option, which this runtime cannot set" +
          " (Deno's listen has no such option); run it on Bun to see IPv6-only listening\n",
      );
    } else {
      process.stderr.write(`dual_stack_server: ${errorMessage(err)}\n`);
    }
    return 1;
  }
  const { addr } = listener;
  const families = addr.family === 4 ? "IPv4 only" : addr.hostname === "::" && !v6only ? "IPv4 and IPv6" : "IPv6 only";
  // Listen for the stop signals before saying we are ready: one could come right after.
  stopSignal().then((signal) => {
    console.log(`${signal}: stopping`);
    listener.close();
  });
  console.log(`dual-stack server listening on ${hostPort(addr)} (${families})`);
  // One client at a time is enough here: each gets one short line, then we close.
  for await (const conn of listener) {
    const peer = conn.remoteAddr;
    console.log(`connected from ${hostPort(peer)} (IPv${peer.family})`);
    try {
      await writeAll(conn, new TextEncoder().encode(`hello ${peer.hostname}, you came over IPv${peer.family}\n`));
    } catch (err) {
      console.log(`cannot answer ${hostPort(peer)}: ${errorMessage(err)}`);
    } finally {
      conn.close();
    }
  }
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`dual_stack_server: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`dual_stack_server: ${errorMessage(err)}\n`);
  return 1;
});
