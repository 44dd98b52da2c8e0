/**
 * Numeric address literals as getaddrinfo, getnameinfo and the hosts file see them:
 * IPv4, or IPv6 with an optional zone, rewritten in canonical form.
 *
 * @module
 */

import { inetNtop } from "./inet_ntop.ts";
import { inetPton, parseIpv6WithZone } from "./inet_pton.ts";

/** A parsed address literal. */
export interface Literal {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
  /** The zone after "%", or null. */
  zone: string | null;
  /** Canonical text (RFC 5952 for IPv6), with "%zone" kept: "fe80::1%eth0". */
  address: string;
}

/** Parses a numeric address, or returns null if `text` is not one. */
export function parseLiteral(text: string): Literal | null {
  const v4 = inetPton(4, text);
  if (v4) return { family: 4, bytes: v4, zone: null, address: inetNtop(4, v4) };
  const v6 = parseIpv6WithZone(text);
  if (!v6) return null;
  const plain = inetNtop(6, v6.bytes);
  return { family: 6, bytes: v6.bytes, zone: v6.zone, address: v6.zone === null ? plain : `${plain}%${v6.zone}` };
}
