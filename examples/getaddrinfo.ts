/**
 * Prints every address a host and a service resolve to, one `address:port` per line, in
 * the order a client should try them — like the classic `./getaddrinfo google.com www`.
 *
 *     deno run --allow-read --allow-net --allow-sys examples/getaddrinfo.ts localhost http
 *     bun examples/getaddrinfo.ts -4 example.com https
 *
 * Options: -4 or -6 keep one family; --hosts FILE and --services FILE read other files
 * than /etc/hosts and /etc/services; --dns-servers ADDR[:PORT][,ADDR...] (curl's syntax,
 * IPv6 as `[addr]:port`) looks the name up with http10's own DNS resolver, asking those
 * servers, instead of the system lookup. Exits 0 on success, 1 if the name or service does
 * not resolve, 2 on a bad command line.
 *
 * The program sets `process.exitCode` rather than calling `process.exit()`, which on Bun
 * can cut off output still queued for a pipe.
 *
 * @module
 */
import process from "node:process";
import { type AddrFamily, formatDnsServer, GaiError, getaddrinfo, parseDnsServers } from "../src/resolve/mod.ts";
import { helpAsked } from "./_cli.ts";

const USAGE =
  "usage: getaddrinfo [-4|-6] [--hosts FILE] [--services FILE] [--dns-servers ADDR[:PORT],...] HOST SERVICE\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  let family: AddrFamily = 0;
  let hostsPath: string | undefined;
  let servicesPath: string | undefined;
  let nameservers: string[] | undefined;
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-4" || arg === "-6") {
      if (family !== 0) return usage("give -4 or -6 once");
      family = arg === "-4" ? 4 : 6;
    } else if (arg === "--hosts" || arg === "--services") {
      const value = argv[++i];
      if (value === undefined) return usage(`${arg} needs a file`);
      if (arg === "--hosts") hostsPath = value;
      else servicesPath = value;
    } else if (arg === "--dns-servers") {
      const value = argv[++i];
      if (value === undefined) return usage(`${arg} needs ADDR[:PORT][,ADDR[:PORT]...]`);
      try {
        nameservers = parseDnsServers(value).map(formatDnsServer);
      } catch (err) {
        return usage(err instanceof Error ? err.message : String(err));
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      return usage(`unknown option ${arg}`);
    } else {
      operands.push(arg);
    }
  }
  if (operands.length !== 2) return usage("need a HOST and a SERVICE");
  const [host, service] = operands;

  try {
    const resolver = nameservers === undefined ? undefined : "dns";
    const addrs = await getaddrinfo(host, service, { family, hostsPath, servicesPath, resolver, nameservers });
    // IPv6 goes in brackets so the port's colon cannot be read as part of the address.
    const lines = addrs.map((a) => (a.family === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`));
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  } catch (err) {
    process.stderr.write(`getaddrinfo: ${err instanceof GaiError ? err.message : String(err)}\n`);
    return 1;
  }
}

function usage(problem: string): number {
  process.stderr.write(`getaddrinfo: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
