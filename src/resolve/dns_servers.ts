/**
 * Name server addresses as people write them: curl's `--dns-servers` list and the
 * `nameservers` option of getaddrinfo.
 *
 * @module
 */
import { parseDecimal } from "./_db.ts";
import { parseLiteral } from "./_literal.ts";
import { Http10Error } from "../errors/http10_error.ts";

/** A DNS server to ask: a numeric address (IPv6 may carry a "%zone") and a port. */
export interface DnsServer {
  /** Canonical numeric address text: "192.0.2.53", "2001:db8::53", "fe80::1%eth0". */
  address: string;
  family: 4 | 6;
  /** The UDP and TCP port; 53 unless given. */
  port: number;
}

/** The port DNS servers listen on (RFC 1035 §4.2). */
export const DNS_PORT = 53;

/** A name server list that cannot be read; `code` is "HTTP10_DNS_BAD_SERVERS". */
export class InvalidDnsServersError extends Http10Error {
  constructor(text: string, problem: string) {
    super("HTTP10_DNS_BAD_SERVERS", `Invalid DNS server list ${JSON.stringify(text)}: ${problem}`);
  }
}

/**
 * Parses a comma-separated list of name servers in the syntax of curl's `--dns-servers`:
 * `ADDR[:PORT][,ADDR[:PORT]...]`, an IPv6 address in brackets when a port follows
 * (`[2001:db8::53]:5353`), or bare (`2001:db8::53`) without one. Addresses must be
 * numeric: a server's name would need a server to look it up.
 *
 * @throws {InvalidDnsServersError} for an empty list or entry, a name instead of an
 * address, or a port that is not 1–65535.
 * @example
 * ```ts
 * parseDnsServers("127.0.0.1:5353,[::1]:53");
 * // [{ address: "127.0.0.1", family: 4, port: 5353 }, { address: "::1", family: 6, port: 53 }]
 * ```
 */
export function parseDnsServers(text: string): DnsServer[] {
  const entries = text.split(",").map((e) => e.trim());
  if (entries.some((e) => e === "")) throw new InvalidDnsServersError(text, "an empty entry");
  return entries.map((entry) => parseServer(entry, text));
}

function parseServer(entry: string, text: string): DnsServer {
  let host = entry;
  let portText: string | null = null;
  if (entry.startsWith("[")) {
    const close = entry.indexOf("]");
    if (close === -1) throw new InvalidDnsServersError(text, `missing "]" in ${JSON.stringify(entry)}`);
    host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest !== "" && !rest.startsWith(":")) {
      throw new InvalidDnsServersError(text, `unexpected ${JSON.stringify(rest)} after "]"`);
    }
    if (rest !== "") portText = rest.slice(1);
    if (!host.includes(":")) throw new InvalidDnsServersError(text, `brackets are for IPv6: ${JSON.stringify(entry)}`);
  } else if (entry.indexOf(":") === entry.lastIndexOf(":") && entry.includes(":")) {
    // One colon: IPv4 with a port. Two or more: a bare IPv6 address.
    host = entry.slice(0, entry.indexOf(":"));
    portText = entry.slice(entry.indexOf(":") + 1);
  }
  const literal = parseLiteral(host);
  if (literal === null) throw new InvalidDnsServersError(text, `${JSON.stringify(host)} is not a numeric address`);
  let port = DNS_PORT;
  if (portText !== null) {
    port = parseDecimal(portText, 65535);
    if (port < 1) throw new InvalidDnsServersError(text, `${JSON.stringify(portText)} is not a port 1–65535`);
  }
  return { address: literal.address, family: literal.family, port };
}

/**
 * A server as text, IPv6 in brackets: "127.0.0.1:53", "[::1]:5353".
 *
 * @example
 * ```ts
 * formatDnsServer({ address: "::1", family: 6, port: 53 }); // "[::1]:53"
 * ```
 */
export function formatDnsServer(server: DnsServer): string {
  return server.family === 6 ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
}
