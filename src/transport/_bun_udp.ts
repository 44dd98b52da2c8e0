/**
 * UDP on Bun: `Bun.udpSocket` behind the `DatagramSocket` contract. Part of the Bun adapter
 * (`bun.ts`).
 *
 * @module
 */
import { AsyncQueue } from "./_async_queue.ts";
import { errnoOf } from "./_errno.ts";
import { netAddr } from "./_net_addr.ts";
import { bun, type BunUdpSocket } from "./_bun_api.ts";
import { NoProgressError, SocketClosedError } from "./errors.ts";
import type { BindDatagramOptions, Datagram, DatagramSocket, NetAddr } from "./types.ts";

// Datagrams nobody has received yet; beyond this, new ones are dropped as a full
// socket buffer would drop them.
const MAX_QUEUED_DATAGRAMS = 1024;
const MAX_UNSENT_TRIES = 100;
// Errors an unconnected UDP socket gets from ICMP about an earlier datagram.
const TRANSIENT_UDP = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

class BunDatagramSocket implements DatagramSocket {
  readonly addr: NetAddr;
  #socket: BunUdpSocket;
  #queue: AsyncQueue<Datagram>;
  #drained: (() => void)[];
  #closed = false;

  constructor(socket: BunUdpSocket, queue: AsyncQueue<Datagram>, drained: (() => void)[]) {
    this.#socket = socket;
    this.#queue = queue;
    this.#drained = drained;
    this.addr = netAddr("udp", socket.address.address, socket.address.port);
  }

  async send(data: Uint8Array, to: { hostname: string; port: number }): Promise<void> {
    for (let tries = 0; tries < MAX_UNSENT_TRIES; tries++) {
      if (this.#queue.closed) throw new SocketClosedError();
      if (this.#socket.send(data, to.port, to.hostname)) return;
      await new Promise<void>((resolve) => this.#drained.push(resolve));
    }
    throw new NoProgressError("write", MAX_UNSENT_TRIES);
  }

  receive(): Promise<Datagram> {
    return this.#queue.next();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // The queue may have closed already (a socket error): the Bun socket still needs closing.
    if (!this.#queue.closed) this.#queue.close(new SocketClosedError());
    this.#socket.close();
    for (const wake of this.#drained.splice(0)) wake();
  }
}

export async function bindDatagram(options: BindDatagramOptions): Promise<DatagramSocket> {
  const queue = new AsyncQueue<Datagram>(MAX_QUEUED_DATAGRAMS);
  const drained: (() => void)[] = [];
  const socket = await bun.udpSocket({
    hostname: options.hostname,
    port: options.port,
    binaryType: "uint8array",
    socket: {
      // Bun gives each datagram its own memory: hand it over without copying.
      data: (_socket, data, port, address) => void queue.push({ data, remote: netAddr("udp", address, port) }),
      drain: () => {
        for (const wake of drained.splice(0)) wake();
      },
      error: (_socket, error) => {
        // An ICMP "port unreachable" for an earlier send comes here, with no error object
        // (or ECONNREFUSED): on an unconnected socket that is no failure of the socket
        // (node:dgram and Deno ignore it too), and the caller's receive timeout decides.
        if (error === undefined || error === null || TRANSIENT_UDP.has(errnoOf(error))) return;
        queue.close(error);
      },
    },
  });
  return new BunDatagramSocket(socket, queue, drained);
}
