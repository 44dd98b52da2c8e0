/**
 * Options of `serve()`, checked once at start-up so that a mistake gets a message a person
 * can act on. Names follow Deno.serve where they overlap.
 *
 * @module
 */
import type { NetAddr } from "../transport/types.ts";
import { InvalidOptionsError } from "../errors/invalid_options.ts";
import { bool, checkOptions, either, fn, instanceOf, int, MAX_TIMER_MS, oneOf, text } from "../errors/option_rules.ts";

/** The address information a handler gets with each request. */
export interface ServeHandlerInfo {
  /** The client's address. */
  remoteAddr: NetAddr;
  /** The address the request arrived on. */
  localAddr: NetAddr;
}

/** A fetch-standard request handler, as with Deno.serve and Bun.serve. */
export type Handler = (request: Request, info: ServeHandlerInfo) => Response | Promise<Response>;

/** Options of `serve()`. Every field is optional. */
export interface ServeOptions {
  /** Port to listen on; 0 picks a free one. Default 8000. */
  port?: number;
  /** Address or name to listen on. Default "0.0.0.0", as Deno.serve. */
  hostname?: string;
  /** Aborting it shuts the server down gracefully. */
  signal?: AbortSignal;
  /** Called once the server listens, with the bound address. Default: print the URL. */
  onListen?: (addr: NetAddr) => void;
  /** Turns an error thrown by the handler into a response. Default: 500 and a log line. */
  onError?: (error: unknown) => Response | Promise<Response>;
  /** Longest request line (414). Default 8192 bytes. */
  maxRequestLine?: number;
  /** Largest request head, request line included (431). Default 16384 bytes. */
  maxHeadSize?: number;
  /** Most header fields in one request (431). Default 100. */
  maxHeaderCount?: number;
  /** Largest request body (413). Default 16 MiB. */
  maxBodySize?: number;
  /** Time allowed for a whole request head to arrive (408, then close). Default 10 s. */
  headerTimeout?: number;
  /**
   * Time a kept-alive connection may wait for its next request. Default 5 s. Both timeouts
   * are checked by one sweep every tenth of the shorter one (5 ms to 0.5 s), so they fire
   * up to two such ticks late.
   */
  idleTimeout?: number;
  /** Most connections served at once; further clients wait in the listen backlog. Default 1024. */
  maxConnections?: number;
  /** How long `shutdown()` lets in-flight responses finish before closing them. Default 5 s. */
  gracePeriod?: number;
  /**
   * Accept a bare LF as a line end (RFC 9112 §2.2 allows it). Default true: people type
   * requests into nc and telnet, and a bare CR is still refused, so nothing becomes ambiguous.
   */
  allowBareLf?: boolean;
  /** Write a Common Log Format line per response: true for stdout, or a function. Default off. */
  accessLog?: boolean | ((line: string) => void);
  /** The Server header. Default "http10/<version>". */
  serverName?: string;
  /**
   * Serve HTTPS: the certificate chain, leaf first, as PEM text (Deno.serve's name). Needs
   * `key`. Requests then have `https:` URLs, and the access log says https.
   */
  cert?: string;
  /** The private key of `cert`, as PEM text. */
  key?: string;
  /**
   * Serve with this many worker threads sharing the port (SO_REUSEPORT), each with its own
   * event loop; "auto" is one per CPU core. Default 1: no worker, the server runs in this
   * thread. Each worker runs the main module again, so its own `serve()` call serves there;
   * see `isWorker()`. On Deno this needs `--unstable-net`. 1 to 256.
   */
  workers?: number | "auto";
}

/** The most workers `serve()` starts: far more threads than cores only cost memory. */
export const MAX_WORKERS = 256;
const WORKERS = `must be a whole number from 1 to ${MAX_WORKERS}, or "auto"`;

const millis = int(1, MAX_TIMER_MS);
const bytes = int(1);

const RULES = {
  port: int(0, 65535),
  hostname: text((h) => h.length > 0, "must not be empty"),
  signal: instanceOf(AbortSignal, "an AbortSignal"),
  onListen: fn,
  onError: fn,
  maxRequestLine: bytes,
  maxHeadSize: bytes,
  maxHeaderCount: int(1, 100_000),
  maxBodySize: int(0),
  headerTimeout: millis,
  idleTimeout: millis,
  maxConnections: int(1),
  gracePeriod: int(0, MAX_TIMER_MS),
  allowBareLf: bool,
  accessLog: either("must be true, false or a function", bool, fn),
  serverName: text(/^[\x20-\x7e]+$/, "must be printable ASCII"),
  cert: text(/-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/, "must be a PEM certificate (the file's text)"),
  key: text(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, "must be a PEM private key (the file's text)"),
  workers: either(WORKERS, int(1, MAX_WORKERS), oneOf("auto")),
};

/** The server's version, sent in the Server header. */
export const VERSION = "0.1.0";

/** Options with every default filled in. */
export type ResolvedServeOptions =
  & Required<Omit<ServeOptions, "signal" | "onListen" | "onError" | "cert" | "key" | "workers">>
  & Pick<ServeOptions, "signal" | "onListen" | "onError" | "cert" | "key">
  & { /** "auto" resolved to the number of cores. */ workers: number };

export { InvalidOptionsError };

/** Fills in defaults and validates; throws `InvalidOptionsError` naming each bad option. */
export function resolveServeOptions(options: ServeOptions = {}): ResolvedServeOptions {
  const merged = {
    port: 8000,
    hostname: "0.0.0.0",
    maxRequestLine: 8192,
    maxHeadSize: 16384,
    maxHeaderCount: 100,
    maxBodySize: 16 * 1024 * 1024,
    headerTimeout: 10_000,
    idleTimeout: 5_000,
    maxConnections: 1024,
    gracePeriod: 5_000,
    allowBareLf: true,
    accessLog: false,
    serverName: `http10/${VERSION}`,
    workers: 1,
    ...stripUndefined(options),
  };
  checkOptions("serve()", merged, RULES);
  if ((merged.cert === undefined) !== (merged.key === undefined)) {
    const message = "cert and key go together: give both for HTTPS, or neither";
    throw InvalidOptionsError.fromIssues("serve()", [{ path: ["cert"], message }]);
  }
  const workers = merged.workers === "auto" ? cores() : merged.workers;
  return { ...merged, workers } as ResolvedServeOptions;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The number of CPU cores the runtime reports (at least 1, at most MAX_WORKERS). */
function cores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.min(MAX_WORKERS, Math.max(1, Number.isInteger(n) ? n! : 1));
}
