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

/**
 * A connected TCP stream, or a TLS stream over one. `read` and `write` may each move fewer
 * bytes than asked; over TLS they carry the plain bytes, and `closeWrite` sends TLS's
 * close_notify before the FIN.
 */
export interface Conn {
  /** This end's address. */
  readonly localAddr: NetAddr;
  /** The peer's address. */
  readonly remoteAddr: NetAddr;
  /**
   * Reads up to `p.length` bytes into `p`. Resolves to the count read (at least 1,
   * unless `p` is empty), or `null` at end of file. Rejects with `ConnectionResetError`
   * if the peer reset the connection, `SocketClosedError` if it was closed locally.
   * One read at a time.
   */
  read(p: Uint8Array): Promise<number | null>;
  /**
   * Writes a prefix of `p`; resolves to the number of bytes written, which may be
   * fewer than `p.length`. Use `writeAll` to write everything. Rejects like `read`.
   * One write at a time.
   */
  write(p: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN once queued bytes are written; reading still works. */
  closeWrite(): Promise<void>;
  /** Closes both directions at once. Safe to call more than once. */
  close(): void;
  /** Turns Nagle's algorithm off (true) or on (false); a no-op where the runtime cannot (Deno's TLS server side). */
  setNoDelay(noDelay: boolean): void;
}

/** A listening TCP socket. Iterating it yields accepted connections until it closes. */
export interface Listener extends AsyncIterable<Conn> {
  /** The bound address; the real port when 0 was asked for. */
  readonly addr: NetAddr;
  /**
   * Waits for the next connection (with TCP_NODELAY on). Rejects with
   * `ListenerClosedError` once closed; other accept failures (such as EMFILE on Deno)
   * come as the runtime reports them, and the listener stays usable.
   */
  accept(): Promise<Conn>;
  /** Stops listening. Connections already accepted stay open. Safe to call twice. */
  close(): void;
}

/** A TLS server's certificate chain and private key, as PEM text (Deno.serve's option names). */
export interface ListenTlsOptions {
  /** The certificate chain, leaf first. */
  cert: string;
  /** The leaf's private key. */
  key: string;
}

/** What an adapter needs to open a listening socket on one numeric address. */
export interface ListenOptions {
  hostname: string;
  port: number;
  /**
   * With "::", accept only IPv6 (true) or IPv4 too (false, the default where the OS
   * allows). Deno cannot set IPV6_V6ONLY, so its adapter throws (EOPNOTSUPP) for true.
   */
  ipv6Only?: boolean;
  /** Speak TLS on every accepted connection; the handshake runs on its first read or write. */
  tls?: ListenTlsOptions;
  /**
   * Share the port with other sockets that ask for it too (SO_REUSEPORT: Linux spreads new
   * connections over them). Default false: a second listener on the port fails with EADDRINUSE.
   * Only where the adapter's `reusePort` is true.
   */
  reusePort?: boolean;
}

/** How a client connection speaks TLS: whom the certificate must name, and whom to trust. */
export interface ConnectTlsOptions {
  /**
   * The name sent as SNI and checked against the certificate: the host name the caller
   * dialed, not the numeric address it connects to. An IP literal is checked against the
   * certificate's IP addresses and sent without SNI.
   */
  serverName: string;
  /** CA certificates (PEM) trusted besides the runtime's default roots. */
  caCerts?: readonly string[];
  /** Accept any certificate, unverified (curl's `--insecure`). Default false. */
  insecure?: boolean;
}

/** What an adapter needs to connect to one numeric address. */
export interface ConnectOptions {
  hostname: string;
  port: number;
  signal?: AbortSignal;
  /**
   * Speak TLS over the connection: `connect` resolves once the handshake is done and the
   * certificate verified, and rejects with a `TlsError` when either fails.
   */
  tls?: ConnectTlsOptions;
}

/** What an adapter needs to bind a UDP socket on one numeric address. */
export interface BindDatagramOptions {
  hostname: string;
  /** 0 picks a free port; `addr.port` tells which. */
  port: number;
}

/** One datagram as it arrived. */
export interface Datagram {
  /** The payload; owned by the caller. */
  data: Uint8Array;
  /** Who sent it (IPv4-mapped senders are reported as IPv4). */
  remote: NetAddr;
}

/** A bound UDP socket: whole datagrams in and out, no connection. */
export interface DatagramSocket {
  /** The bound address; the real port when 0 was asked for. */
  readonly addr: NetAddr;
  /** Sends one datagram to a numeric address. */
  send(data: Uint8Array, to: { hostname: string; port: number }): Promise<void>;
  /** Waits for the next datagram. Rejects with `SocketClosedError` once closed. */
  receive(): Promise<Datagram>;
  /** Closes the socket; waiting receives reject. Safe to call twice. */
  close(): void;
}

/** How a worker thread ended: `error` is the message of the uncaught error that ended it, if one did. */
export interface WorkerExit {
  error?: string;
}

/** A thread running the program's main module again, as `startWorker` starts it. */
export interface WorkerThread {
  /** Sends a message (structured clone) to the thread. */
  postMessage(message: unknown): void;
  /** Resolves once the thread has ended: by an uncaught error, by exiting, or by `terminate()`. */
  readonly exited: Promise<WorkerExit>;
  /** Stops the thread at once. Safe to call twice. */
  terminate(): void;
}

/** Inside a thread `startWorker` started: the way to the thread that started it. */
export interface ParentPort {
  /** Sends a message (structured clone) to the starting thread. */
  postMessage(message: unknown): void;
  /** Calls `listener` with each message the starting thread sends. */
  onMessage(listener: (message: unknown) => void): void;
}

/** One runtime's socket primitives. `runtime.ts` picks the adapter once. */
export interface TransportAdapter {
  readonly name: "deno" | "bun";
  /**
   * Listens on one numeric address, synchronously. Throws the runtime's error
   * (with an errno `code` such as "EADDRINUSE") when the address cannot be bound.
   */
  listen(options: ListenOptions): Listener;
  /**
   * Connects to one numeric address, with TCP_NODELAY on, and with `tls` does the TLS
   * handshake. Rejects with `signal.reason` on abort, a `TlsError` when the handshake fails.
   */
  connect(options: ConnectOptions): Promise<Conn>;
  /** Binds a UDP socket on one numeric address. */
  bindDatagram(options: BindDatagramOptions): Promise<DatagramSocket>;
  /**
   * Whether `listen()` can take `reusePort`: false on Deno run without `--unstable-net`
   * (Deno would end the process rather than throw).
   */
  readonly reusePort: boolean;
  /**
   * Starts a thread (a Web Worker, with its own event loop) that runs the program's main module
   * again, with the same arguments and, on Deno, the same permissions. `onMessage` gets what the
   * thread sends through its `parentPort()`.
   */
  startWorker(onMessage: (message: unknown) => void): WorkerThread;
  /** In a thread `startWorker` started, its way to the starting thread; null anywhere else. */
  parentPort(): ParentPort | null;
}
