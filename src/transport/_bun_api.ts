/**
 * The few Bun APIs the Bun adapter uses, narrowed from bun-types (Socket, SocketHandler,
 * TCPSocketListener, udp.Socket in node_modules/bun-types/bun.d.ts), so that the project
 * type-checks under `deno check` without Bun's globals; and the one reference to the `Bun`
 * global they come from. Part of the Bun adapter (`bun.ts`).
 *
 * @module
 */
import type { BunConn } from "./_bun_conn.ts";

export interface BunSocket {
  data: BunConn | undefined;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** Bytes the kernel took; 0 when its buffer is full (then `drain` follows), -1 once closed. */
  write(data: Uint8Array): number;
  /** shutdown(2) of the write side: sends FIN, reading goes on. */
  shutdown(): void;
  close(): void;
  pause(): void;
  resume(): void;
  setNoDelay(noDelay: boolean): boolean;
}

export interface BunSocketHandler {
  binaryType: "uint8array";
  open?(socket: BunSocket): void;
  data(socket: BunSocket, chunk: Uint8Array): void;
  drain(socket: BunSocket): void;
  end(socket: BunSocket): void;
  close(socket: BunSocket, error?: Error): void;
  error(socket: BunSocket, error: Error): void;
  /** TLS only: the handshake is done; `success` is false when the certificate was refused. */
  handshake?(socket: BunSocket, success: boolean, authorizationError: Error | null): void;
}

export interface BunTlsOptions {
  cert?: string;
  key?: string;
  serverName?: string;
  ca?: string[];
  rejectUnauthorized?: boolean;
}

export interface BunTcpListener {
  readonly hostname: string;
  readonly port: number;
  stop(closeActiveConnections?: boolean): void;
}

export interface BunUdpSocket {
  readonly address: { address: string; port: number };
  /** False when the datagram could not be sent now (then `drain` follows). */
  send(data: Uint8Array, port: number, address: string): boolean;
  close(): void;
}

export interface BunUdpHandler {
  data(socket: BunUdpSocket, data: Uint8Array, port: number, address: string): void;
  drain(socket: BunUdpSocket): void;
  error(socket: BunUdpSocket, error: Error): void;
}

export interface BunApi {
  /** The path of the program's main module. */
  readonly main: string;
  /** False in a worker thread. */
  readonly isMainThread: boolean;
  listen(options: {
    hostname: string;
    port: number;
    exclusive: boolean;
    reusePort: boolean;
    allowHalfOpen: boolean;
    ipv6Only: boolean;
    tls?: BunTlsOptions;
    socket: BunSocketHandler;
  }): BunTcpListener;
  connect(options: {
    hostname: string;
    port: number;
    allowHalfOpen: boolean;
    /** The socket's first `data`, until `open` replaces it. */
    data: unknown;
    tls?: BunTlsOptions;
    socket: BunSocketHandler;
  }): Promise<BunSocket>;
  udpSocket(options: {
    hostname: string;
    port: number;
    binaryType: "uint8array";
    socket: BunUdpHandler;
  }): Promise<BunUdpSocket>;
}

export const bun = (globalThis as unknown as { Bun: BunApi }).Bun;
