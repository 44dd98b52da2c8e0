/**
 * Prints the host name and service name of an address and port, as `host service` —
 * getaddrinfo the other way round.
 *
 *     deno run --allow-read --allow-net examples/getnameinfo.ts 127.0.0.1 80
 *     bun examples/getnameinfo.ts -n ::1 443
 *
 * Options: -n prints the address and port as numbers (NI_NUMERICHOST | NI_NUMERICSERV);
 * -u names the port as UDP (NI_DGRAM); --hosts FILE and --services FILE read other files
 * than /etc/hosts and /etc/services. Exits 0 on success, 1 if the lookup fails, 2 on a bad
 * command line.
 *
 * @module
 */
import process from "node:process";
import { GaiError, getnameinfo, ipFamily } from "../src/resolve/mod.ts";
import { helpAsked } from "./_cli.ts";

const USAGE = "usage: getnameinfo [-n] [-u] [--hosts FILE] [--services FILE] ADDRESS PORT\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  let numeric = false;
  let dgram = false;
  let hostsPath: string | undefined;
  let servicesPath: string | undefined;
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-n") numeric = true;
    else if (arg === "-u") dgram = true;
    else if (arg === "--hosts" || arg === "--services") {
      const value = argv[++i];
      if (value === undefined) return usage(`${arg} needs a file`);
      if (arg === "--hosts") hostsPath = value;
      else servicesPath = value;
    } else if (arg.startsWith("-") && arg.length > 1) {
      return usage(`unknown option ${arg}`);
    } else {
      operands.push(arg);
    }
  }
  if (operands.length !== 2) return usage("need an ADDRESS and a PORT");
  const [address, portText] = operands;
  if (ipFamily(address) === 0) return usage(`${JSON.stringify(address)} is not an IPv4 or IPv6 address`);
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : -1;
  if (port < 0 || port > 65535) return usage(`${JSON.stringify(portText)} is not a port number 0-65535`);

  try {
    const info = await getnameinfo(address, port, {
      numericHost: numeric,
      numericService: numeric,
      dgram,
      hostsPath,
      servicesPath,
    });
    process.stdout.write(`${info.host} ${info.service}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`getnameinfo: ${err instanceof GaiError ? err.message : String(err)}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`getnameinfo: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
