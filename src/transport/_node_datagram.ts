/**
 * UDP through `node:dgram`, for adapters whose runtime has no stable datagram API of
 * its own (Deno's `listenDatagram` needs `--unstable-net`). Loaded only when a datagram
 * socket is bound.
 *
 * @module
 */
import type { Socket } from "node:dgram";
import { AsyncQueue } from "./_async_queue.ts";
import { netAddr } from "./_net_addr.ts";
import { SocketClosedError } from "./errors.ts";
import type { BindDatagramOptions, Datagram, DatagramSocket, NetAddr } from "./types.ts";

// Datagrams nobody has received yet; beyond this, new ones are dropped as a full
// socket buffer would drop them.
const MAX_QUEUED = 1024;

class NodeDatagramSocket implements DatagramSocket {
  readonly addr: NetAddr;
  #socket: Socket;
  #queue = new AsyncQueue<Datagram>(MAX_QUEUED);

  constructor(socket: Socket) {
    this.#socket = socket;
    const a = socket.address();
    this.addr = netAddr("udp", a.address, a.port);
    socket.on("message", (msg, rinfo) => {
      // A view of node's Buffer, without copying: each message gets its own memory.
      const data = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
      this.#queue.push({ data, remote: netAddr("udp", rinfo.address, rinfo.port) });
    });
    socket.on("error", (err) => this.#queue.close(err));
  }

  send(data: Uint8Array, to: { hostname: string; port: number }): Promise<void> {
    if (this.#queue.closed) return Promise.reject(new SocketClosedError());
    return new Promise((resolve, reject) => {
      this.#socket.send(data, to.port, to.hostname, (err) => (err ? reject(err) : resolve()));
    });
  }

  receive(): Promise<Datagram> {
    return this.#queue.next();
  }

  close(): void {
    if (this.#queue.closed) return;
    this.#queue.close(new SocketClosedError());
    this.#socket.close();
  }
}

/** Binds a UDP socket with `node:dgram` on one numeric address. */
export async function bindNodeDatagram(options: BindDatagramOptions): Promise<DatagramSocket> {
  const dgram = await import("node:dgram");
  const socket = dgram.createSocket(options.hostname.includes(":") ? "udp6" : "udp4");
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(options.port, options.hostname, () => {
        socket.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    try {
      socket.close();
    } catch {
      // Never bound, nothing to close.
    }
    throw err;
  }
  return new NodeDatagramSocket(socket);
}
