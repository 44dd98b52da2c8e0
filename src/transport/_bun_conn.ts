/**
 * A TCP (or TLS) connection on Bun behind the pull contract of `Conn`, and `connect()`.
 *
 * Bun pushes bytes to callbacks; the contract pulls them with `read(p)`. Each connection
 * keeps the chunks Bun hands it (Bun gives every chunk its own memory, so they are kept
 * as they are, not copied) and copies them into the reader's buffer: one copy. When a
 * read is already waiting, a chunk goes straight into its buffer. Past `HIGH_WATER`
 * queued bytes the socket is paused, and resumed once reads bring it under `LOW_WATER`.
 *
 * TLS: the same sockets with Bun's `tls` option. Bun opens a TLS socket before its
 * handshake, so a TLS `connect` resolves only at the `handshake` callback, with the
 * verification result Bun reports there. Bun's `ca` replaces its default roots, so extra
 * CA certificates are passed together with node:tls's `rootCertificates` (the same set).
 * Part of the Bun adapter (`bun.ts`).
 *
 * @module
 */
import { rootCertificates } from "node:tls";
import { ioError } from "./_errno.ts";
import { netAddr } from "./_net_addr.ts";
import { tlsError } from "./_tls_error.ts";
import { bun, type BunSocket, type BunSocketHandler } from "./_bun_api.ts";
import { ConnectionResetError, SocketClosedError, TlsCertificateError } from "./errors.ts";
import type { Conn, ConnectOptions, NetAddr } from "./types.ts";

/** Pause the socket once this many received bytes wait for `read`. */
const HIGH_WATER = 64 * 1024;
/** Resume it once reads have brought the backlog down to this. */
const LOW_WATER = 16 * 1024;
const EMPTY = new Uint8Array(0);
// Why a TLS connect failed when the socket closed before its handshake ended; one object
// for all (`tlsError` wraps it), so that closing a plain socket makes no error.
const CLOSED_IN_HANDSHAKE = new Error("the connection closed during the TLS handshake");

/** How a TLS handshake ended: done; the certificate refused; or the socket failed or closed first. */
type HandshakeResult = true | { refused: Error } | Error;

export class BunConn implements Conn {
  #socket: BunSocket;
  // Each address costs Bun two system calls (getsockname or getpeername, once for the
  // address and once for the port), so one known from elsewhere is taken as given. The
  // server side knows both when it accepts; a dialed connection knows its peer and reads
  // its own address on first use (rarely: HTTP clients do not ask).
  #local: NetAddr | undefined;
  #remote: NetAddr | undefined;

  // Received bytes not read yet: chunks[head] from offset `off` onwards, then the rest.
  #chunks: Uint8Array[] = [];
  #head = 0;
  #off = 0;
  #queued = 0;
  #paused = false;

  #eof = false;
  #error: unknown = undefined;
  #closed = false;
  #writeClosed = false;

  // The one waiting read, if any; set only while nothing is queued.
  #readBuf: Uint8Array | undefined = undefined;
  #readResolve: ((n: number | null) => void) | undefined = undefined;
  #readReject: ((err: unknown) => void) | undefined = undefined;

  // The one write waiting for `drain`, if any.
  #drainResolve: (() => void) | undefined = undefined;
  #drainReject: ((err: unknown) => void) | undefined = undefined;

  // TLS client: how the handshake went (true, or why not), and who waits for it.
  #handshake: HandshakeResult | undefined = undefined;
  #handshakeWaiter: ((result: HandshakeResult) => void) | undefined = undefined;

  constructor(socket: BunSocket, known: { local?: NetAddr; remote?: NetAddr } = {}) {
    this.#socket = socket;
    this.#local = known.local;
    this.#remote = known.remote;
  }

  get localAddr(): NetAddr {
    return this.#local ??= socketAddr(this.#socket.localAddress, this.#socket.localPort, this.#remote);
  }

  get remoteAddr(): NetAddr {
    return this.#remote ??= socketAddr(this.#socket.remoteAddress, this.#socket.remotePort, this.#local);
  }

  /** Socket callbacks shared by every connection; `socket.data` is the connection. */
  static readonly handlers: BunSocketHandler = {
    binaryType: "uint8array",
    data(socket, chunk) {
      const conn = socket.data;
      if (conn !== undefined) conn.#onData(chunk);
    },
    drain(socket) {
      const conn = socket.data;
      if (conn !== undefined) conn.#onDrain();
    },
    end(socket) {
      const conn = socket.data;
      if (conn !== undefined) conn.#onEnd();
    },
    close(socket, error) {
      const conn = socket.data;
      if (conn !== undefined) conn.#onClose(error);
    },
    error(socket, error) {
      const conn = socket.data;
      if (conn !== undefined) {
        conn.#handshakeDone(error);
        conn.#fail(ioError(error));
      }
    },
  };

  /** A TLS client's handshake ended: verified (or `insecure`), or refused with `authorizationError`. */
  static onHandshake(socket: BunSocket, success: boolean, authorizationError: Error | null): void {
    const conn = socket.data;
    if (conn instanceof BunConn) {
      // Bun reports a refused certificate here even with rejectUnauthorized off (then the
      // connection goes on), so whether it counts is the caller's to say.
      conn.#handshakeDone(success ? true : { refused: authorizationError ?? new Error("TLS handshake failed") });
    }
  }

  /**
   * Resolves once the TLS handshake is done and the certificate verified (or not, when
   * `insecure`); rejects with why it failed.
   */
  handshaken(serverName: string, insecure: boolean): Promise<void> {
    const settle = (result: HandshakeResult) => {
      if (result === true) return undefined;
      const error = tlsError(result instanceof Error ? result : result.refused, serverName);
      // Insecure overlooks the certificate, not a handshake that failed.
      if (insecure && !(result instanceof Error) && error instanceof TlsCertificateError) return undefined;
      return Promise.reject(error);
    };
    if (this.#handshake !== undefined) return Promise.resolve(settle(this.#handshake));
    return new Promise<HandshakeResult>((resolve) => (this.#handshakeWaiter = resolve)).then(settle);
  }

  #handshakeDone(result: HandshakeResult): void {
    if (this.#handshake !== undefined) return;
    this.#handshake = result;
    const waiter = this.#handshakeWaiter;
    this.#handshakeWaiter = undefined;
    waiter?.(result);
  }

  read(p: Uint8Array): Promise<number | null> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (p.length === 0) return Promise.resolve(0);
    // Bytes that arrived before an end of file or an error are read first.
    if (this.#queued > 0) return Promise.resolve(this.#take(p));
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#eof) return Promise.resolve(null);
    if (this.#readResolve !== undefined) {
      return Promise.reject(new Error("Conn.read() called while another read is waiting"));
    }
    return new Promise((resolve, reject) => {
      this.#readBuf = p;
      this.#readResolve = resolve;
      this.#readReject = reject;
    });
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed || this.#writeClosed) return Promise.reject(new SocketClosedError());
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (p.length === 0) return Promise.resolve(0);
    const n = this.#socket.write(p);
    if (n > 0) return Promise.resolve(n);
    if (n < 0) return Promise.reject(this.#error ?? new ConnectionResetError("EPIPE"));
    // The kernel's send buffer is full: wait for `drain`, then try again.
    return new Promise<void>((resolve, reject) => {
      this.#drainResolve = resolve;
      this.#drainReject = reject;
    }).then(() => this.write(p));
  }

  closeWrite(): Promise<void> {
    if (!this.#closed && !this.#writeClosed) {
      this.#writeClosed = true;
      this.#socket.shutdown();
    }
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // An error object costs a stack trace: make one only for a read or write still waiting.
    if (this.#readReject !== undefined || this.#drainReject !== undefined) this.#settle(new SocketClosedError());
    this.#chunks = [];
    this.#head = this.#off = this.#queued = 0;
    this.#socket.close();
  }

  setNoDelay(noDelay: boolean): void {
    if (!this.#closed) this.#socket.setNoDelay(noDelay);
  }

  /** Copies queued bytes into `p`, across chunks; resumes the socket once drained enough. */
  #take(p: Uint8Array): number {
    const chunks = this.#chunks;
    let n = 0;
    while (n < p.length && this.#head < chunks.length) {
      const chunk = chunks[this.#head];
      const available = chunk.length - this.#off;
      const room = p.length - n;
      if (available <= room) {
        p.set(this.#off === 0 ? chunk : chunk.subarray(this.#off), n);
        n += available;
        chunks[this.#head++] = EMPTY;
        this.#off = 0;
      } else {
        p.set(chunk.subarray(this.#off, this.#off + room), n);
        this.#off += room;
        n += room;
      }
    }
    if (this.#head === chunks.length) {
      chunks.length = 0;
      this.#head = 0;
    }
    this.#queued -= n;
    if (this.#paused && this.#queued <= LOW_WATER) {
      this.#paused = false;
      this.#socket.resume();
    }
    return n;
  }

  #onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    const resolve = this.#readResolve;
    if (resolve !== undefined) {
      // A read is waiting, so nothing is queued: copy straight into its buffer.
      const p = this.#readBuf!;
      this.#readBuf = this.#readResolve = this.#readReject = undefined;
      if (chunk.length <= p.length) {
        p.set(chunk);
        resolve(chunk.length);
        return;
      }
      p.set(chunk.subarray(0, p.length));
      this.#enqueue(chunk.subarray(p.length));
      resolve(p.length);
      return;
    }
    this.#enqueue(chunk);
  }

  #enqueue(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#queued += chunk.length;
    if (!this.#paused && this.#queued > HIGH_WATER) {
      this.#paused = true;
      this.#socket.pause();
    }
  }

  #onDrain(): void {
    const resolve = this.#drainResolve;
    if (resolve === undefined) return;
    this.#drainResolve = this.#drainReject = undefined;
    resolve();
  }

  #onEnd(): void {
    this.#eof = true;
    const resolve = this.#readResolve;
    if (resolve === undefined) return;
    this.#readBuf = this.#readResolve = this.#readReject = undefined;
    resolve(null);
  }

  #onClose(error?: Error): void {
    if (this.#handshake === undefined) this.#handshakeDone(error ?? CLOSED_IN_HANDSHAKE);
    if (this.#closed) return;
    if (error !== undefined) return this.#fail(ioError(error));
    // Closed without an error: reads see end of file, a waiting write cannot finish.
    this.#onEnd();
    const rejectWrite = this.#drainReject;
    if (rejectWrite === undefined) return;
    this.#drainResolve = this.#drainReject = undefined;
    rejectWrite(new ConnectionResetError("EPIPE"));
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.#error ??= error;
    this.#settle(this.#error);
  }

  /** Rejects the waiting read and write, if any. */
  #settle(error: unknown): void {
    const rejectRead = this.#readReject;
    const rejectWrite = this.#drainReject;
    this.#readBuf = this.#readResolve = this.#readReject = undefined;
    this.#drainResolve = this.#drainReject = undefined;
    rejectRead?.(error);
    rejectWrite?.(error);
  }
}

/**
 * An address Bun reports for a socket. Once the socket is closed Bun reports none; then
 * the unspecified address of the other end's family stands in (what getsockname(2) gives
 * for an unbound socket), so that a late reader gets a well-formed, plainly unknown value.
 */
export function socketAddr(address: string | undefined, port: number | undefined, other: NetAddr | undefined): NetAddr {
  if (typeof address === "string" && address !== "" && typeof port === "number") return netAddr("tcp", address, port);
  return netAddr("tcp", other?.family === 6 ? "::" : "0.0.0.0", 0);
}

/** Handlers for dialed sockets: the connection is made in `open`, before any data. */
export const CLIENT_HANDLERS: BunSocketHandler = {
  ...BunConn.handlers,
  open(socket) {
    // `connect()` passed the dialed address as the socket's first `data`.
    const remote = socket.data as unknown as NetAddr | undefined;
    socket.data = new BunConn(socket, { remote });
  },
  handshake: BunConn.onHandshake,
};

export function connect(options: ConnectOptions): Promise<Conn> {
  const { signal, tls } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    // Bun.connect takes no signal: reject at once, and close the socket if it connects later.
    const onAbort = () => reject(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    // The peer is the numeric address dialed; Bun has set TCP_NODELAY already.
    const remote = netAddr("tcp", options.hostname, options.port);
    bun.connect({
      hostname: options.hostname,
      port: options.port,
      allowHalfOpen: true,
      data: remote,
      tls: tls === undefined ? undefined : {
        serverName: tls.serverName,
        ca: tls.caCerts === undefined || tls.caCerts.length === 0 ? undefined : [...rootCertificates, ...tls.caCerts],
        rejectUnauthorized: tls.insecure !== true,
      },
      socket: CLIENT_HANDLERS,
    }).then(
      async (socket) => {
        const conn = socket.data ?? (socket.data = new BunConn(socket, { remote }));
        if (tls !== undefined) {
          try {
            await conn.handshaken(tls.serverName, tls.insecure === true);
          } catch (err) {
            signal?.removeEventListener("abort", onAbort);
            conn.close();
            return reject(signal?.aborted ? signal.reason : err);
          }
        }
        signal?.removeEventListener("abort", onAbort);
        if (signal?.aborted) return conn.close();
        resolve(conn);
      },
      (err) => {
        signal?.removeEventListener("abort", onAbort);
        reject(signal?.aborted ? signal.reason : err);
      },
    );
  });
}
