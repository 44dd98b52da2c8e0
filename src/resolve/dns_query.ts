/**
 * Asking DNS directly: one question to the configured name servers, the answer message
 * back — what `dig` does, and what getaddrinfo's `resolver: "dns"` builds on.
 *
 * @module
 */
import { type DnsConfig, exchange } from "./_dns_exchange.ts";
import { nameLabels } from "./dns/_name.ts";
import type { DnsMessage } from "./dns/types.ts";
import { rrTypeNumber } from "./dns/types.ts";
import { type DnsServer, parseDnsServers } from "./dns_servers.ts";
import { GaiError } from "./gai_error.ts";
import { loadResolvConf } from "./resolv_conf.ts";

/** Where and how to ask; each field overrides what resolv.conf says. */
export interface DnsOptions {
  /** Servers as "ADDR", "ADDR:PORT" or "[IPv6]:PORT" (see `parseDnsServers`), instead of resolv.conf's. */
  nameservers?: readonly string[];
  /** The resolv.conf to read. Default "/etc/resolv.conf". */
  resolvConfPath?: string;
  /** Milliseconds to wait for one server (resolv.conf: `options timeout:` seconds, default 5 s). */
  timeout?: number;
  /** Rounds over the servers (resolv.conf: `options attempts:`, default 2). */
  attempts?: number;
  /**
   * The UDP payload size to offer in an EDNS0 OPT record, or null for none. Default: 1232
   * (the DNS Flag Day 2020 size) with resolv.conf's `options edns0`, else none, as glibc.
   */
  udpSize?: number | null;
  /**
   * Queries one UDP socket carries before a new socket, with a new random source port, takes
   * over (c-ares's `udp_max_queries`). Default 64; 1 gives every lookup a socket of its own,
   * as glibc does, at the cost of a bind per lookup.
   */
  udpMaxQueries?: number;
}

/** The resolver's settings after resolv.conf and the options are merged. */
export interface ResolvedDnsConfig extends DnsConfig {
  /** Domains tried after (or before) a short name. */
  search: string[];
  /** A name with at least this many dots is tried as is first. */
  ndots: number;
}

/** The EDNS0 UDP payload size offered by default: fits an unfragmented IPv6 packet (DNS Flag Day 2020). */
export const EDNS_UDP_SIZE = 1232;

/** How many queries a UDP socket carries by default before a new one takes over. */
export const UDP_MAX_QUERIES = 64;

/**
 * Reads resolv.conf (cached: see `loadResolvConf`) and applies `options` over it.
 *
 * @throws {InvalidDnsServersError} if `nameservers` has an entry that is not a numeric address.
 */
export async function loadDnsConfig(options: DnsOptions = {}): Promise<ResolvedDnsConfig> {
  const conf = await loadResolvConf(options.resolvConfPath);
  const servers: DnsServer[] = options.nameservers !== undefined && options.nameservers.length > 0
    ? serversOf(options.nameservers.join(","))
    : conf.nameservers;
  return {
    servers,
    search: conf.search,
    ndots: conf.ndots,
    timeout: options.timeout ?? conf.timeout * 1000,
    attempts: options.attempts ?? conf.attempts,
    rotate: conf.rotate,
    udpSize: options.udpSize !== undefined ? options.udpSize : conf.edns0 ? EDNS_UDP_SIZE : null,
    udpMaxQueries: options.udpMaxQueries ?? UDP_MAX_QUERIES,
  };
}

// Parsed `nameservers` lists: a program asks the same few lists again and again.
const parsedServers = new Map<string, DnsServer[]>();

function serversOf(text: string): DnsServer[] {
  let servers = parsedServers.get(text);
  if (servers === undefined) {
    servers = parseDnsServers(text);
    if (parsedServers.size >= 64) parsedServers.clear();
    parsedServers.set(text, servers);
  }
  return servers;
}

/** An answer message and the server that gave it. */
export interface DnsAnswer {
  message: DnsMessage;
  server: DnsServer;
}

/**
 * Asks one question (class IN, recursion desired) of the name servers and returns the
 * answer as it came, whatever its rcode: NXDOMAIN is an answer here. The name is asked as
 * given: no search list, as `dig` does. Servers that time out, fail (SERVFAIL, REFUSED,
 * NOTIMP, FORMERR) or answer malformed bytes are skipped for the next one; when none gave
 * NOERROR or NXDOMAIN, the last failing answer (SERVFAIL, ...) is returned.
 *
 * @throws {GaiError} EAI_AGAIN when no server answered at all, naming each server and why;
 * EAI_NONAME for a name that cannot be asked (an empty label, over 255 bytes).
 * @throws {InvalidDnsServersError} for a bad `nameservers` entry.
 * @example
 * ```ts
 * const { message } = await queryDns("example.com", "AAAA", { nameservers: ["127.0.0.1:5353"] });
 * for (const rr of message.answers) console.log(rr.name, rr.ttl, rr.data);
 * ```
 */
export async function queryDns(name: string, type: number | string, options: DnsOptions = {}): Promise<DnsAnswer> {
  const number = typeof type === "number" ? type : rrTypeNumber(type);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new GaiError("EAI_FAIL", { host: name, detail: `unknown record type ${JSON.stringify(type)}` });
  }
  try {
    nameLabels(name);
  } catch (err) {
    throw new GaiError("EAI_NONAME", { host: name, detail: (err as Error).message, cause: err });
  }
  const config = await loadDnsConfig(options);
  const [outcome] = await exchange([{ name, type: number }], config);
  if (outcome.ok) return { message: outcome.message, server: outcome.server };
  if (outcome.last !== undefined) return outcome.last;
  throw new GaiError("EAI_AGAIN", { host: name, detail: outcome.failures.join("; ") });
}
