/**
 * Options of a `Client`, checked once when the client is made (`option_rules.ts`), never per request.
 *
 * @module
 */
import type { ResponseHead } from "../http10/parse_response.ts";
import { parseDnsServers } from "../resolve/dns_servers.ts";
import { ipFamily } from "../resolve/ip_family.ts";
import type { AddrInfoHints } from "../resolve/types.ts";
import type { DialOptions } from "../net/dial.ts";
import type { Conn } from "../transport/types.ts";
import { Agent } from "./agent.ts";
import { InvalidClientOptionsError } from "./errors.ts";
import { unbracket } from "./_url.ts";
import {
  atLeast,
  bool,
  checkOptions,
  fn,
  group,
  instanceOf,
  int,
  listOf,
  MAX_TIMER_MS,
  oneOf,
  recordOf,
  text,
} from "../errors/option_rules.ts";

/** The User-Agent the client sends unless told otherwise. */
export const USER_AGENT = "http10/0.1.0";

/** What `onConnect` learns about the connection a request goes out on. */
export interface ConnectInfo {
  /** The URL being requested (shared by requests to the same URL: do not change it). */
  url: URL;
  /** The connection; `remoteAddr` tells which address answered. */
  conn: Conn;
  /** True when the connection came from the agent's pool. */
  reused: boolean;
}

/** TLS options of a `Client`, for its `https:` requests. */
export interface ClientTlsOptions {
  /** CA certificates (PEM text) trusted besides the runtime's default roots. */
  caCerts?: string[];
  /** Accept any certificate, unverified (curl's `--insecure`). Default false. */
  insecure?: boolean;
}

/** Options of a `Client`. Every field is optional. */
export interface ClientOptions {
  /** A keep-alive pool. Without one, every request sends `Connection: close`. */
  agent?: Agent;
  /** Milliseconds for the whole request: lookup, connect, send, head and body. Default: none. */
  timeout?: number;
  /** Milliseconds for the lookup and connect phase, over every address (`ConnectTimeoutError`). Default: none. */
  connectTimeout?: number;
  /** Redirects followed before `TooManyRedirectsError`. Default 20, as fetch. */
  maxRedirects?: number;
  /** Largest response head, in bytes (`HeaderTooLargeError`). Default 65536. */
  maxHeadSize?: number;
  /** Most header fields in a response head (`TooManyHeadersError`). Default 256. */
  maxHeaderCount?: number;
  /** Largest response body, in bytes (`BodyTooLargeError`). Default: no limit. */
  maxBodySize?: number;
  /**
   * Headers sent with every request unless the request sets them itself. Replaces the
   * default, `{ "User-Agent": "http10/0.1.0", "Accept": "*\/*" }`.
   */
  headers?: Record<string, string>;
  /** How names are looked up (family 4 or 6, hosts file, the system lookup). */
  hints?: AddrInfoHints;
  /** "system" (default): the system lookup; "dns": http10's own stub resolver. Overrides `hints.resolver`. */
  resolver?: "system" | "dns";
  /**
   * With `resolver: "dns"`: the name servers to ask, as "ADDR", "ADDR:PORT" or "[IPv6]:PORT"
   * (curl's `--dns-servers`), instead of resolv.conf's. Overrides `hints.nameservers`.
   */
  nameservers?: string[];
  /**
   * Fixed addresses for "host:port" keys, tried in the order given, without a lookup (like
   * curl's `--resolve`): `{ "example.com:80": ["::1", "127.0.0.1"] }`.
   */
  resolve?: Record<string, readonly string[]>;
  /**
   * TLS for `https:` URLs: CA certificates (PEM) trusted besides the runtime's default
   * roots, or `insecure: true` to accept any certificate (curl's `-k`). Certificates are
   * verified for the URL's host name by default.
   */
  tls?: ClientTlsOptions;
  /** How addresses are tried: mode, per-attempt timeout, the connect function, `onAttempt`. */
  dial?: Pick<DialOptions, "mode" | "attemptDelay" | "connectTimeout" | "connect" | "clock" | "onAttempt">;
  /** Called with each connection a request goes out on, new or reused. */
  onConnect?: (info: ConnectInfo) => void;
  /** Called with each request head as sent (a view, reused by later requests: copy it to keep it, never change it). */
  onRequestHead?: (head: Uint8Array, url: URL) => void;
  /** Called with each response head as received, 1xx included (a view: copy it to keep it). */
  onResponseHead?: (head: Uint8Array, parsed: ResponseHead, url: URL) => void;
}

/** Client options with defaults filled in, and `resolve` as a map of address lists. */
export interface ResolvedClientOptions {
  agent: Agent | undefined;
  timeout: number | undefined;
  connectTimeout: number | undefined;
  maxRedirects: number;
  maxHeadSize: number;
  maxHeaderCount: number;
  maxBodySize: number | undefined;
  headers: [string, string][];
  hints: AddrInfoHints;
  resolve: Map<string, { address: string; family: 4 | 6 }[]>;
  tls: ClientTlsOptions;
  dial: NonNullable<ClientOptions["dial"]>;
  onConnect: ClientOptions["onConnect"];
  onRequestHead: ClientOptions["onRequestHead"];
  onResponseHead: ClientOptions["onResponseHead"];
}

const millis = int(1, MAX_TIMER_MS);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const RULES = {
  agent: instanceOf(Agent, "an Agent"),
  timeout: millis,
  connectTimeout: millis,
  maxRedirects: int(0),
  maxHeadSize: int(64),
  maxHeaderCount: int(1),
  maxBodySize: int(0),
  headers: recordOf(text(TOKEN, "is not a header name (a token)"), text()),
  // Other hints (hostsPath, resolver, ...) are checked where they are used.
  hints: group({ family: oneOf(0, 4, 6) }, { loose: true }),
  resolver: oneOf("system", "dns"),
  nameservers: listOf(text(isDnsServer, 'must be "ADDR", "ADDR:PORT" or "[IPv6]:PORT"'), 1),
  resolve: recordOf(
    text(/^[^:\s]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/, 'is not "host:port"'),
    listOf(text((a) => ipFamily(unbracket(a)) !== 0, "must be a numeric address"), 1),
  ),
  tls: group({
    caCerts: listOf(text((c) => c.includes("-----BEGIN CERTIFICATE-----"), "must be a PEM certificate")),
    insecure: bool,
  }),
  dial: group({
    mode: oneOf("happy-eyeballs", "sequential"),
    attemptDelay: atLeast(0),
    connectTimeout: millis,
    connect: fn,
    clock: group({ now: fn, setTimeout: fn, clearTimeout: fn }, { required: true }),
    onAttempt: fn,
  }),
  onConnect: fn,
  onRequestHead: fn,
  onResponseHead: fn,
};

/** True if `text` is one name server parseDnsServers() accepts. */
function isDnsServer(text: string): boolean {
  try {
    return !text.includes(",") && parseDnsServers(text).length === 1;
  } catch {
    return false;
  }
}

/**
 * Validates client options and fills in the defaults.
 *
 * @throws {InvalidClientOptionsError} naming each bad option.
 * @example
 * ```ts
 * resolveClientOptions({ timeout: 5000 }).maxRedirects; // 20
 * resolveClientOptions({ timeout: -1 }); // throws: "timeout: must be a whole number from 1 to 2147483647 (got -1)"
 * ```
 */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  checkOptions("client", options, RULES, InvalidClientOptionsError);
  const o = {
    ...options,
    maxRedirects: options.maxRedirects ?? 20,
    maxHeadSize: options.maxHeadSize ?? 65536,
    maxHeaderCount: options.maxHeaderCount ?? 256,
    headers: options.headers ?? { "User-Agent": USER_AGENT, "Accept": "*/*" },
    hints: options.hints ?? {},
    resolve: options.resolve ?? {},
    tls: options.tls ?? {},
    dial: options.dial ?? {},
  };
  const resolve = new Map<string, { address: string; family: 4 | 6 }[]>();
  for (const [key, addresses] of Object.entries(o.resolve)) {
    const colon = key.lastIndexOf(":");
    const host = unbracket(key.slice(0, colon)).toLowerCase();
    const port = Number(key.slice(colon + 1));
    resolve.set(
      `${host}:${port}`,
      addresses.map((a) => {
        const address = unbracket(a);
        return { address, family: ipFamily(address) as 4 | 6 };
      }),
    );
  }
  return {
    agent: o.agent,
    timeout: o.timeout,
    connectTimeout: o.connectTimeout,
    maxRedirects: o.maxRedirects,
    maxHeadSize: o.maxHeadSize,
    maxHeaderCount: o.maxHeaderCount,
    maxBodySize: o.maxBodySize,
    headers: Object.entries(o.headers),
    hints: o.resolver === undefined && o.nameservers === undefined ? o.hints as AddrInfoHints : {
      ...o.hints as AddrInfoHints,
      resolver: o.resolver ?? (o.hints as AddrInfoHints).resolver,
      nameservers: o.nameservers ?? (o.hints as AddrInfoHints).nameservers,
    },
    resolve,
    tls: o.tls,
    dial: o.dial as ResolvedClientOptions["dial"],
    onConnect: o.onConnect as ClientOptions["onConnect"],
    onRequestHead: o.onRequestHead as ClientOptions["onRequestHead"],
    onResponseHead: o.onResponseHead as ClientOptions["onResponseHead"],
  };
}
