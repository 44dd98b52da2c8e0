/**
 * Parses an IPv4 or IPv6 address and prints it in network byte order as hex words:
 * IPv4 as one 32-bit word, IPv6 as its eight 16-bit groups — the groups of the text form,
 * so each word lines up with what you typed once "::" is expanded.
 *
 *     $ bun examples/addr.ts 127.0.0.1
 *     IPv4: 0x7f000001
 *     $ bun examples/addr.ts 2001:db8::1
 *     IPv6: 0x2001 0x0db8 0x0000 0x0000 0x0000 0x0000 0x0000 0x0001
 *     $ bun examples/addr.ts fe80::1%eth0
 *     IPv6: 0xfe80 0x0000 0x0000 0x0000 0x0000 0x0000 0x0000 0x0001 zone=eth0
 *
 * IPv4 must be strict dotted-quad ("127.1" and "010.0.0.1" are refused). Exits 0 on
 * success, 1 if the text is neither an IPv4 nor an IPv6 address, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { inetPton, parseIpv6WithZone } from "../src/resolve/mod.ts";
import { helpAsked } from "./_cli.ts";

const USAGE = "usage: addr ADDRESS\n";

function main(argv: string[]): number {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.length !== 1 || (argv[0].startsWith("-") && argv[0].length > 1)) {
    process.stderr.write(`addr: give one ADDRESS\n${USAGE}`);
    return 2;
  }
  const text = argv[0];
  const v4 = inetPton(4, text);
  if (v4 !== null) {
    process.stdout.write(`IPv4: 0x${hexWord(v4, 0, 4)}\n`);
    return 0;
  }
  const v6 = parseIpv6WithZone(text);
  if (v6 !== null) {
    const words = [];
    for (let i = 0; i < 16; i += 2) words.push(`0x${hexWord(v6.bytes, i, 2)}`);
    process.stdout.write(`IPv6: ${words.join(" ")}${v6.zone === null ? "" : ` zone=${v6.zone}`}\n`);
    return 0;
  }
  process.stderr.write(`addr: ${JSON.stringify(text)} is neither an IPv4 nor an IPv6 address\n`);
  return 1;
}

/** `length` bytes from `at` as one big-endian hex number, zero-padded. */
function hexWord(bytes: Uint8Array, at: number, length: number): string {
  let out = "";
  for (let i = at; i < at + length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

process.exitCode = main(process.argv.slice(2));
