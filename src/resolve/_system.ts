/**
 * The resolver's only contact with the operating system: `node:dns` lookups (which run the
 * system's getaddrinfo on Deno and Bun alike) and `node:os` interface addresses.
 *
 * Both modules are loaded on first use, not with this one: on Deno each `node:` module
 * costs megabytes of memory (`node:dns` about 5 MiB of RSS), and a server listening on a
 * numeric address, or a client fetching one, never looks a name up.
 *
 * @module
 */

import { GaiError } from "./gai_error.ts";
import { parseIpv6 } from "./_parse_ip.ts";
import type { AddrFamily, InterfaceAddress, LookupAddress } from "./types.ts";

/** `node:dns` `lookup(host, { all: true, family })` as a promise. */
export async function systemLookup(host: string, family: AddrFamily): Promise<LookupAddress[]> {
  const { lookup } = await import("node:dns");
  return new Promise((resolve, reject) => {
    lookup(host, { all: true, family }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses as LookupAddress[]);
    });
  });
}

/** `node:dns` `reverse(address)` as a promise. */
export async function systemReverse(address: string): Promise<string[]> {
  const { reverse } = await import("node:dns");
  return new Promise((resolve, reject) => {
    reverse(address, (err, hostnames) => {
      if (err) reject(err);
      else resolve(hostnames);
    });
  });
}

/**
 * Translates a `node:dns` failure into the EAI_* code getaddrinfo(3) would have given:
 * no such name (ENOTFOUND, ENODATA) is EAI_NONAME, a timeout or a server that could not
 * answer now (EAI_AGAIN, ETIMEOUT) is EAI_AGAIN, anything else is EAI_FAIL.
 */
export function gaiErrorFromSystem(err: unknown, host: string | null, service: string | number | null): GaiError {
  const code = (err as { code?: unknown })?.code;
  const detail = typeof code === "string" ? code : err instanceof Error ? err.message : String(err);
  const gai = code === "ENOTFOUND" || code === "ENODATA"
    ? "EAI_NONAME"
    : code === "EAI_AGAIN" || code === "ETIMEOUT"
    ? "EAI_AGAIN"
    : "EAI_FAIL";
  return new GaiError(gai, { host, service, detail, cause: err });
}

/**
 * The families this machine has an address of that can reach beyond it: not loopback and,
 * for IPv6, not link-local (fe80::/10). RFC 3493 §6.1 leaves loopback out of AI_ADDRCONFIG;
 * a link-local address cannot reach a global one either. If the interface list cannot be
 * read (Deno without --allow-sys), both families are assumed, so nothing is dropped.
 */
export async function configuredFamilies(
  list?: () => Record<string, InterfaceAddress[] | undefined>,
): Promise<Set<4 | 6>> {
  let interfaces: Record<string, InterfaceAddress[] | undefined>;
  try {
    interfaces = (list ?? (await import("node:os")).networkInterfaces)();
  } catch {
    return new Set([4, 6]);
  }
  const found = new Set<4 | 6>();
  const bytes = new Uint8Array(16);
  for (const addrs of Object.values(interfaces)) {
    for (const a of addrs ?? []) {
      if (a.internal) continue;
      if (a.family === "IPv4" || a.family === 4) {
        if (!a.address.startsWith("127.")) found.add(4);
      } else if (a.family === "IPv6" || a.family === 6) {
        const percent = a.address.indexOf("%");
        const end = percent === -1 ? a.address.length : percent;
        if (!parseIpv6(a.address, 0, end, bytes)) continue;
        const linkLocal = bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80;
        const loopback = bytes.every((b, i) => b === (i === 15 ? 1 : 0));
        if (!linkLocal && !loopback) found.add(6);
      }
    }
  }
  return found;
}
