/**
 * getnameinfo: an address and a port back to a host name and a service name.
 *
 * @module
 */

import { GaiError } from "./gai_error.ts";
import { getHostByAddr } from "./hosts.ts";
import { inetNtop } from "./inet_ntop.ts";
import { getServiceByPort } from "./services.ts";
import { parseLiteral } from "./_literal.ts";
import { dnsReverse } from "./_dns_lookup.ts";
import { gaiErrorFromSystem, systemReverse } from "./_system.ts";

/** The flags of getnameinfo(3), and the files and lookup that tests replace. */
export interface NameInfoFlags {
  /** NI_NUMERICHOST: return the address text; never look a name up. */
  numericHost?: boolean;
  /** NI_NUMERICSERV: return the port number as text; never read the services file. */
  numericService?: boolean;
  /** NI_NAMEREQD: fail with EAI_NONAME instead of falling back to the address text. */
  nameRequired?: boolean;
  /** NI_DGRAM: the service is UDP, not TCP (a few ports have different names). */
  dgram?: boolean;
  /** The hosts file to read. Default "/etc/hosts". */
  hostsPath?: string;
  /** The services file to read. Default "/etc/services". */
  servicesPath?: string;
  /** "system" (default): the system reverse lookup; "dns": PTR records asked by http10's own resolver. */
  resolver?: "system" | "dns";
  /** With `resolver: "dns"`: servers as "ADDR", "ADDR:PORT" or "[IPv6]:PORT", instead of resolv.conf's. */
  nameservers?: readonly string[];
  /** With `resolver: "dns"`: the resolv.conf to read. Default "/etc/resolv.conf". */
  resolvConfPath?: string;
  /** The reverse lookup, defaulting to `node:dns` `reverse` (PTR records). */
  systemReverse?: (address: string) => Promise<string[]>;
}

/** What getnameinfo found: a host name (or address text) and a service name (or port). */
export interface NameInfo {
  host: string;
  service: string;
}

/**
 * Turns an address and a port into a host name and a service name, in the spirit of
 * getnameinfo(3).
 *
 * The host name comes from the hosts file, then from the system reverse lookup (or with
 * `resolver: "dns"`, from PTR records asked by http10's own resolver); when
 * neither has one, the canonical address text is returned (with its zone), unless
 * `nameRequired`. An IPv4-mapped address (::ffff:192.0.2.1) is looked up as its IPv4
 * address, as glibc does. The service name comes from the services file for TCP (UDP with
 * `dgram`); a port without a name is returned as decimal text.
 *
 * @throws {GaiError} EAI_NONAME if `address` is not a numeric address, or if
 * `nameRequired` and no name was found; EAI_SERVICE if `port` is not 0–65535; EAI_AGAIN if
 * the reverse lookup failed for now. Other reverse lookup failures count as "no name".
 * @example
 * ```ts
 * await getnameinfo("127.0.0.1", 80);                      // { host: "localhost", service: "http" }
 * await getnameinfo("::1", 8080, { numericHost: true });   // { host: "::1", service: "http-alt" }
 * ```
 */
export async function getnameinfo(address: string, port: number, flags: NameInfoFlags = {}): Promise<NameInfo> {
  const literal = parseLiteral(address);
  if (literal === null) {
    throw new GaiError("EAI_NONAME", { host: address, service: port, detail: "not a numeric address" });
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new GaiError("EAI_SERVICE", { host: address, service: port, detail: "port must be an integer 0–65535" });
  }

  let host: string | null = null;
  if (!flags.numericHost) {
    const target = lookupTarget(literal.bytes, literal.family) ?? literal.address;
    host = (await getHostByAddr(target, flags.hostsPath))?.name ?? null;
    if (host === null && flags.resolver === "dns") {
      // Glibc asks for the IPv4 address inside an IPv4-mapped one, so we do too.
      host = (await dnsReverse(parseLiteral(target)!, flags))[0] ?? null;
    } else if (host === null) {
      try {
        host = (await (flags.systemReverse ?? systemReverse)(target))[0] ?? null;
      } catch (err) {
        const gai = gaiErrorFromSystem(err, address, port);
        if (gai.code === "EAI_AGAIN") throw gai;
        // glibc too treats a reverse lookup that found nothing, or could not run, as no name.
      }
    }
  }
  if (host === null) {
    if (flags.nameRequired) {
      throw new GaiError("EAI_NONAME", { host: address, service: port, detail: "no name for address" });
    }
    host = literal.address;
  }

  let service = String(port);
  if (!flags.numericService) {
    service = (await getServiceByPort(port, flags.dgram ? "udp" : "tcp", flags.servicesPath))?.name ?? service;
  }
  return { host, service };
}

/** The IPv4 text inside an IPv4-mapped IPv6 address, or null for any other address. */
function lookupTarget(bytes: Uint8Array, family: 4 | 6): string | null {
  if (family !== 6) return null;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return null;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return null;
  return inetNtop(4, bytes.subarray(12));
}
