/**
 * The services database (services(5)): service names to port numbers per protocol.
 *
 * @module
 */

import { dbRecords, parseDecimal, readDbFile } from "./_db.ts";

/** One line of the services file: "http 80/tcp www". */
export interface ServiceEntry {
  name: string;
  port: number;
  /** The protocol as written: "tcp", "udp", "sctp", ... */
  protocol: string;
  aliases: string[];
}

/** The default services file. */
export const SERVICES_PATH = "/etc/services";

/**
 * Parses the text of a services file: "name port/protocol [alias...]" per line, "#" to the
 * end of a line is a comment. Lines whose port is not a decimal 0–65535 or whose protocol is
 * missing are skipped.
 *
 * @example
 * ```ts
 * parseServices("http 80/tcp www  # WorldWideWeb HTTP\n");
 * // [{ name: "http", port: 80, protocol: "tcp", aliases: ["www"] }]
 * ```
 */
export function parseServices(text: string): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  for (const [name, portProtocol, ...aliases] of dbRecords(text)) {
    if (portProtocol === undefined) continue;
    const slash = portProtocol.indexOf("/");
    if (slash === -1 || slash === portProtocol.length - 1) continue;
    const port = parseDecimal(portProtocol.slice(0, slash), 65535);
    if (port === -1) continue;
    entries.push({ name, port, protocol: portProtocol.slice(slash + 1), aliases });
  }
  return entries;
}

/**
 * Reads and parses a services file (default /etc/services). A missing or unreadable file
 * reads as empty.
 */
export async function readServices(path: string = SERVICES_PATH): Promise<ServiceEntry[]> {
  return parseServices(await readDbFile(path));
}

/**
 * Finds a service by name or alias for a protocol (null: any protocol), like
 * getservbyname(3); returns the first matching line or null. Names are case-sensitive, as
 * in glibc.
 *
 * @example
 * ```ts
 * (await getServiceByName("www", "tcp"))?.port; // 80
 * ```
 */
export async function getServiceByName(
  name: string,
  protocol: string | null = null,
  path: string = SERVICES_PATH,
): Promise<ServiceEntry | null> {
  for (const entry of await readServices(path)) {
    if (protocol !== null && entry.protocol !== protocol) continue;
    if (entry.name === name || entry.aliases.includes(name)) return entry;
  }
  return null;
}

/**
 * Finds a service by port for a protocol (null: any protocol), like getservbyport(3);
 * returns the first matching line or null.
 *
 * @example
 * ```ts
 * (await getServiceByPort(443, "tcp"))?.name; // "https"
 * ```
 */
export async function getServiceByPort(
  port: number,
  protocol: string | null = null,
  path: string = SERVICES_PATH,
): Promise<ServiceEntry | null> {
  for (const entry of await readServices(path)) {
    if (entry.port === port && (protocol === null || entry.protocol === protocol)) return entry;
  }
  return null;
}
