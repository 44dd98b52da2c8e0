/**
 * Types shared by the resolver: hints in, address records out, in the spirit of
 * getaddrinfo(3).
 *
 * @module
 */

/** An address family: 4, 6, or 0 for "either" (AF_UNSPEC). */
export type AddrFamily = 0 | 4 | 6;

/** What the caller wants back, like `struct addrinfo` hints. */
export interface AddrInfoHints {
  /** 4, 6, or 0 (the default) for both. */
  family?: AddrFamily;
  /** "stream" (TCP, the default) or "dgram" (UDP); picks the protocol for service names. */
  socktype?: "stream" | "dgram";
  /** AI_PASSIVE: with no host, return wildcard addresses for binding instead of loopback. */
  passive?: boolean;
  /** AI_NUMERICHOST: the host must be a numeric literal; never look a name up. */
  numericHost?: boolean;
  /** AI_NUMERICSERV: the service must be a port number. */
  numericService?: boolean;
  /** AI_ADDRCONFIG: return a family only if this machine has a non-loopback address of it. */
  addrConfig?: boolean;
  /** AI_CANONNAME: set `canonicalName` on the first result. */
  canonName?: boolean;
  /** Which family to put first when ordering for connecting. Default 6 (RFC 6724 prefers IPv6). */
  preferFamily?: 4 | 6;
  /** Paths and lookups that tests replace. */
  hostsPath?: string;
  servicesPath?: string;
  /** The system lookup, defaulting to `node:dns` `lookup(host, { all: true })`. */
  systemLookup?: (host: string, family: AddrFamily) => Promise<{ address: string; family: 4 | 6 }[]>;
}

/** One address to connect to or bind, like one `struct addrinfo`. */
export interface AddrInfo {
  family: 4 | 6;
  /** Numeric address text: "127.0.0.1", "::1", "fe80::1%eth0". */
  address: string;
  port: number;
  socktype: "stream" | "dgram";
  protocol: "tcp" | "udp";
  /** Set on the first result when `canonName` was asked. */
  canonicalName?: string;
}
