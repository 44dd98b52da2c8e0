/**
 * A TCP peer made with `node:net`, independent of http10's transport, for testing the
 * example servers.
 *
 * @module
 */
import { connect, type Socket } from "node:net";

/** A connected `node:net` socket that keeps everything it receives. */
export interface NetPeer {
  socket: Socket;
  /** This end's port, kept at connect time (node:net forgets it once the socket closes). */
  localPort: number;
  /** Everything received so far, decoded as UTF-8. */
  received(): string;
  /** Resolves once `received()` satisfies `done`; rejects after `timeoutMs` or if the socket closes first. */
  until(done: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with everything received once the peer closes (or resets) the connection. */
  closed: Promise<string>;
  /** Writes and waits until the bytes are handed to the kernel. */
  write(text: string | Uint8Array): Promise<void>;
  /** Destroys the socket; safe to call more than once. */
  destroy(): void;
}

/** Connects to `host:port` (loopback in these tests). */
export function connectPeer(port: number, host = "127.0.0.1"): Promise<NetPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    let text = "";
    let isClosed = false;
    const waiters = new Set<() => void>();
    const wake = () => {
      for (const w of [...waiters]) w();
    };
    socket.setNoDelay(true);
    socket.on("data", (chunk: Uint8Array) => {
      text += new TextDecoder().decode(chunk);
      wake();
    });
    // A reset is a way of closing too; the tests look at what arrived before it.
    socket.on("error", () => {});
    const closed = new Promise<string>((r) =>
      socket.on("close", () => {
        isClosed = true;
        wake();
        r(text);
      })
    );
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve({
        socket,
        localPort: socket.localPort!,
        received: () => text,
        closed,
        until(done, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              if (done(text)) finish(() => ok(text));
              else if (isClosed) finish(() => fail(new Error(`connection closed; received ${JSON.stringify(text)}`)));
            };
            const timer = setTimeout(
              () => finish(() => fail(new Error(`timed out; received ${JSON.stringify(text)}`))),
              timeoutMs,
            );
            const finish = (settle: () => void) => {
              clearTimeout(timer);
              waiters.delete(check);
              settle();
            };
            waiters.add(check);
            check();
          });
        },
        write: (data) => new Promise((ok, fail) => socket.write(data, (err) => (err ? fail(err) : ok()))),
        destroy: () => socket.destroy(),
      });
    });
    socket.once("error", reject);
  });
}
