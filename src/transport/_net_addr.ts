/**
 * Builds `NetAddr` values the same way for both adapters.
 *
 * @module
 */
import type { Family, NetAddr } from "./types.ts";

const MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * A `NetAddr` from what a runtime reports: brackets dropped, IPv4-mapped IPv6
 * ("::ffff:127.0.0.1", what a dual-stack socket sees for IPv4 peers) reported as IPv4.
 */
export function netAddr(transport: "tcp" | "udp", hostname: string, port: number): NetAddr {
  if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
  let family: Family = 4;
  if (hostname.includes(":")) {
    const mapped = MAPPED.exec(hostname);
    if (mapped === null) family = 6;
    else hostname = mapped[1];
  }
  return { transport, hostname, port, family };
}
