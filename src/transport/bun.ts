/**
 * The Bun adapter: `Bun.listen`, `Bun.connect` and `Bun.udpSocket` behind the `Conn` /
 * `Listener` / `DatagramSocket` contract. With `deno.ts`, the only place that touches Bun's
 * socket globals; its parts, one concern each:
 *
 * - `_bun_api.ts`: the narrowed Bun API types and the `Bun` global;
 * - `_bun_conn.ts`: a connection (TCP or TLS) and `connect()`;
 * - `_bun_listener.ts`: the listener;
 * - `_bun_udp.ts`: datagram sockets;
 * - `_bun_worker.ts`: worker threads.
 *
 * @module
 */
import { connect } from "./_bun_conn.ts";
import { BunListener } from "./_bun_listener.ts";
import { bindDatagram } from "./_bun_udp.ts";
import { bunParentPort, startBunWorker } from "./_bun_worker.ts";
import type { TransportAdapter } from "./types.ts";

/** Creates the Bun transport adapter. */
export function createBunAdapter(): TransportAdapter {
  return {
    name: "bun",
    listen: (options) => new BunListener(options),
    connect,
    bindDatagram,
    reusePort: true,
    startWorker: startBunWorker,
    parentPort: bunParentPort,
  };
}
