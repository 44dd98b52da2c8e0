/**
 * Host and port as one text, the way URLs and messages write them: the one formatter of
 * http10.
 *
 * @module
 */

/**
 * Formats an address (or name) and port the way URLs do: "[::1]:80", "127.0.0.1:80",
 * "example.com:80". An IPv6 address, the only kind with a colon, goes in brackets.
 *
 * @example
 * ```ts
 * import { formatHostPort } from "./host_port.ts";
 *
 * formatHostPort("::1", 8000); // "[::1]:8000"
 * ```
 */
export function formatHostPort(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
