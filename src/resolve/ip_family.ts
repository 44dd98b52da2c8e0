/**
 * Which family an address text belongs to, without allocating.
 *
 * @module
 */

import { isZone, parseIpv4, parseIpv6 } from "./_parse_ip.ts";

// The scanners need somewhere to write; a check only wants the verdict, so share one buffer.
const scratch = new Uint8Array(16);

/**
 * True if `text` is a strict dotted-quad IPv4 address ("192.0.2.1"; not "127.1", "01.2.3.4").
 *
 * @example
 * ```ts
 * isIPv4("127.0.0.1"); // true
 * isIPv4("127.1");     // false
 * ```
 */
export function isIPv4(text: string): boolean {
  return parseIpv4(text, 0, text.length, scratch, 0);
}

/**
 * True if `text` is an IPv6 address, with or without a zone ("::1", "fe80::1%eth0").
 *
 * Like `node:net` `isIPv6`, and unlike {@linkcode inetPton}, this accepts a zone, because
 * the addresses getaddrinfo returns may carry one.
 *
 * @example
 * ```ts
 * isIPv6("::ffff:192.0.2.1"); // true
 * isIPv6("fe80::1%eth0");     // true
 * isIPv6("1::2::3");          // false
 * ```
 */
export function isIPv6(text: string): boolean {
  const percent = text.indexOf("%");
  if (percent === -1) return parseIpv6(text, 0, text.length, scratch);
  return parseIpv6(text, 0, percent, scratch) && isZone(text, percent + 1);
}

/**
 * The family of an address text: 4, 6 (zone allowed), or 0 if it is neither.
 *
 * @example
 * ```ts
 * ipFamily("10.0.0.1");   // 4
 * ipFamily("::1");        // 6
 * ipFamily("localhost");  // 0
 * ```
 */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  if (isIPv6(text)) return 6;
  return 0;
}
