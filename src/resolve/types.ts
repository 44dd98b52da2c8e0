/**
 * Types shared by the resolver: hints in, address records out, in the spirit of
 * getaddrinfo(3).
 *
 * @module
 */

/** An address family: 4, 6, or 0 for "either" (AF_UNSPEC). */
export type AddrFamily = 0 | 4 | 6;

/** One address as `node:dns` `lookup(host, { all: true })` reports it. */
export interface LookupAddress {
  /** Numeric address text. */
  address: string;
  /** The family of `address`. */
  family: 4 | 6;
}

/**
 * One interface address as `node:os` `networkInterfaces()` reports it (`family` is "IPv4"
 * or "IPv6"; old Node versions said 4 or 6).
 */
export interface InterfaceAddress {
  address: string;
  family: string | number;
  internal: boolean;
}

/** What the caller wants back, like `struct addrinfo` hints. */
export interface AddrInfoHints {
  /** 4, 6, or 0 (the default) for both. */
  family?: AddrFamily;
  /**
   * "stream" (TCP, the default) or "dgram" (UDP); picks the protocol for service names.
   * Unlike getaddrinfo(3) with `ai_socktype` 0, one call returns one socket type only.
   */
  socktype?: "stream" | "dgram";
  /** AI_PASSIVE: with no host, return wildcard addresses for binding instead of loopback. */
  passive?: boolean;
  /** AI_NUMERICHOST: the host must be a numeric literal; never look a name up. */
  numericHost?: boolean;
  /** AI_NUMERICSERV: the service must be a port number. */
  numericService?: boolean;
  /**
   * AI_ADDRCONFIG: look a name up only in the families this machine has a non-loopback
   * (and, for IPv6, non-link-local) address of. Literals, `localhost` and a null host are
   * never filtered.
   */
  addrConfig?: boolean;
  /** AI_CANONNAME: set `canonicalName` on the first result. Needs a host (else EAI_BADFLAGS). */
  canonName?: boolean;
  /** Which family to put first when ordering for connecting. Default 6 (RFC 6724 prefers IPv6). */
  preferFamily?: 4 | 6;
  /** The hosts file to read. Default "/etc/hosts". */
  hostsPath?: string;
  /** The services file to read for service names. Default "/etc/services". */
  servicesPath?: string;
  /**
   * Who looks names up after the hosts file: "system" (the default), the system lookup
   * (`systemLookup`); or "dns", http10's own stub resolver, which asks the servers of
   * resolv.conf (or `nameservers`) over UDP and TCP itself.
   */
  resolver?: "system" | "dns";
  /** With `resolver: "dns"`: servers as "ADDR", "ADDR:PORT" or "[IPv6]:PORT", instead of resolv.conf's. */
  nameservers?: readonly string[];
  /** With `resolver: "dns"`: the resolv.conf to read. Default "/etc/resolv.conf". */
  resolvConfPath?: string;
  /** The system lookup, defaulting to `node:dns` `lookup(host, { all: true, family })`. */
  systemLookup?: (host: string, family: AddrFamily) => Promise<LookupAddress[]>;
  /** The interface list `addrConfig` reads, defaulting to `node:os` `networkInterfaces()`. */
  networkInterfaces?: () => Record<string, InterfaceAddress[] | undefined>;
}

/** One address to connect to or bind, like one `struct addrinfo`. */
export interface AddrInfo {
  /** The family of `address`. */
  family: 4 | 6;
  /** Numeric address text in canonical form: "127.0.0.1", "::1", "fe80::1%eth0". */
  address: string;
  /** The port, 0–65535 (0 when the service was null). */
  port: number;
  /** The socket type asked for in the hints. */
  socktype: "stream" | "dgram";
  /** The protocol that goes with `socktype`. */
  protocol: "tcp" | "udp";
  /** Set on the first result when `canonName` was asked. */
  canonicalName?: string;
}
