/**
 * The stub resolver's configuration file, resolv.conf(5): name servers, the search list
 * and the options that bound how long a lookup may take.
 *
 * @module
 */
import { parseDecimal, readDbFile } from "./_db.ts";
import { DNS_PORT, type DnsServer } from "./dns_servers.ts";
import { parseLiteral } from "./_literal.ts";

/** The default configuration file. */
export const RESOLV_CONF_PATH = "/etc/resolv.conf";

/** What resolv.conf says, with glibc's defaults and limits applied. */
export interface ResolvConf {
  /** `nameserver` lines, at most 3 (glibc's MAXNS), port 53. Default: 127.0.0.1. */
  nameservers: DnsServer[];
  /** `search` (or `domain`) domains to append to a short name, in order. Default: none. */
  search: string[];
  /** `options ndots:n`: a name with at least this many dots is first tried as is. Default 1, at most 15. */
  ndots: number;
  /** `options timeout:n`: seconds to wait for one server's answer. Default 5, at most 30. */
  timeout: number;
  /** `options attempts:n`: rounds over the servers before giving up. Default 2, at most 5. */
  attempts: number;
  /** `options rotate`: spread queries over the servers, round-robin. */
  rotate: boolean;
  /** `options edns0`: ask with an EDNS0 OPT record, for answers larger than 512 bytes over UDP. */
  edns0: boolean;
}

const MAX_NAMESERVERS = 3;

/**
 * Parses the text of resolv.conf as glibc does: lines starting with "#" or ";" are comments;
 * of `domain` and `search` the last one wins; unknown keywords and options are ignored;
 * option values beyond glibc's limits are capped; a `nameserver` that is not a numeric
 * address is skipped.
 *
 * @example
 * ```ts
 * parseResolvConf("nameserver 192.0.2.53\nsearch example.com\noptions ndots:2 timeout:1\n");
 * // { nameservers: [{ address: "192.0.2.53", family: 4, port: 53 }], search: ["example.com"],
 * //   ndots: 2, timeout: 1, attempts: 2, rotate: false, edns0: false }
 * ```
 */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = {
    nameservers: [],
    search: [],
    ndots: 1,
    timeout: 5,
    attempts: 2,
    rotate: false,
    edns0: false,
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const [keyword, ...values] = line.split(/[ \t\r\f\v]+/);
    if (keyword === "nameserver" && values.length > 0) {
      const literal = parseLiteral(values[0]);
      if (literal !== null && conf.nameservers.length < MAX_NAMESERVERS) {
        conf.nameservers.push({ address: literal.address, family: literal.family, port: DNS_PORT });
      }
    } else if (keyword === "domain" && values.length > 0) {
      conf.search = [trimDot(values[0])];
    } else if (keyword === "search") {
      conf.search = values.map(trimDot).filter((d) => d !== "");
    } else if (keyword === "options") {
      for (const option of values) applyOption(conf, option);
    }
  }
  if (conf.nameservers.length === 0) conf.nameservers.push({ address: "127.0.0.1", family: 4, port: DNS_PORT });
  return conf;
}

function applyOption(conf: ResolvConf, option: string): void {
  const colon = option.indexOf(":");
  const name = colon === -1 ? option : option.slice(0, colon);
  const value = colon === -1 ? -1 : parseDecimal(option.slice(colon + 1), 0xffffffff);
  if (name === "rotate") conf.rotate = true;
  else if (name === "edns0") conf.edns0 = true;
  else if (value < 0) return;
  else if (name === "ndots") conf.ndots = Math.min(value, 15);
  else if (name === "timeout") conf.timeout = Math.max(1, Math.min(value, 30));
  else if (name === "attempts") conf.attempts = Math.max(1, Math.min(value, 5));
}

function trimDot(domain: string): string {
  return domain.endsWith(".") ? domain.slice(0, -1) : domain;
}

/**
 * Reads and parses resolv.conf (default /etc/resolv.conf). A missing or unreadable file
 * gives the defaults, as in glibc.
 */
export async function readResolvConf(path: string = RESOLV_CONF_PATH): Promise<ResolvConf> {
  return parseResolvConf(await readDbFile(path));
}

/** How often `loadResolvConf` looks at the file again: Go's resolver checks every 5 s too. */
export const RESOLV_CONF_RECHECK_MS = 5000;

interface _Loaded {
  conf: ResolvConf;
  /** When the file was last looked at, by the clock passed in. */
  checkedAt: number;
  /** Inode, size and modification time: a change in any means the file changed. */
  stamp: string;
}

const loaded = new Map<string, Promise<_Loaded>>();

/**
 * resolv.conf as the resolver uses it: read once per path, then looked at again (`stat`)
 * at most every {@linkcode RESOLV_CONF_RECHECK_MS} ms and read again only when it changed.
 * Reading it on every lookup would cost more than the lookup itself (a read and a parse,
 * 100–250 µs, against a loopback round trip of 25–150 µs); glibc (since 2.26) and Go also
 * notice a changed file without a restart.
 *
 * @param now the clock, in milliseconds; tests pass their own.
 */
export async function loadResolvConf(
  path: string = RESOLV_CONF_PATH,
  now: () => number = Date.now,
): Promise<ResolvConf> {
  const previous = loaded.get(path);
  const old = previous === undefined ? undefined : await previous.catch(() => undefined);
  if (old !== undefined && now() - old.checkedAt < RESOLV_CONF_RECHECK_MS) return old.conf;
  // Another caller may have started the check while we waited: share it.
  const current = loaded.get(path);
  if (current !== undefined && current !== previous) return (await current).conf;
  const next = (async (): Promise<_Loaded> => {
    const stamp = await fileStamp(path);
    if (old !== undefined && old.stamp === stamp) return { conf: old.conf, checkedAt: now(), stamp };
    return { conf: await readResolvConf(path), checkedAt: now(), stamp };
  })();
  loaded.set(path, next);
  try {
    return (await next).conf;
  } catch (err) {
    loaded.delete(path);
    throw err;
  }
}

async function fileStamp(path: string): Promise<string> {
  try {
    const { stat } = await import("node:fs/promises");
    const s = await stat(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return ""; // missing or unreadable: read as empty, as readResolvConf does
  }
}
