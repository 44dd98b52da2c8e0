/**
 * A fake HTTP server for client tests: it listens on 127.0.0.1 with http10's transport,
 * reads each request (head and Content-Length body), and replays scripted raw bytes, in
 * scripted pieces with optional pauses, then closes (or keeps the connection for the next
 * request, or never answers). It counts the connections it accepted.
 *
 * @module
 */
import { BufReader } from "../../src/transport/buf_reader.ts";
import { listen } from "../../src/net/listen.ts";
import type { Conn, Listener } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";

/** What the server does with one request. */
export interface Reply {
  /** Raw bytes to write, piece by piece (strings are latin1). */
  pieces?: (string | Uint8Array)[];
  /** Milliseconds to wait between pieces. */
  pauseMs?: number;
  /**
   * Awaited before each piece after the first (with its index): a test that resolves it only
   * once the client has seen the earlier pieces gets them apart for certain, with no timing.
   */
  waitBefore?: (piece: number) => Promise<void>;
  /** Keep the connection open for another request after this reply (default: close). */
  keepOpen?: boolean;
  /** Never answer: hold the connection open until the server closes. */
  hang?: boolean;
}

/** One request as the fake server read it. */
export interface Received {
  /** The head, latin1, through the empty line. */
  head: string;
  /** The body read by Content-Length. */
  body: Uint8Array;
  /** Which accepted connection (0, 1, ...) it came on. */
  connection: number;
}

/** A running fake server. */
export interface FakeServer {
  port: number;
  /** "http://127.0.0.1:PORT", or "https://..." with TLS. */
  origin: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Requests read so far, in order. */
  readonly requests: Received[];
  /** Stops listening, closes every connection, and waits for the handlers. */
  close(): Promise<void>;
}

const CRLFCRLF = new Uint8Array([13, 10, 13, 10]);

/** Bytes of a latin1 string. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** A latin1 string of bytes. */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `condition()` holds, checking every few ms; throws after `limitMs` (a bound
 * against hanging, far beyond what the condition should take, not a timing assertion).
 */
export async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await sleep(5);
  }
}

/**
 * Starts a fake server. `script` is the reply to every request, a list of replies (the
 * n-th request gets the n-th, the last repeats), or a function of the request. With `tls`
 * it speaks HTTPS (its origin says https).
 */
export async function startFakeServer(
  script: Reply | Reply[] | ((req: Received, index: number) => Reply),
  options: { tls?: { cert: string; key: string } } = {},
): Promise<FakeServer> {
  const listener: Listener = await listen({ hostname: "127.0.0.1", port: 0, tls: options.tls });
  const conns = new Set<Conn>();
  const handlers: Promise<void>[] = [];
  const requests: Received[] = [];
  let accepted = 0;
  let closed = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((r) => (wake = r));

  const pick = (req: Received, index: number): Reply => {
    if (typeof script === "function") return script(req, index);
    if (Array.isArray(script)) return script[Math.min(index, script.length - 1)];
    return script;
  };

  const handle = async (conn: Conn, connection: number) => {
    const reader = new BufReader(conn);
    try {
      for (;;) {
        const headView = await reader.readUntil(CRLFCRLF, 65536);
        if (headView === null) return;
        const head = latin1(headView);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        const body = await reader.readFull(length);
        const req = { head, body, connection };
        const index = requests.push(req) - 1;
        const reply = pick(req, index);
        if (reply.hang) return await stopped;
        const pieces = reply.pieces ?? [];
        for (let i = 0; i < pieces.length; i++) {
          if (i > 0 && reply.pauseMs) await sleep(reply.pauseMs);
          if (i > 0 && reply.waitBefore) await reply.waitBefore(i);
          const p = pieces[i];
          await writeAll(conn, typeof p === "string" ? latin1Bytes(p) : p);
        }
        if (!reply.keepOpen) return;
      }
    } catch {
      // The client went away: nothing more to do for this connection.
    } finally {
      reader.release();
      conn.close();
      conns.delete(conn);
    }
  };

  const acceptLoop = (async () => {
    while (!closed) {
      let conn: Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      conns.add(conn);
      handlers.push(handle(conn, accepted++));
    }
  })();

  const port = listener.addr.port;
  return {
    port,
    origin: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    requests,
    async close() {
      closed = true;
      wake();
      listener.close();
      for (const c of conns) c.close();
      await acceptLoop;
      await Promise.all(handlers);
    },
  };
}
