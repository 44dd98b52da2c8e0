/**
 * getaddrinfo's and getnameinfo's DNS path: the search list and ndots, A and AAAA asked
 * together, CNAME chains followed, PTR for reverse lookups, and DNS outcomes turned into
 * EAI_* codes.
 *
 * @module
 */
import { exchange, type Outcome } from "./_dns_exchange.ts";
import { nameLabels, sameName } from "./dns/_name.ts";
import { RCODES, RR_TYPES } from "./dns/types.ts";
import { formatDnsServer } from "./dns_servers.ts";
import { type DnsOptions, loadDnsConfig, type ResolvedDnsConfig } from "./dns_query.ts";
import { GaiError } from "./gai_error.ts";
import type { Literal } from "./_literal.ts";

/** The most CNAME records followed for one name, across messages (glibc stops at 16 too). */
export const MAX_CNAME_HOPS = 16;

/** What a DNS lookup found. */
export interface DnsFound {
  /** Numeric address texts with their family, AAAA first, in answer order. */
  addresses: { family: 4 | 6; address: string }[];
  /** The name the addresses belong to, at the end of any CNAME chain. */
  canonicalName: string;
}

/** How one name fared for one record type. */
type _Result =
  | { kind: "found"; values: string[]; name: string }
  | { kind: "none"; detail: string; nxdomain: boolean }
  | { kind: "again"; detail: string };

/**
 * Looks `host` up by DNS in `families`, through the search list as resolv.conf(5) says: a
 * name with a final dot is asked as is; one with at least `ndots` dots is asked as is and
 * then with each search domain; a shorter one with each search domain first, then as is.
 *
 * @throws {GaiError} EAI_NONAME when every candidate name is NXDOMAIN or has no address of
 * the families (the server named); EAI_AGAIN when a server failed or none answered and no
 * candidate was found; EAI_FAIL for a CNAME chain longer than {@linkcode MAX_CNAME_HOPS}.
 */
export async function dnsLookup(
  host: string,
  families: (4 | 6)[],
  options: DnsOptions,
  service: string | number | null = null,
): Promise<DnsFound> {
  const config = await loadDnsConfig(options);
  const notFound: string[] = [];
  const again: string[] = [];
  for (const name of candidates(host, config)) {
    const types = families.map((f) => (f === 6 ? RR_TYPES.AAAA : RR_TYPES.A));
    const outcomes = await exchange(types.map((type) => ({ name, type })), config);
    const results = await Promise.all(outcomes.map((o, i) => follow(name, types[i], o, config, host, service)));
    const addresses: DnsFound["addresses"] = [];
    let canonicalName = name;
    results.forEach((r, i) => {
      if (r.kind !== "found") return;
      if (addresses.length === 0) canonicalName = r.name;
      for (const address of r.values) addresses.push({ family: families[i], address });
    });
    if (addresses.length > 0) return { addresses, canonicalName };
    // NXDOMAIN for one type settles the name (RFC 8020): the other type's failure does not matter.
    const none = results.filter((r): r is Extract<_Result, { kind: "none" }> => r.kind === "none");
    const failed = results.filter((r): r is Extract<_Result, { kind: "again" }> => r.kind === "again");
    const nx = none.find((r) => r.nxdomain);
    if (nx === undefined && failed.length > 0) again.push(...failed.map((r) => r.detail));
    else notFound.push((nx ?? none[0]).detail);
  }
  if (again.length > 0) throw new GaiError("EAI_AGAIN", { host, service, detail: again.join("; ") });
  throw new GaiError("EAI_NONAME", { host, service, detail: notFound.join("; ") });
}

/** The names to ask for `host`, in order (resolv.conf(5) `search` and `ndots`). */
function candidates(host: string, config: ResolvedDnsConfig): string[] {
  if (host.endsWith(".")) return [host.slice(0, -1)];
  const searched = config.search.map((domain) => `${host}.${domain}`).filter(askable);
  const dots = host.split(".").length - 1;
  return dots >= config.ndots ? [host, ...searched] : [...searched, host];
}

function askable(name: string): boolean {
  try {
    nameLabels(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The records of `type` an outcome gives for `name`, following CNAME records in the answer
 * and, from a server that does not recurse, asking again for the end of the chain.
 */
async function follow(
  name: string,
  type: number,
  outcome: Outcome,
  config: ResolvedDnsConfig,
  host: string,
  service: string | number | null,
  hops = 0,
): Promise<_Result> {
  if (!outcome.ok) return { kind: "again", detail: outcome.failures.join("; ") };
  const { message, server } = outcome;
  let current = name;
  for (;;) {
    const cname = message.answers.find((rr) => rr.type === RR_TYPES.CNAME && sameName(rr.name, current));
    if (cname === undefined) break;
    if (++hops > MAX_CNAME_HOPS) {
      throw new GaiError("EAI_FAIL", { host, service, detail: `CNAME chain longer than ${MAX_CNAME_HOPS} at ${name}` });
    }
    current = cname.data as string;
  }
  const values = message.answers.filter((rr) => rr.type === type && sameName(rr.name, current)).map((rr) =>
    rr.data as string
  );
  if (values.length > 0) return { kind: "found", values, name: current };
  const where = formatDnsServer(server);
  // RFC 6604: the rcode speaks of the last name in the chain.
  if (message.rcode === RCODES.NXDOMAIN) return { kind: "none", detail: `NXDOMAIN from ${where}`, nxdomain: true };
  if (current !== name && !message.recursionAvailable) {
    // A server that does not recurse (RA clear) gives the chain only as far as its own data
    // goes: ask for the end of it. A recursive server followed the chain already, so an end
    // without records there is "no record", as glibc reads it, and costs no second query.
    const [next] = await exchange([{ name: current, type }], config);
    return follow(current, type, next, config, host, service, hops);
  }
  const typeName = type === RR_TYPES.A ? "A" : type === RR_TYPES.AAAA ? "AAAA" : "PTR";
  return { kind: "none", detail: `no ${typeName} record at ${where}`, nxdomain: false };
}

/**
 * The names PTR records give for an address, by DNS: "1.2.0.192.in-addr.arpa" for
 * 192.0.2.1, the reversed nibbles under "ip6.arpa" for IPv6 (RFC 3596 §2.5), following
 * CNAME records (RFC 2317 delegation). No name (NXDOMAIN, no PTR) is an empty list.
 *
 * @throws {GaiError} EAI_AGAIN when no server answered or every server failed.
 */
export async function dnsReverse(literal: Literal, options: DnsOptions): Promise<string[]> {
  const config = await loadDnsConfig(options);
  const name = reverseName(literal);
  const [outcome] = await exchange([{ name, type: RR_TYPES.PTR }], config);
  const result = await follow(name, RR_TYPES.PTR, outcome, config, literal.address, null);
  if (result.kind === "again") throw new GaiError("EAI_AGAIN", { host: literal.address, detail: result.detail });
  return result.kind === "found" ? result.values : [];
}

/** The PTR name of an address: "1.2.0.192.in-addr.arpa", or 32 nibbles then "ip6.arpa". */
export function reverseName(literal: Literal): string {
  const b = literal.bytes;
  if (literal.family === 4) return `${b[3]}.${b[2]}.${b[1]}.${b[0]}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) nibbles.push((b[i] & 0xf).toString(16), (b[i] >> 4).toString(16));
  return `${nibbles.join(".")}.ip6.arpa`;
}
