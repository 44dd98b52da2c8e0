/**
 * A TLS client connection through `node:tls`, for what a runtime's own TLS cannot do:
 * Deno's `connectTls`/`startTls` always verify the certificate, while its node:tls honours
 * `rejectUnauthorized: false` (curl's `--insecure`). Loaded only when such a connection is
 * made.
 *
 * @module
 */
import type { TLSSocket } from "node:tls";
import { ioError } from "./_errno.ts";
import { netAddr } from "./_net_addr.ts";
import { tlsError } from "./_tls_error.ts";
import { SocketClosedError } from "./errors.ts";
import type { Conn, ConnectOptions, NetAddr } from "./types.ts";

// Pause the socket once this many received bytes wait for `read`; resume at the low mark.
const HIGH_WATER = 64 * 1024;
const LOW_WATER = 16 * 1024;

/** An IP literal gets no SNI (RFC 6066 §3); node:tls warns if given one. */
function isIpLiteral(name: string): boolean {
  return name.includes(":") || /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

class NodeTlsConn implements Conn {
  readonly localAddr: NetAddr;
  readonly remoteAddr: NetAddr;
  #socket: TLSSocket;
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #paused = false;
  #eof = false;
  #error: unknown = undefined;
  #closed = false;
  #waiting: { p: Uint8Array; resolve: (n: number | null) => void; reject: (err: unknown) => void } | undefined;

  constructor(socket: TLSSocket, remote: NetAddr) {
    this.#socket = socket;
    this.remoteAddr = remote;
    this.localAddr = netAddr("tcp", socket.localAddress ?? "0.0.0.0", socket.localPort ?? 0);
    socket.on("data", (chunk: Uint8Array) => this.#onData(chunk));
    socket.on("end", () => {
      this.#eof = true;
      this.#wake();
    });
    socket.on("error", (err) => {
      this.#error ??= ioError(err);
      this.#wake();
    });
    socket.on("close", () => {
      this.#eof = true;
      this.#wake();
    });
  }

  read(p: Uint8Array): Promise<number | null> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (p.length === 0) return Promise.resolve(0);
    if (this.#queued > 0) return Promise.resolve(this.#take(p));
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (this.#eof) return Promise.resolve(null);
    return new Promise((resolve, reject) => (this.#waiting = { p, resolve, reject }));
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(new SocketClosedError());
    if (this.#error !== undefined) return Promise.reject(this.#error);
    if (p.length === 0) return Promise.resolve(0);
    // Resolves once node has handed the bytes on, so a writer never runs ahead of the socket.
    return new Promise((resolve, reject) => {
      this.#socket.write(
        p,
        (err) => (err ? reject(this.#closed ? new SocketClosedError() : ioError(err)) : resolve(p.length)),
      );
    });
  }

  closeWrite(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    // end() sends close_notify, then the FIN; reading goes on until the peer ends too.
    return new Promise((resolve) => this.#socket.end(() => resolve()));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks = [];
    this.#queued = 0;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(new SocketClosedError());
    this.#socket.destroy();
  }

  setNoDelay(noDelay: boolean): void {
    if (!this.#closed) this.#socket.setNoDelay(noDelay);
  }

  #onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    this.#chunks.push(chunk);
    this.#queued += chunk.length;
    if (!this.#paused && this.#queued > HIGH_WATER) {
      this.#paused = true;
      this.#socket.pause();
    }
    this.#wake();
  }

  /** Settles the waiting read, if any, from what has arrived. */
  #wake(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    if (this.#queued === 0 && this.#error === undefined && !this.#eof) return;
    this.#waiting = undefined;
    if (this.#queued > 0) waiting.resolve(this.#take(waiting.p));
    else if (this.#error !== undefined) waiting.reject(this.#error);
    else waiting.resolve(null);
  }

  #take(p: Uint8Array): number {
    let n = 0;
    while (n < p.length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0];
      const room = p.length - n;
      if (chunk.length <= room) {
        p.set(chunk, n);
        n += chunk.length;
        this.#chunks.shift();
      } else {
        p.set(chunk.subarray(0, room), n);
        this.#chunks[0] = chunk.subarray(room);
        n += room;
      }
    }
    this.#queued -= n;
    if (this.#paused && this.#queued <= LOW_WATER) {
      this.#paused = false;
      this.#socket.resume();
    }
    return n;
  }
}

/**
 * Connects to one numeric address and does a TLS handshake with node:tls, verifying the
 * certificate unless `tls.insecure`.
 */
export async function connectNodeTls(options: ConnectOptions): Promise<Conn> {
  const tls = options.tls!;
  const { signal } = options;
  signal?.throwIfAborted();
  const { connect } = await import("node:tls");
  return new Promise<Conn>((resolve, reject) => {
    const socket = connect({
      host: options.hostname,
      port: options.port,
      servername: isIpLiteral(tls.serverName) ? undefined : tls.serverName,
      ca: tls.caCerts === undefined ? undefined : [...tls.caCerts],
      rejectUnauthorized: tls.insecure !== true,
    });
    const onAbort = () => {
      socket.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const onError = (err: Error) => {
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      const errno = (err as { code?: unknown }).code;
      // A refused or unreachable address is a connect failure, not a TLS one.
      reject(typeof errno === "string" && /^E[A-Z]+$/.test(errno) ? err : tlsError(err, tls.serverName));
    };
    socket.once("error", onError);
    socket.once("secureConnect", () => {
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      socket.setNoDelay(true);
      resolve(new NodeTlsConn(socket, netAddr("tcp", options.hostname, options.port)));
    });
  });
}
