/**
 * Lists the protocols database the way getprotoent(3) walks it, one entry per line, or
 * looks a protocol up by name (getprotobyname(3)) or number (getprotobynumber(3)):
 *
 *     name=tcp (6), aliases={ TCP }
 *
 *     deno run --allow-read examples/protocols.ts
 *     bun examples/protocols.ts 17
 *
 * Option: --file PATH reads another file than /etc/protocols. Exits 0 on success, 1 if
 * nothing matches, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { helpAsked, parseCommandLine } from "./_cli.ts";
import {
  getProtocolByName,
  getProtocolByNumber,
  type ProtocolEntry,
  PROTOCOLS_PATH,
  readProtocols,
} from "../src/resolve/mod.ts";

const USAGE = "usage: protocols [--file PATH] [NAME|NUMBER]\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = parseCommandLine(argv, { file: { type: "string" } });
  if (typeof command === "string") return usage(command);
  const path = command.text("file") ?? PROTOCOLS_PATH;
  const operands = command.operands;
  if (operands.length > 1) return usage("give at most one NAME or NUMBER");

  if (operands.length === 0) {
    process.stdout.write((await readProtocols(path)).map(line).join(""));
    return 0;
  }
  const key = operands[0];
  let entry: ProtocolEntry | null;
  if (/^[0-9]+$/.test(key)) {
    const number = key.length <= 3 ? Number(key) : -1;
    if (number < 0 || number > 255) return usage(`protocol number ${key} is not 0-255`);
    entry = await getProtocolByNumber(number, path);
  } else {
    entry = await getProtocolByName(key, path);
  }
  if (entry === null) {
    process.stderr.write(`protocols: ${JSON.stringify(key)} is not in ${path}\n`);
    return 1;
  }
  process.stdout.write(line(entry));
  return 0;
}

function line(e: ProtocolEntry): string {
  return `name=${e.name} (${e.number}), aliases={ ${e.aliases.map((a) => a + " ").join("")}}\n`;
}

function usage(problem: string): number {
  process.stderr.write(`protocols: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
