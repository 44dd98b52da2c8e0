/**
 * The Deno adapter: `Deno.listen`, `Deno.connect` and their TLS forms (`Deno.listenTls`,
 * `Deno.startTls`) behind the `Conn` / `Listener` contract. With `bun.ts`, the only file
 * that touches Deno's socket globals.
 *
 * Deno's connections already have the pull API the contract wants; this file adds
 * normalized addresses (IPv4-mapped peers reported as IPv4), TCP_NODELAY by default,
 * stable errors, and an idempotent `close()`.
 *
 * TLS: a client connects over TCP to the numeric address, then `Deno.startTls` with the
 * name dialed (SNI and verification). Deno has no option to skip verification (only the
 * `--unsafely-ignore-certificate-errors` flag), so an `insecure` connection goes through
 * node:tls instead, whose `rejectUnauthorized: false` Deno honours. Deno's TLS server
 * connections cannot set TCP_NODELAY (`TlsConn` has no `setNoDelay`).
 *
 * @module
 */
import { acceptAll } from "./_accept_all.ts";
import { ioError } from "./_errno.ts";
import { netAddr } from "./_net_addr.ts";
import { formatHostPort } from "./host_port.ts";
import { bindNodeDatagram } from "./_node_datagram.ts";
import { connectNodeTls } from "./_node_tls.ts";
import { tlsError } from "./_tls_error.ts";
import { denoParentPort, startDenoWorker } from "./_deno_worker.ts";
import { ListenerClosedError, NoProgressError, SocketClosedError } from "./errors.ts";
import type {
  BindDatagramOptions,
  Conn,
  ConnectOptions,
  DatagramSocket,
  Listener,
  ListenOptions,
  NetAddr,
  TransportAdapter,
} from "./types.ts";

// Go's bufio gives up after 100 reads in a row that return nothing; so do we.
const MAX_EMPTY_READS = 100;

class DenoConn implements Conn {
  readonly localAddr: NetAddr;
  readonly remoteAddr: NetAddr;
  #conn: Deno.TcpConn | Deno.TlsConn;
  #closed = false;
  #writeClosed = false;
  /** Set for TLS: a TLS failure in a read or write (a refused handshake, a bad record) becomes a `TlsError`. */
  #tls: boolean;

  constructor(conn: Deno.TcpConn | Deno.TlsConn, tls = false) {
    this.#conn = conn;
    this.#tls = tls;
    this.localAddr = netAddr("tcp", conn.localAddr.hostname, conn.localAddr.port);
    this.remoteAddr = netAddr("tcp", conn.remoteAddr.hostname, conn.remoteAddr.port);
  }

  // read and write hand Deno's own promise on with one `then`, not through an async
  // function of their own: a request makes several of these calls, and each async frame
  // is an allocation the garbage collector pays for.

  read(p: Uint8Array): Promise<number | null> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (p.length === 0) return Promise.resolve(0);
    return this.#conn.read(p).then((n) => (n === 0 ? this.#readAgain(p) : n), this.#translate);
  }

  /** Deno may resolve a read with 0 bytes, which is not end of file: read again, a while. */
  async #readAgain(p: Uint8Array): Promise<number | null> {
    try {
      for (let empty = 1; empty < MAX_EMPTY_READS; empty++) {
        const n = await this.#conn.read(p);
        if (n !== 0) return n;
      }
    } catch (err) {
      this.#translate(err);
    }
    throw new NoProgressError("read", MAX_EMPTY_READS);
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (p.length === 0) return Promise.resolve(0);
    return this.#conn.write(p).catch(this.#translate);
  }

  /** Rethrows a runtime error as the contract's: closed locally, or the errno's class. */
  readonly #translate = (err: unknown): never => {
    if (this.#closed) throw new SocketClosedError();
    // Deno reports TLS alerts and bad records as InvalidData.
    if (this.#tls && (err as { name?: unknown } | null)?.name === "InvalidData") {
      throw tlsError(err, formatHostPort(this.remoteAddr.hostname, this.remoteAddr.port));
    }
    throw ioError(err);
  };

  async closeWrite(): Promise<void> {
    if (this.#closed || this.#writeClosed) return;
    this.#writeClosed = true;
    try {
      await this.#conn.closeWrite();
    } catch (err) {
      throw ioError(err);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the runtime (the peer went away): nothing left to release.
    }
  }

  setNoDelay(noDelay: boolean): void {
    if (!this.#closed && "setNoDelay" in this.#conn) this.#conn.setNoDelay(noDelay);
  }
}

class DenoListener implements Listener {
  readonly addr: NetAddr;
  #listener: Deno.Listener<Deno.TcpConn | Deno.TlsConn, Deno.NetAddr>;
  #closed = false;
  #tls: boolean;

  constructor(listener: Deno.Listener<Deno.TcpConn | Deno.TlsConn, Deno.NetAddr>, tls: boolean) {
    this.#listener = listener;
    this.#tls = tls;
    this.addr = netAddr("tcp", listener.addr.hostname, listener.addr.port);
  }

  async accept(): Promise<Conn> {
    if (this.#closed) throw new ListenerClosedError();
    let conn: Deno.TcpConn | Deno.TlsConn;
    try {
      conn = await this.#listener.accept();
    } catch (err) {
      if (this.#closed) throw new ListenerClosedError();
      throw err;
    }
    try {
      if ("setNoDelay" in conn) conn.setNoDelay(true);
    } catch {
      // The peer may already be gone; the first read or write will say so.
    }
    return new DenoConn(conn, this.#tls);
  }

  [Symbol.asyncIterator](): AsyncIterator<Conn> {
    return acceptAll(this);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#listener.close();
    } catch {
      // Closed already.
    }
  }
}

function listen(options: ListenOptions): Listener {
  if (options.ipv6Only === true) {
    // Deno.listen has no IPV6_V6ONLY option; refuse rather than silently take IPv4 too.
    throw Object.assign(new Error("Deno.listen cannot set IPV6_V6ONLY"), { code: "EOPNOTSUPP" });
  }
  const { hostname, port, tls } = options;
  // Asked for without --unstable-net, Deno ends the process (exit 70) instead of throwing.
  const reusePort = options.reusePort === true ? reusePortAvailable() || refuseReusePort() : false;
  const listener = tls === undefined
    ? Deno.listen({ hostname, port, transport: "tcp", reusePort })
    : Deno.listenTls({ hostname, port, transport: "tcp", cert: tls.cert, key: tls.key, reusePort });
  return new DenoListener(listener, tls !== undefined);
}

async function connect(options: ConnectOptions): Promise<Conn> {
  const { signal, tls } = options;
  signal?.throwIfAborted();
  if (tls?.insecure === true) return connectNodeTls(options);
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: options.hostname, port: options.port, transport: "tcp", signal });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw err;
  }
  if (signal?.aborted) {
    conn.close();
    throw signal.reason;
  }
  conn.setNoDelay(true);
  if (tls === undefined) return new DenoConn(conn);
  // The handshake has no signal either: aborting closes the socket under it.
  const tcp = conn;
  let tlsConn: Deno.TlsConn | undefined;
  const onAbort = () => {
    try {
      (tlsConn ?? tcp).close();
    } catch {
      // startTls has taken the TCP connection over: closing the TLS one ends both.
    }
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    tlsConn = await Deno.startTls(conn, { hostname: tls.serverName, caCerts: tls.caCerts as string[] | undefined });
    await tlsConn.handshake();
  } catch (err) {
    try {
      (tlsConn ?? tcp).close();
    } catch {
      // Closed by the abort already.
    }
    if (signal?.aborted) throw signal.reason;
    throw tlsError(err, tls.serverName);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  return new DenoConn(tlsConn, true);
}

function bindDatagram(options: BindDatagramOptions): Promise<DatagramSocket> {
  // Deno.listenDatagram needs --unstable-net; node:dgram works without flags.
  return bindNodeDatagram(options);
}

/**
 * True when Deno runs with `--unstable-net` (or `"unstable": ["net"]` in deno.json), which
 * `reusePort` needs. Deno has no call that says so; the APIs of that flag, such as
 * `Deno.listenDatagram`, exist only with it.
 */
function reusePortAvailable(): boolean {
  return typeof (Deno as unknown as { listenDatagram?: unknown }).listenDatagram === "function";
}

function refuseReusePort(): never {
  throw Object.assign(new Error("Deno.listen({ reusePort: true }) needs --unstable-net"), { code: "EOPNOTSUPP" });
}

/** Creates the Deno transport adapter. */
export function createDenoAdapter(): TransportAdapter {
  return {
    name: "deno",
    listen,
    connect,
    bindDatagram,
    reusePort: reusePortAvailable(),
    startWorker: startDenoWorker,
    parentPort: denoParentPort,
  };
}
