/**
 * Text to binary addresses, like inet_pton(3): strict dotted-quad IPv4 and RFC 4291 IPv6.
 *
 * @module
 */

import { isZone, parseIpv4, parseIpv6 } from "./_parse_ip.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/**
 * Parses an IPv4 or IPv6 address in text form into network-order bytes (4 or 16), or
 * returns null if `text` is not an address of that family.
 *
 * IPv4 is strict dotted-quad: four decimal parts 0–255 with no leading zeros, so the
 * shorthand ("127.1"), octal ("010.0.0.1") and hex ("0x7f.0.0.1") forms that inet_aton(3)
 * takes are refused. IPv6 follows RFC 4291 §2.2: eight groups of 1–4 hex digits, one "::"
 * for one or more zero groups, and an optional dotted-quad tail ("::ffff:192.0.2.1").
 * A zone ("fe80::1%eth0") is refused here; see {@linkcode parseIpv6WithZone}.
 *
 * @example
 * ```ts
 * inetPton(4, "127.0.0.1"); // Uint8Array [127, 0, 0, 1]
 * inetPton(6, "::1");       // 15 zero bytes, then 1
 * inetPton(4, "127.1");     // null
 * ```
 */
export function inetPton(family: 4 | 6, text: string): Uint8Array | null {
  if (family === 4) {
    const out = new Uint8Array(4);
    return parseIpv4(text, 0, text.length, out, 0) ? out : null;
  }
  if (family === 6) {
    const out = new Uint8Array(16);
    return parseIpv6(text, 0, text.length, out) ? out : null;
  }
  throw new InvalidArgumentError(`inetPton: family must be 4 or 6, got ${family}`);
}

/** An IPv6 address with the zone (scope) that followed its "%", if any. */
export interface Ipv6WithZone {
  /** The 16 address bytes, network order. */
  bytes: Uint8Array;
  /** The zone text after "%" ("eth0", "2"), or null when there was none. */
  zone: string | null;
}

/**
 * Parses IPv6 text that may end in a zone, "fe80::1%eth0" (RFC 4007 §11), or returns null.
 *
 * The zone must be one or more URI-unreserved characters (letters, digits, "-", ".", "_",
 * "~"), which covers interface names and numeric indexes; RFC 6874 asks the same of zones
 * in URLs. It is kept as text: mapping it to an interface is the socket layer's job.
 *
 * @example
 * ```ts
 * parseIpv6WithZone("fe80::1%eth0"); // { bytes: fe80 0 … 1, zone: "eth0" }
 * parseIpv6WithZone("::1");          // { bytes: …, zone: null }
 * parseIpv6WithZone("::1%");         // null
 * ```
 */
export function parseIpv6WithZone(text: string): Ipv6WithZone | null {
  const out = new Uint8Array(16);
  const end = text.indexOf("%");
  if (end === -1) return parseIpv6(text, 0, text.length, out) ? { bytes: out, zone: null } : null;
  if (!parseIpv6(text, 0, end, out) || !isZone(text, end + 1)) return null;
  return { bytes: out, zone: text.slice(end + 1) };
}
