/**
 * The hosts file (hosts(5)): parsing, reading, and lookups by name and by address.
 *
 * @module
 */

import { dbRecords, readDbFile } from "./_db.ts";
import { parseLiteral } from "./_literal.ts";

/** One line of a hosts file: an address and the names that map to it. */
export interface HostEntry {
  /** The address in canonical form ("::1", not "0:0:0:0:0:0:0:1"). */
  address: string;
  family: 4 | 6;
  /** The canonical name first, then its aliases, as written. */
  names: string[];
}

/** What a lookup in the hosts file found, like `struct hostent`. */
export interface HostEnt {
  /** The canonical name: the first name on the first matching line. */
  name: string;
  /** Every other name on the matching lines, without repeats. */
  aliases: string[];
  /** The addresses of the matching lines in file order, without repeats. */
  addresses: string[];
}

/** The default hosts file. */
export const HOSTS_PATH = "/etc/hosts";

/**
 * Parses the text of a hosts file: "address name [alias...]" per line, "#" to the end of a
 * line is a comment. Lines without a name or with an address that is not a strict numeric
 * literal (IPv4, or IPv6 with an optional zone) are skipped, as glibc skips them.
 *
 * @example
 * ```ts
 * parseHosts("127.0.0.1 localhost  # loopback\n::1 localhost ip6-localhost\n");
 * // [{ address: "127.0.0.1", family: 4, names: ["localhost"] },
 * //  { address: "::1", family: 6, names: ["localhost", "ip6-localhost"] }]
 * ```
 */
export function parseHosts(text: string): HostEntry[] {
  const entries: HostEntry[] = [];
  for (const [address, ...names] of dbRecords(text)) {
    const literal = parseLiteral(address);
    if (literal === null || names.length === 0) continue;
    entries.push({ address: literal.address, family: literal.family, names });
  }
  return entries;
}

/**
 * Reads and parses a hosts file (default /etc/hosts). A missing or unreadable file reads
 * as empty.
 */
export async function readHosts(path: string = HOSTS_PATH): Promise<HostEntry[]> {
  return parseHosts(await readDbFile(path));
}

/**
 * Looks a name up in the hosts file only, like gethostbyname(3) with "hosts: files";
 * returns null if no line has it. Names match without regard to ASCII case, and a
 * trailing dot ("example.test.") is ignored.
 *
 * @example
 * ```ts
 * const ent = await getHostByName("localhost");
 * // { name: "localhost", aliases: [], addresses: ["127.0.0.1", "::1"] }
 * ```
 */
export async function getHostByName(name: string, path: string = HOSTS_PATH): Promise<HostEnt | null> {
  const wanted = normalizeName(name);
  if (wanted === "") return null;
  return collect(await readHosts(path), (e) => e.names.some((n) => normalizeName(n) === wanted));
}

/**
 * Looks an address up in the hosts file only, like gethostbyaddr(3) with "hosts: files";
 * returns null if no line has it. Addresses compare as binary, so "0::1" finds "::1"; a
 * zone on either side is ignored.
 *
 * @example
 * ```ts
 * (await getHostByAddr("127.0.0.1"))?.name; // "localhost"
 * ```
 */
export async function getHostByAddr(address: string, path: string = HOSTS_PATH): Promise<HostEnt | null> {
  const literal = parseLiteral(address);
  if (literal === null) return null;
  const wanted = withoutZone(literal.address);
  return collect(await readHosts(path), (e) => withoutZone(e.address) === wanted);
}

function collect(entries: HostEntry[], matches: (e: HostEntry) => boolean): HostEnt | null {
  let found: HostEnt | null = null;
  for (const entry of entries) {
    if (!matches(entry)) continue;
    found ??= { name: entry.names[0], aliases: [], addresses: [] };
    if (!found.addresses.includes(entry.address)) found.addresses.push(entry.address);
    for (const n of entry.names) {
      if (n !== found.name && !found.aliases.includes(n)) found.aliases.push(n);
    }
  }
  return found;
}

/** DNS names compare case-insensitively in ASCII (RFC 4343); "a.test." is "a.test". */
function normalizeName(name: string): string {
  const lower = name.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function withoutZone(address: string): string {
  const percent = address.indexOf("%");
  return percent === -1 ? address : address.slice(0, percent);
}
