/**
 * Request URLs: parsing with the errors the client promises, and the pieces a request needs.
 *
 * @module
 */
import { InvalidUrlError, UnsupportedSchemeError } from "./errors.ts";

/**
 * `input` as an `http:` URL without its fragment (never sent; a Response's `url` has none);
 * relative to `base` when given (a Location).
 *
 * @throws {InvalidUrlError} when it does not parse.
 * @throws {UnsupportedSchemeError} for any scheme but `http:`, `https:` in particular.
 */
export function httpUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new InvalidUrlError(String(input), base === undefined ? "URL" : "Location");
  }
  if (url.protocol !== "http:") throw new UnsupportedSchemeError(url.protocol);
  url.hash = "";
  return url;
}

/** The host to connect to: the URL's hostname, IPv6 without brackets. */
export function connectHost(url: URL): string {
  return unbracket(url.hostname);
}

/** The port to connect to: the URL's, or 80. */
export function connectPort(url: URL): number {
  return url.port === "" ? 80 : Number(url.port);
}

/** The request target in origin form: path and query ("/a?b"), never empty. */
export function originForm(url: URL): string {
  return (url.pathname || "/") + url.search;
}

/** "[::1]" → "::1"; anything else as it is. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
