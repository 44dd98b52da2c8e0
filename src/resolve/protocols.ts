/**
 * The protocols database (protocols(5)): IP protocol names to numbers.
 *
 * @module
 */

import { dbRecords, parseDecimal, readDbFile } from "./_db.ts";

/** One line of the protocols file: "tcp 6 TCP". */
export interface ProtocolEntry {
  name: string;
  /** The IP protocol number, 0–255. */
  number: number;
  aliases: string[];
}

/** The default protocols file. */
export const PROTOCOLS_PATH = "/etc/protocols";

/**
 * Parses the text of a protocols file: "name number [alias...]" per line, "#" to the end of
 * a line is a comment. Lines whose number is not a decimal 0–255 are skipped.
 *
 * @example
 * ```ts
 * parseProtocols("tcp 6 TCP  # transmission control protocol\n");
 * // [{ name: "tcp", number: 6, aliases: ["TCP"] }]
 * ```
 */
export function parseProtocols(text: string): ProtocolEntry[] {
  const entries: ProtocolEntry[] = [];
  for (const [name, numberText, ...aliases] of dbRecords(text)) {
    const number = numberText === undefined ? -1 : parseDecimal(numberText, 255);
    if (number !== -1) entries.push({ name, number, aliases });
  }
  return entries;
}

/**
 * Reads and parses a protocols file (default /etc/protocols). A missing or unreadable file
 * reads as empty.
 */
export async function readProtocols(path: string = PROTOCOLS_PATH): Promise<ProtocolEntry[]> {
  return parseProtocols(await readDbFile(path));
}

/**
 * Finds a protocol by name or alias, like getprotobyname(3); returns the first matching
 * line or null. Names are case-sensitive, as in glibc.
 *
 * @example
 * ```ts
 * (await getProtocolByName("udp"))?.number; // 17
 * ```
 */
export async function getProtocolByName(name: string, path: string = PROTOCOLS_PATH): Promise<ProtocolEntry | null> {
  for (const entry of await readProtocols(path)) {
    if (entry.name === name || entry.aliases.includes(name)) return entry;
  }
  return null;
}

/**
 * Finds a protocol by number, like getprotobynumber(3); returns the first matching line or
 * null.
 *
 * @example
 * ```ts
 * (await getProtocolByNumber(6))?.name; // "tcp"
 * ```
 */
export async function getProtocolByNumber(
  number: number,
  path: string = PROTOCOLS_PATH,
): Promise<ProtocolEntry | null> {
  for (const entry of await readProtocols(path)) {
    if (entry.number === number) return entry;
  }
  return null;
}
