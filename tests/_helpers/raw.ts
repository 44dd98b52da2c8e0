/**
 * A raw TCP peer for server tests, built on `node:net` (not on http10's own transport,
 * so the server is checked against an independent implementation). Loopback only.
 *
 * @module
 */
import net from "node:net";

/** One HTTP response cut out of the raw bytes a server sent. */
export interface RawResponse {
  statusLine: string;
  status: number;
  headers: Map<string, string[]>;
  body: Uint8Array;
  /** The head exactly as sent, for assertions on CRLF. */
  rawHead: string;
}

/** What a connection produced: every byte the server sent and whether it closed. */
export interface Exchange {
  bytes: Uint8Array;
  text: string;
  /** True when the server closed the connection (FIN or reset) before `waitMs` passed. */
  closed: boolean;
}

/**
 * Connects to `port` on `host`, writes each piece of `pieces` (pausing `gapMs` between them),
 * and collects what comes back until the server closes or `waitMs` passes without data.
 */
export function exchange(
  port: number,
  pieces: (string | Uint8Array)[],
  options: { host?: string; gapMs?: number; waitMs?: number; endAfterWrite?: boolean } = {},
): Promise<Exchange> {
  const { host = "127.0.0.1", gapMs = 0, waitMs = 1500 } = options;
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const chunks: Uint8Array[] = [];
    let idle: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      sock.destroy();
      const bytes = concat(chunks);
      resolve({ bytes, text: latin1(bytes), closed });
    };
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(false), waitMs);
    };
    sock.on("data", (c: Uint8Array) => {
      chunks.push(new Uint8Array(c));
      rearm();
    });
    sock.on("end", () => finish(true));
    sock.on("close", () => finish(true));
    sock.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNRESET" || e.code === "EPIPE") finish(true);
      else if (!settled) {
        settled = true;
        clearTimeout(idle);
        reject(e);
      }
    });
    sock.on("connect", async () => {
      rearm();
      for (let i = 0; i < pieces.length; i++) {
        if (sock.destroyed) return;
        const p = pieces[i];
        sock.write(typeof p === "string" ? Buffer.from(p, "latin1") : p);
        if (gapMs > 0 && i < pieces.length - 1) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (options.endAfterWrite) sock.end();
      rearm();
    });
  });
}

/** Cuts a byte stream into responses. A response without Content-Length runs to the end. */
export function parseResponses(bytes: Uint8Array, opts: { headRequests?: boolean[] } = {}): RawResponse[] {
  const out: RawResponse[] = [];
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const text = latin1(bytes.subarray(pos));
    const end = text.indexOf("\r\n\r\n");
    if (end === -1) throw new Error(`incomplete response head: ${JSON.stringify(text.slice(0, 200))}`);
    const rawHead = text.slice(0, end + 4);
    const lines = rawHead.slice(0, end).split("\r\n");
    const statusLine = lines[0];
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const c = line.indexOf(":");
      const name = line.slice(0, c).toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(c + 1).trim()]);
    }
    const status = Number(statusLine.split(" ")[1]);
    const bodyStart = pos + end + 4;
    const cl = headers.get("content-length")?.[0];
    const noBody = opts.headRequests?.[i] || status === 204 || status === 304 || (status >= 100 && status < 200);
    const len = noBody ? 0 : cl !== undefined ? Number(cl) : bytes.length - bodyStart;
    out.push({ statusLine, status, headers, body: bytes.slice(bodyStart, bodyStart + len), rawHead });
    pos = bodyStart + len;
    i++;
  }
  return out;
}

/** Bytes to a string, one char per byte. */
export function latin1(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
