/**
 * Options of a `Client`, validated once with zod when the client is made, never per request.
 *
 * @module
 */
import { z } from "zod";
import type { ResponseHead } from "../http10/parse_response.ts";
import { parseDnsServers } from "../resolve/dns_servers.ts";
import { ipFamily } from "../resolve/ip_family.ts";
import type { AddrInfoHints } from "../resolve/types.ts";
import type { DialOptions } from "../net/dial.ts";
import type { Conn } from "../transport/types.ts";
import { Agent } from "./agent.ts";
import { InvalidClientOptionsError } from "./errors.ts";
import { unbracket } from "./_url.ts";

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

const millis = z.number().int().min(1).max(2_147_483_647);
const func = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "must be a function");
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const ClientOptionsSchema = z.object({
  agent: z.instanceof(Agent, { message: "must be an Agent" }).optional(),
  timeout: millis.optional(),
  connectTimeout: millis.optional(),
  maxRedirects: z.number().int().min(0).default(20),
  maxHeadSize: z.number().int().min(64).default(65536),
  maxHeaderCount: z.number().int().min(1).default(256),
  maxBodySize: z.number().int().min(0).optional(),
  headers: z.record(z.string().regex(TOKEN, "header names must be tokens"), z.string())
    .default({ "User-Agent": USER_AGENT, "Accept": "*/*" }),
  hints: z.object({ family: z.union([z.literal(0), z.literal(4), z.literal(6)]).optional() }).loose().default({}),
  resolver: z.enum(["system", "dns"]).optional(),
  nameservers: z.array(z.string().refine(isDnsServer, 'must be "ADDR", "ADDR:PORT" or "[IPv6]:PORT"')).min(1)
    .optional(),
  resolve: z.record(
    z.string().regex(/^[^:\s]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/, 'keys must be "host:port"'),
    z.array(z.string().refine((a) => ipFamily(unbracket(a)) !== 0, "must be numeric addresses")).min(1),
  ).default({}),
  tls: z.object({
    caCerts: z.array(z.string().includes("-----BEGIN CERTIFICATE-----", "must be PEM certificates")).optional(),
    insecure: z.boolean().optional(),
  }).strict().default({}),
  dial: z.object({
    mode: z.enum(["happy-eyeballs", "sequential"]).optional(),
    attemptDelay: z.number().min(0).optional(),
    connectTimeout: millis.optional(),
    connect: func.optional(),
    clock: z.object({ now: func, setTimeout: func, clearTimeout: func }).optional(),
    onAttempt: func.optional(),
  }).strict().default({}),
  onConnect: func.optional(),
  onRequestHead: func.optional(),
  onResponseHead: func.optional(),
}).strict();

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
 * resolveClientOptions({ timeout: -1 }); // throws: "timeout: Too small: expected number to be >=1"
 * ```
 */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const parsed = ClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw InvalidClientOptionsError.fromIssues("client", parsed.error.issues);
  }
  const o = parsed.data;
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
