/**
 * Lists the hosts file the way gethostent(3) walks it, one entry per line, or looks one
 * name up the way gethostbyname(3) does with "hosts: files":
 *
 *     name=localhost (127.0.0.1), aliases={ }
 *     name=localhost (::1), aliases={ ip6-localhost ip6-loopback }
 *
 *     deno run --allow-read examples/hosts.ts
 *     bun examples/hosts.ts localhost
 *
 * Option: --file PATH reads another file than /etc/hosts. Exits 0 on success, 1 if the
 * name is not in the file, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { helpAsked, parseCommandLine } from "./_cli.ts";
import { getHostByName, HOSTS_PATH, readHosts } from "../src/resolve/mod.ts";

const USAGE = "usage: hosts [--file PATH] [NAME]\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = parseCommandLine(argv, { file: { type: "string" } });
  if (typeof command === "string") return usage(command);
  const path = command.text("file") ?? HOSTS_PATH;
  const operands = command.operands;
  if (operands.length > 1) return usage("give at most one NAME");

  if (operands.length === 0) {
    const lines = (await readHosts(path)).map((e) => line(e.names[0], [e.address], e.names.slice(1)));
    process.stdout.write(lines.join(""));
    return 0;
  }
  const ent = await getHostByName(operands[0], path);
  if (ent === null) {
    process.stderr.write(`hosts: ${JSON.stringify(operands[0])} is not in ${path}\n`);
    return 1;
  }
  process.stdout.write(line(ent.name, ent.addresses, ent.aliases));
  return 0;
}

function line(name: string, addresses: string[], aliases: string[]): string {
  return `name=${name} (${addresses.join(", ")}), aliases={ ${aliases.map((a) => a + " ").join("")}}\n`;
}

function usage(problem: string): number {
  process.stderr.write(`hosts: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
