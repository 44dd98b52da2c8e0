/**
 * A TCP (or TLS) listener on Bun: `Bun.listen` behind the `Listener` contract; accepted
 * sockets become `BunConn`s, queued until `accept()` takes them. Part of the Bun adapter
 * (`bun.ts`).
 *
 * @module
 */
import { acceptAll } from "./_accept_all.ts";
import { AsyncQueue } from "./_async_queue.ts";
import { netAddr } from "./_net_addr.ts";
import { bun, type BunSocket, type BunTcpListener } from "./_bun_api.ts";
import { BunConn, socketAddr } from "./_bun_conn.ts";
import { ListenerClosedError } from "./errors.ts";
import type { Conn, Listener, ListenOptions, NetAddr } from "./types.ts";

export class BunListener implements Listener {
  readonly addr: NetAddr;
  /** True when bound to 0.0.0.0 or ::, where connections' local addresses differ. */
  readonly #wildcard: boolean;
  #server: BunTcpListener;
  #accepted = new AsyncQueue<BunConn>();

  constructor(options: ListenOptions) {
    this.#server = bun.listen({
      hostname: options.hostname,
      port: options.port,
      // Without it Bun sets SO_REUSEPORT and a second server could share the port silently:
      // sharing is only for who asks (serve()'s workers).
      exclusive: options.reusePort !== true,
      reusePort: options.reusePort === true,
      // Half-close: after the peer's FIN we may still answer.
      allowHalfOpen: true,
      ipv6Only: options.ipv6Only ?? false,
      tls: options.tls === undefined ? undefined : { cert: options.tls.cert, key: options.tls.key },
      socket: { ...BunConn.handlers, open: (socket) => this.#onOpen(socket) },
    });
    this.addr = netAddr("tcp", this.#server.hostname, this.#server.port);
    this.#wildcard = this.addr.hostname === "0.0.0.0" || this.addr.hostname === "::";
  }

  #onOpen(socket: BunSocket): void {
    // Both addresses are read now, while the socket has them: handlers and logs ask for the
    // peer's at any time. Bound to one address, the listener's address is every
    // connection's local address, which saves two system calls per connection.
    // Bun turns TCP_NODELAY on for every socket it makes (seen with strace), so the
    // contract's "with TCP_NODELAY on" needs no call here.
    const conn = new BunConn(socket, {
      local: this.#wildcard ? socketAddr(socket.localAddress, socket.localPort, undefined) : this.addr,
      remote: socketAddr(socket.remoteAddress, socket.remotePort, undefined),
    });
    socket.data = conn;
    if (!this.#accepted.push(conn)) conn.close();
  }

  accept(): Promise<Conn> {
    return this.#accepted.next();
  }

  [Symbol.asyncIterator](): AsyncIterator<Conn> {
    return acceptAll(this);
  }

  close(): void {
    if (this.#accepted.closed) return;
    // Connections that arrived but were never accepted belong to no one: close them.
    for (const conn of this.#accepted.close(new ListenerClosedError())) conn.close();
    this.#server.stop(false);
  }
}
