/**
 * A raw loopback client for the response-path tests that needs more control than
 * `exchange()`: read until some text has arrived, half-close, close, reset, pause.
 * Built on `node:net`, independent of http10's transport.
 *
 * @module
 */
import net from "node:net";
import { concat } from "../../src/body/concat.ts";
import { serve } from "../../src/server/serve.ts";
import type { Handler, ServeOptions } from "../../src/server/options.ts";
import { latin1 } from "../_helpers/raw.ts";

/** A connected raw client. Everything it received so far is in `text`. */
export class Peer {
  readonly socket: net.Socket;
  #chunks: Uint8Array[] = [];
  #text = "";
  #ended = false;
  #waiters: (() => void)[] = [];
  /** Resolves when the server ended or broke the connection. */
  readonly closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (c: Uint8Array) => {
      this.#chunks.push(new Uint8Array(c));
      this.#text += latin1(c);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      const done = () => {
        this.#ended = true;
        this.#wake();
        resolve();
      };
      socket.on("end", done);
      socket.on("close", done);
      socket.on("error", done);
    });
  }

  /** Connects to 127.0.0.1:`port`. */
  static connect(port: number): Promise<Peer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => resolve(new Peer(socket)));
      socket.once("error", reject);
    });
  }

  /** Everything received so far, as latin1 text. */
  get text(): string {
    return this.#text;
  }

  /** Bytes received so far. */
  get received(): number {
    return this.#chunks.reduce((n, c) => n + c.length, 0);
  }

  /** Everything received so far, as bytes. */
  get bytes(): Uint8Array {
    return concat(this.#chunks);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  /**
   * Resolves with everything received once `needle` is in it. Rejects if the connection
   * ends first, or after `failAfterMs` as a guard against a hang (the test fails, it does
   * not pass, when that fires).
   */
  async until(needle: string, failAfterMs = 10_000): Promise<string> {
    const guard = setTimeout(() => this.#wake(), failAfterMs);
    const start = Date.now();
    try {
      while (!this.#text.includes(needle)) {
        if (this.#ended) {
          throw new Error(
            `connection ended before ${JSON.stringify(needle)}; got ${JSON.stringify(this.#text.slice(0, 300))}`,
          );
        }
        if (Date.now() - start >= failAfterMs) {
          throw new Error(
            `no ${JSON.stringify(needle)} after ${failAfterMs} ms; got ${JSON.stringify(this.#text.slice(0, 300))}`,
          );
        }
        await new Promise<void>((r) => this.#waiters.push(r));
      }
      return this.#text;
    } finally {
      clearTimeout(guard);
    }
  }

  /** Resolves with everything received once the server has closed the connection. */
  async toEnd(): Promise<string> {
    await this.closed;
    return this.#text;
  }

  /** Half-closes: sends FIN, keeps reading. */
  end(): void {
    this.socket.end();
  }

  /** Closes both directions (FIN, or RST if unread data is pending in the kernel). */
  close(): void {
    this.socket.destroy();
  }

  /** Aborts the connection with a reset (RST). */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

/** A promise with its resolve function, made by the test and settled when the test says. */
export function held<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs `fn` against a server on 127.0.0.1 with `handler`, then shuts it down (grace 500 ms). */
export async function withServer(
  handler: Handler,
  fn: (port: number) => Promise<void>,
  options: ServeOptions = {},
): Promise<void> {
  const server = await serve(handler, { port: 0, hostname: "127.0.0.1", onListen() {}, gracePeriod: 500, ...options });
  try {
    await fn(server.addr.port);
  } finally {
    await server.shutdown();
  }
}
