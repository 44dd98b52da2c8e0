/**
 * `listen()`: open a listening TCP socket on a host name, like CS:APP's `open_listenfd`.
 *
 * @module
 */
import { getaddrinfo } from "../resolve/getaddrinfo.ts";
import { errnoOf } from "../transport/_errno.ts";
import { formatHostPort } from "../transport/host_port.ts";
import { type AddressAttempt, ListenError } from "../transport/errors.ts";
import { adapter } from "../transport/runtime.ts";
import type { Listener, ListenTlsOptions, TransportAdapter } from "../transport/types.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/** Where `listen()` should listen. */
export interface ListenHostOptions {
  /**
   * A numeric address or a host name. "localhost" means "::1" then "127.0.0.1"; none
   * means every address: "::" (which takes IPv4 too where the OS allows) then "0.0.0.0".
   */
  hostname?: string;
  /** The port; 0 picks a free one, which `listener.addr.port` then tells. */
  port: number;
  /** With "::", accept IPv6 only (Bun; Deno cannot, and fails that address). */
  ipv6Only?: boolean;
  /** Speak TLS with this certificate chain and key (PEM text) on every accepted connection. */
  tls?: ListenTlsOptions;
  /** Share the port with other listeners that ask for it too (SO_REUSEPORT); see `ListenOptions.reusePort`. */
  reusePort?: boolean;
  /** The adapter that binds; defaults to the running runtime's. For tests. */
  adapter?: TransportAdapter;
}

/**
 * Listens on the first address of `hostname` that can be bound: resolves it with
 * `getaddrinfo` (passive, so no host name gives the wildcard addresses), then tries each
 * address in order until one binds.
 *
 * @throws {ListenError} when no address binds; it lists each with its cause, such as
 * EADDRINUSE or EADDRNOTAVAIL.
 * @throws {GaiError} when the host name does not resolve.
 * @example
 * ```ts
 * import { listen } from "./listen.ts";
 *
 * const listener = await listen({ hostname: "127.0.0.1", port: 0 });
 * console.log(`listening on port ${listener.addr.port}`);
 * for await (const conn of listener) conn.close();
 * ```
 */
export async function listen(options: ListenHostOptions): Promise<Listener> {
  const { hostname, port, ipv6Only, tls, reusePort } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`listen() needs a port 0–65535: ${port}`);
  }
  const addrs = await getaddrinfo(hostname ?? null, port, { passive: true, socktype: "stream" });
  const transport = options.adapter ?? adapter();
  const attempts: AddressAttempt[] = [];
  for (const addr of addrs) {
    try {
      return transport.listen({ hostname: addr.address, port: addr.port, ipv6Only, tls, reusePort });
    } catch (err) {
      attempts.push({
        address: addr.address,
        port: addr.port,
        family: addr.family,
        error: err instanceof Error ? err : new Error(String(err)),
        cause: errnoOf(err),
      });
    }
  }
  throw new ListenError(hostname === undefined ? `port ${port}` : formatHostPort(hostname, port), attempts);
}
