/**
 * The runtime-neutral contract for bytes over sockets. Adapters in `deno.ts` and
 * `bun.ts` implement it; everything above the transport sees only these types.
 *
 * @module
 */

/** An IP address family: 4 for IPv4, 6 for IPv6. */
export type Family = 4 | 6;

/** A socket address, as a listener or a connection reports it. */
export interface NetAddr {
  /** The transport protocol. */
  readonly transport: "tcp" | "udp";
  /** A numeric address: "127.0.0.1", "::1" (no brackets, no "::ffff:" for IPv4 peers). */
  readonly hostname: string;
  /** The port number, 0–65535. */
  readonly port: number;
  /** The address family of `hostname`. */
  readonly family: Family;
}

/** A connected TCP stream. `read` and `write` may each move fewer bytes than asked. */
export interface Conn {
  /** This end's address. */
  readonly localAddr: NetAddr;
  /** The peer's address. */
  readonly remoteAddr: NetAddr;
  /**
   * Reads up to `p.length` bytes into `p`. Resolves to the count read (at least 1),
   * or `null` at end of file. Rejects if the connection was reset or closed locally.
   */
  read(p: Uint8Array): Promise<number | null>;
  /**
   * Writes a prefix of `p`; resolves to the number of bytes written, which may be
   * fewer than `p.length`. Use `writeAll` to write everything.
   */
  write(p: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN once queued bytes are written; reading still works. */
  closeWrite(): Promise<void>;
  /** Closes both directions at once. Safe to call more than once. */
  close(): void;
  /** Turns Nagle's algorithm off (true) or on (false). */
  setNoDelay(noDelay: boolean): void;
}

/** A listening TCP socket. Iterating it yields accepted connections until it closes. */
export interface Listener extends AsyncIterable<Conn> {
  /** The bound address; the real port when 0 was asked for. */
  readonly addr: NetAddr;
  /** Waits for the next connection. Rejects with `ListenerClosedError` once closed. */
  accept(): Promise<Conn>;
  /** Stops listening. Connections already accepted stay open. Safe to call twice. */
  close(): void;
}

/** What an adapter needs to open a listening socket on one numeric address. */
export interface ListenOptions {
  hostname: string;
  port: number;
  /** With "::", accept only IPv6 (true) or IPv4 too (false, the default where the OS allows). */
  ipv6Only?: boolean;
}

/** What an adapter needs to connect to one numeric address. */
export interface ConnectOptions {
  hostname: string;
  port: number;
  signal?: AbortSignal;
}

/** One runtime's socket primitives. `runtime.ts` picks the adapter once. */
export interface TransportAdapter {
  readonly name: "deno" | "bun";
  listen(options: ListenOptions): Listener;
  connect(options: ConnectOptions): Promise<Conn>;
}
