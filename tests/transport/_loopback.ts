/**
 * Loopback helpers for transport tests: a connected pair of real sockets, and reading
 * a connection to its end.
 *
 * @module
 */
import type { Conn, Listener, TransportAdapter } from "../../src/transport/types.ts";
import { concat } from "../../src/body/concat.ts";

/** A listener and both ends of one connection through it. */
export interface Pair {
  listener: Listener;
  /** The dialing end. */
  client: Conn;
  /** The accepted end. */
  server: Conn;
  /** Closes both ends and the listener. */
  close(): void;
}

/** Listens on `hostname` port 0, connects to it and accepts: a connected pair. */
export async function connectedPair(transport: TransportAdapter, hostname = "127.0.0.1"): Promise<Pair> {
  const listener = transport.listen({ hostname, port: 0 });
  try {
    const accepting = listener.accept();
    const client = await transport.connect({ hostname, port: listener.addr.port });
    const server = await accepting;
    return {
      listener,
      client,
      server,
      close() {
        client.close();
        server.close();
        listener.close();
      },
    };
  } catch (err) {
    listener.close();
    throw err;
  }
}

/** Reads `conn` until end of file, through a buffer of `size` bytes. */
export async function readAll(conn: Conn, size = 65536): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(size);
  while (true) {
    const n = await conn.read(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
  }
  return concat(chunks);
}

/** A port nothing listens on: bound, then closed again. */
export function closedPort(transport: TransportAdapter, hostname = "127.0.0.1"): number {
  const listener = transport.listen({ hostname, port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** Yields to the event loop once, so that other sockets get to run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
