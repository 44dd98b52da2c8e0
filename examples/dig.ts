/**
 * Asks a DNS server one question and prints the answer section one record a line, like
 * `dig +noall +answer`, speaking DNS itself over UDP (and TCP when the answer is truncated)
 * through http10's resolver rather than the system's.
 *
 *     deno run --allow-net --allow-read examples/dig.ts @127.0.0.1:5353 example.test AAAA
 *     bun examples/dig.ts example.com
 *
 * SERVER is a numeric address with an optional port, IPv6 in brackets when a port follows
 * (`@[::1]:5353`); without it, the servers of /etc/resolv.conf are asked. TYPE is a record
 * type (A, AAAA, CNAME, PTR, NS, SOA, MX, TXT, ANY or TYPEnn; default A). The name is asked
 * as given, with no search list, as dig does. Options: `--timeout MS` per try (default:
 * resolv.conf's, 5 s), `--resolv-conf FILE`.
 *
 * Exits 0 when the server answered NOERROR (even with no record), 1 with the rcode on
 * stderr for NXDOMAIN, SERVFAIL and the other errors, 9 when no server answered (as dig
 * does), 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import {
  type DnsRecord,
  GaiError,
  parseDnsServers,
  queryDns,
  rcodeName,
  RR_TYPES,
  rrTypeName,
  rrTypeNumber,
  type SoaData,
} from "../src/resolve/mod.ts";
import { errorMessage, helpAsked, parseCommandLine, parseCount } from "./_cli.ts";

const USAGE = "usage: dig [@SERVER[:PORT]] NAME [TYPE] [--timeout MS] [--resolv-conf FILE]\n";

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, { timeout: { type: "string" }, "resolv-conf": { type: "string" } });
  if (typeof line === "string") return usage(line);
  let nameservers: string[] | undefined;
  const rest: string[] = [];
  for (const operand of line.operands) {
    if (operand.startsWith("@")) {
      if (nameservers !== undefined) return usage("give one @SERVER");
      try {
        parseDnsServers(operand.slice(1));
      } catch (err) {
        return usage(errorMessage(err));
      }
      nameservers = [operand.slice(1)];
    } else {
      rest.push(operand);
    }
  }
  if (rest.length < 1 || rest.length > 2) return usage("need a NAME and at most one TYPE");
  const [name, typeText = "A"] = rest;
  const type = rrTypeNumber(typeText);
  if (type < 0) return usage(`unknown record type ${JSON.stringify(typeText)}`);
  let timeout: number | undefined;
  const timeoutText = line.text("timeout");
  if (timeoutText !== undefined) {
    timeout = parseCount(timeoutText, 60_000);
    if (timeout === undefined) return usage("--timeout must be 1–60000 milliseconds");
  }

  let answer;
  try {
    answer = await queryDns(name, type, { nameservers, timeout, resolvConfPath: line.text("resolv-conf") });
  } catch (err) {
    if (err instanceof GaiError && err.code === "EAI_AGAIN") {
      process.stderr.write(`;; connection timed out; no servers could be reached (${errorMessage(err)})\n`);
      return 9;
    }
    process.stderr.write(`dig: ${errorMessage(err)}\n`);
    return 1;
  }
  const { message } = answer;
  process.stdout.write(message.answers.map((rr) => formatRecord(rr) + "\n").join(""));
  if (message.rcode !== 0) {
    process.stderr.write(`;; status: ${rcodeName(message.rcode)}\n`);
    return 1;
  }
  return 0;
}

/** One record as dig prints it: "name.  TTL  IN  TYPE  data", tab-separated. */
function formatRecord(rr: DnsRecord): string {
  const klass = rr.class === 1 ? "IN" : `CLASS${rr.class}`;
  return `${absolute(rr.name)}\t${rr.ttl}\t${klass}\t${rrTypeName(rr.type)}\t${formatData(rr)}`;
}

function absolute(name: string): string {
  return name === "" ? "." : `${name}.`;
}

function formatData(rr: DnsRecord): string {
  const { data } = rr;
  if (rr.type === RR_TYPES.CNAME || rr.type === RR_TYPES.PTR || rr.type === RR_TYPES.NS) {
    return absolute(data as string);
  }
  if (typeof data === "string") return data;
  if (!(data instanceof Uint8Array)) {
    const soa = data as SoaData;
    return `${absolute(soa.mname)} ${
      absolute(soa.rname)
    } ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`;
  }
  if (rr.type === RR_TYPES.TXT) {
    const texts = characterStrings(data);
    if (texts !== null) return texts.map((t) => `"${t}"`).join(" ");
  }
  // RFC 3597 §5: the generic form for data we do not decode.
  const hex = [...data].map((b) => b.toString(16).padStart(2, "0")).join("");
  return data.length === 0 ? "\\# 0" : `\\# ${data.length} ${hex}`;
}

/** TXT data as its character-strings, with `"`, `\` and unprintable bytes escaped as dig does; null if malformed. */
function characterStrings(data: Uint8Array): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < data.length;) {
    const len = data[i];
    if (i + 1 + len > data.length) return null;
    let text = "";
    for (const b of data.subarray(i + 1, i + 1 + len)) {
      if (b === 0x22 || b === 0x5c) text += "\\" + String.fromCharCode(b);
      else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
      else text += "\\" + String(b).padStart(3, "0");
    }
    out.push(text);
    i += 1 + len;
  }
  return out;
}

function usage(problem: string): number {
  process.stderr.write(`dig: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
