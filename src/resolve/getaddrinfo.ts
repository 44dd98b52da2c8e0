/**
 * getaddrinfo: a host and a service to the addresses to connect to or bind, in order.
 *
 * @module
 */

import { GaiError, type GaiErrorCode } from "./gai_error.ts";
import { getHostByName } from "./hosts.ts";
import { getServiceByName } from "./services.ts";
import { sortAddresses } from "./sort_addresses.ts";
import { parseDecimal } from "./_db.ts";
import { hostnameProblem, isInvalidName, isLocalhostName } from "./_hostname.ts";
import { type Literal, parseLiteral } from "./_literal.ts";
import { dnsLookup } from "./_dns_lookup.ts";
import { configuredFamilies, gaiErrorFromSystem, systemLookup } from "./_system.ts";
import type { AddrFamily, AddrInfo, AddrInfoHints } from "./types.ts";

type Fail = (code: GaiErrorCode, detail?: string) => GaiError;

/**
 * Resolves a host and a service to socket addresses, in the spirit of getaddrinfo(3).
 *
 * The host is tried as, in order:
 * 1. `null`: the wildcard addresses "::" and "0.0.0.0" with `passive` (for binding), else
 *    the loopback addresses "::1" and "127.0.0.1";
 * 2. a numeric literal (strict IPv4, or IPv6 with an optional "%zone"): used as is, never
 *    looked up. A literal of the other family than `family` asks for is EAI_ADDRFAMILY, as
 *    in glibc;
 * 3. "localhost" or a name ending in ".localhost": loopback, never looked up (RFC 6761 §6.3);
 *    "invalid" and names under it: EAI_NONAME, never looked up (RFC 6761 §6.4);
 * 4. the hosts file (`hostsPath`, default /etc/hosts);
 * 5. the system lookup (`systemLookup`, default `node:dns` `lookup`), or with `resolver: "dns"`
 *    http10's own stub resolver: the search list of resolv.conf, A and AAAA asked in parallel
 *    over UDP (TCP after a truncated answer), CNAME chains followed.
 *
 * The service is a port number (0–65535, as a number or decimal text), a name from the
 * services file for the socket type's protocol, or null for port 0.
 *
 * Results have no repeats and are ordered for connecting by {@linkcode sortAddresses}:
 * `preferFamily` (default 6) first, then the families interleaved.
 *
 * @throws {GaiError} EAI_NONAME when the host is unknown, malformed, not numeric under
 * `numericHost`, or both host and service are null; EAI_SERVICE for an unknown service;
 * EAI_ADDRFAMILY, EAI_FAMILY, EAI_SOCKTYPE, EAI_BADFLAGS for conflicting hints;
 * EAI_AGAIN and EAI_FAIL when the system lookup fails. With `resolver: "dns"`: EAI_NONAME
 * for NXDOMAIN or no address, EAI_AGAIN for SERVFAIL, REFUSED or no answer in time (the
 * servers named in the message).
 * @throws {InvalidDnsServersError} for a `nameservers` entry that is not a numeric address.
 * @example
 * ```ts
 * const addrs = await getaddrinfo("localhost", "http");
 * // [{ family: 6, address: "::1", port: 80, socktype: "stream", protocol: "tcp" },
 * //  { family: 4, address: "127.0.0.1", port: 80, socktype: "stream", protocol: "tcp" }]
 * const bind = await getaddrinfo(null, 8080, { passive: true }); // "::" and "0.0.0.0"
 * ```
 */
export async function getaddrinfo(
  host: string | null,
  service: string | number | null,
  hints: AddrInfoHints = {},
): Promise<AddrInfo[]> {
  const fail: Fail = (code, detail) => new GaiError(code, { host, service, detail });
  const family = hints.family ?? 0;
  const socktype = hints.socktype ?? "stream";
  const preferFamily = hints.preferFamily ?? 6;
  if (family !== 0 && family !== 4 && family !== 6) throw fail("EAI_FAMILY");
  if (preferFamily !== 4 && preferFamily !== 6) throw fail("EAI_FAMILY", "preferFamily must be 4 or 6");
  if (socktype !== "stream" && socktype !== "dgram") throw fail("EAI_SOCKTYPE");
  if (host === null && service === null) throw fail("EAI_NONAME", "host and service are both null");
  if (hints.resolver !== undefined && hints.resolver !== "system" && hints.resolver !== "dns") {
    throw fail("EAI_BADFLAGS", 'resolver must be "system" or "dns"');
  }
  // RFC 3493 §6.1: AI_CANONNAME without a host name is EAI_BADFLAGS.
  if (host === null && hints.canonName) throw fail("EAI_BADFLAGS", "canonName needs a host");

  const protocol = socktype === "stream" ? "tcp" : "udp";
  // The service first: an unknown service fails without a network lookup.
  const port = await servicePort(service, protocol, hints, fail);
  const { found, canonicalName } = await hostAddresses(host, service, family, hints, fail);

  const seen = new Set<string>();
  const results: AddrInfo[] = [];
  for (const { family, address } of found) {
    if (seen.has(address)) continue;
    seen.add(address);
    results.push({ family, address, port, socktype, protocol });
  }
  const ordered = sortAddresses(results, preferFamily);
  if (hints.canonName && canonicalName !== undefined) ordered[0].canonicalName = canonicalName;
  return ordered;
}

async function servicePort(
  service: string | number | null,
  protocol: "tcp" | "udp",
  hints: AddrInfoHints,
  fail: Fail,
): Promise<number> {
  if (service === null) return 0;
  if (typeof service === "number") {
    if (Number.isInteger(service) && service >= 0 && service <= 65535) return service;
    throw fail("EAI_SERVICE", "port must be an integer 0–65535");
  }
  if (/^[0-9]+$/.test(service)) {
    const port = parseDecimal(service, 65535);
    if (port !== -1) return port;
    throw fail("EAI_SERVICE", "port must be 0–65535");
  }
  if (hints.numericService) throw fail("EAI_NONAME", "numericService: not a port number");
  const entry = await getServiceByName(service, protocol, hints.servicesPath);
  if (entry === null) throw fail("EAI_SERVICE", `no ${protocol} service of that name`);
  return entry.port;
}

async function hostAddresses(
  host: string | null,
  service: string | number | null,
  family: AddrFamily,
  hints: AddrInfoHints,
  fail: Fail,
): Promise<{ found: Literal[]; canonicalName?: string }> {
  if (host === null) {
    return { found: literals(hints.passive ? ["::", "0.0.0.0"] : ["::1", "127.0.0.1"], family) };
  }

  const literal = parseLiteral(host);
  if (literal !== null) {
    if (family !== 0 && literal.family !== family) throw fail("EAI_ADDRFAMILY", `an IPv${literal.family} address`);
    return { found: [literal], canonicalName: host };
  }
  if (hints.numericHost) throw fail("EAI_NONAME", "numericHost: not a numeric address");
  const problem = hostnameProblem(host);
  if (problem !== null) throw fail("EAI_NONAME", problem);
  if (isLocalhostName(host)) return { found: literals(["::1", "127.0.0.1"], family), canonicalName: host };
  if (isInvalidName(host)) throw fail("EAI_NONAME", "names under .invalid never resolve (RFC 6761)");

  let families: (4 | 6)[] = family === 0 ? [6, 4] : [family];
  if (hints.addrConfig) {
    const configured = await configuredFamilies(hints.networkInterfaces);
    families = families.filter((f) => configured.has(f));
    if (families.length === 0) throw fail("EAI_NONAME", "addrConfig: no address of that family on this machine");
  }

  const ent = await getHostByName(host, hints.hostsPath);
  if (ent !== null) {
    const found = literals(ent.addresses, 0).filter((l) => families.includes(l.family));
    if (found.length > 0) return { found, canonicalName: ent.name };
  }

  if (hints.resolver === "dns") {
    const dns = await dnsLookup(host, families, hints, service);
    const found = literals(dns.addresses.map((a) => a.address), 0).filter((l) => families.includes(l.family));
    return { found, canonicalName: dns.canonicalName };
  }
  let answers;
  try {
    answers = await (hints.systemLookup ?? systemLookup)(host, families.length === 2 ? 0 : families[0]);
  } catch (err) {
    throw gaiErrorFromSystem(err, host, service);
  }
  // Trust nothing from outside: parse, canonicalize and filter what the lookup returned.
  const found = literals(answers.map((a) => a.address), 0).filter((l) => families.includes(l.family));
  if (found.length === 0) throw fail("EAI_NONAME", "no address of that family");
  return { found, canonicalName: host };
}

/** Parses address texts, keeping those of `family` (0: any) and dropping non-addresses. */
function literals(texts: string[], family: AddrFamily): Literal[] {
  const out: Literal[] = [];
  for (const text of texts) {
    const literal = parseLiteral(text);
    if (literal !== null && (family === 0 || literal.family === family)) out.push(literal);
  }
  return out;
}
