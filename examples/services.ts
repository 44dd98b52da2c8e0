/**
 * Lists the services database the way getservent(3) walks it, one entry per line, or
 * looks a service up by name (getservbyname(3)) or by port (getservbyport(3)):
 *
 *     name=http (tcp/80), aliases={ www }
 *
 *     deno run --allow-read examples/services.ts
 *     bun examples/services.ts www tcp
 *     bun examples/services.ts 53 udp
 *
 * A NAME or PORT may be followed by tcp or udp; without one, the first line of any
 * protocol matches. Option: --file PATH reads another file than /etc/services. Exits 0 on
 * success, 1 if nothing matches, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { helpAsked, parseCommandLine } from "./_cli.ts";
import {
  getServiceByName,
  getServiceByPort,
  readServices,
  type ServiceEntry,
  SERVICES_PATH,
} from "../src/resolve/mod.ts";

const USAGE = "usage: services [--file PATH] [NAME|PORT] [tcp|udp]\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = parseCommandLine(argv, { file: { type: "string" } });
  if (typeof command === "string") return usage(command);
  const path = command.text("file") ?? SERVICES_PATH;
  const operands = command.operands;
  if (operands.length > 2) return usage("give at most a NAME or PORT and a protocol");

  if (operands.length === 0) {
    process.stdout.write((await readServices(path)).map(line).join(""));
    return 0;
  }
  const [key, protocol = null] = operands;
  if (protocol !== null && protocol !== "tcp" && protocol !== "udp") {
    return usage(`protocol must be tcp or udp, not ${JSON.stringify(protocol)}`);
  }
  let entry: ServiceEntry | null;
  if (/^[0-9]+$/.test(key)) {
    const port = key.length <= 5 ? Number(key) : -1;
    if (port < 0 || port > 65535) return usage(`port ${key} is not 0-65535`);
    entry = await getServiceByPort(port, protocol, path);
  } else {
    entry = await getServiceByName(key, protocol, path);
  }
  if (entry === null) {
    const what = protocol === null ? JSON.stringify(key) : `${JSON.stringify(key)} for ${protocol}`;
    process.stderr.write(`services: ${what} is not in ${path}\n`);
    return 1;
  }
  process.stdout.write(line(entry));
  return 0;
}

function line(e: ServiceEntry): string {
  return `name=${e.name} (${e.protocol}/${e.port}), aliases={ ${e.aliases.map((a) => a + " ").join("")}}\n`;
}

function usage(problem: string): number {
  process.stderr.write(`services: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
