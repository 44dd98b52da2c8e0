/**
 * Request URLs: parsing with the errors the client promises, and the pieces a request needs.
 *
 * @module
 */
import type { AddrInfo } from "../resolve/types.ts";
import { InvalidUrlError, UnsupportedSchemeError } from "./errors.ts";

/**
 * `input` as an `http:` or `https:` URL without its fragment (never sent; a Response's
 * `url` has none); relative to `base` when given (a Location).
 *
 * @throws {InvalidUrlError} when it does not parse (a relative URL without `base`, too).
 * @throws {UnsupportedSchemeError} for any other scheme.
 */
export function httpUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new InvalidUrlError(String(input), base === undefined ? "URL" : "Location");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UnsupportedSchemeError(url.protocol);
  // Setting hash reparses the whole URL: only when there is one ("#" alone has hash "").
  if (url.hash !== "" || url.href.endsWith("#")) url.hash = "";
  return url;
}

/**
 * A request URL and what requests to it need, worked out once: where to connect, the pool
 * key, and request heads already serialized (filled in by the client).
 */
export class Target {
  /** The URL; shared by every request to it, so nobody may change it. */
  readonly url: URL;
  /** The host to connect to (IPv6 without brackets). */
  readonly host: string;
  /** The port to connect to. */
  readonly port: number;
  /** True for `https:`: the connection speaks TLS, verified for `host`. */
  readonly secure: boolean;
  /** "host:port" with the host in lower case (the key of the `resolve` option). */
  readonly key: string;
  /** The agent's pool key: `key` for http, "https://" + `key` for https, so the schemes never share. */
  readonly poolKey: string;
  /** The addresses of a numeric host, once looked up (they never change). */
  numericAddrs: AddrInfo[] | undefined;
  /** Request heads of requests without headers or body of their own, by method (and "+codings" for fetch()). */
  readonly heads = new Map<string, Uint8Array>();

  constructor(url: URL) {
    this.url = url;
    this.host = connectHost(url);
    this.port = connectPort(url);
    this.secure = url.protocol === "https:";
    this.key = `${this.host.toLowerCase()}:${this.port}`;
    this.poolKey = this.secure ? `https://${this.key}` : this.key;
  }
}

/** The host to connect to: the URL's hostname, IPv6 without brackets. */
export function connectHost(url: URL): string {
  return unbracket(url.hostname);
}

/** The port to connect to: the URL's, or the scheme's (80, 443 for https). */
export function connectPort(url: URL): number {
  return url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** The request target in origin form: path and query ("/a?b"), never empty. */
export function originForm(url: URL): string {
  return (url.pathname || "/") + url.search;
}

/** "[::1]" → "::1"; anything else as it is. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
