/**
 * The floor: what a server in JavaScript costs on this runtime's own socket API before it
 * does any HTTP. It answers every request head with the same fixed "Hello, World!" bytes:
 * no parsing beyond finding the empty line and the word "keep-alive" or "HTTP/1.1", no
 * Request, no Response, no Date. On Deno it is a `Deno.listen` read/write loop (the pull
 * API http10 uses there); on Bun, `Bun.listen` socket callbacks (Bun's only socket API).
 *
 * It is a reference, not a server: a goal that asks http10 for more than its runtime's
 * floor cannot be met by tuning http10. Runs on Deno and Bun:
 *
 *     deno run -A bench/servers/floor.ts 8000      bun bench/servers/floor.ts 8000
 *
 * @module
 */
const port = Number((globalThis as { Deno?: { args: string[] } }).Deno?.args[0] ?? process.argv[2] ?? 8000);
const encoder = new TextEncoder();
const KEEP = encoder.encode("HTTP/1.0 200 OK\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!");
const CLOSE = encoder.encode("HTTP/1.0 200 OK\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!");

/** Index just past the first CRLFCRLF in `buf[0, end)`, or -1. */
function headEnd(buf: Uint8Array, end: number): number {
  for (let i = buf.indexOf(0x0a); i >= 0 && i < end; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Whether a head asks to be kept alive: HTTP/1.1, or "Keep-Alive" in any case. */
function keepAlive(buf: Uint8Array, end: number): boolean {
  const line = buf.indexOf(0x0d);
  if (line >= 8 && buf[line - 1] === 0x31 && buf[line - 3] === 0x31) return true; // "HTTP/1.1"
  for (let i = buf.indexOf(0x2d); i >= 0 && i < end; i = buf.indexOf(0x2d, i + 1)) { // "-"
    if ((buf[i - 1] | 0x20) === 0x70 && (buf[i + 1] | 0x20) === 0x61 && (buf[i + 5] | 0x20) === 0x65) return true;
  }
  return false;
}

/**
 * The heads in `buf[0, have)`: how many there are, how many bytes they take, and whether the
 * last one asks to close. Pipelined heads (wrk's script sends 16 at once) get their answers in
 * one write, as any server that answers them well would.
 */
function heads(buf: Uint8Array, have: number): { count: number; used: number; close: boolean } {
  let used = 0;
  let count = 0;
  while (used < have) {
    const head = used === 0 ? buf : buf.subarray(used, have);
    const end = headEnd(head, have - used);
    if (end < 0) break;
    count++;
    used += end;
    if (!keepAlive(head, end)) return { count, used, close: true };
  }
  return { count, used, close: false };
}

/** The answers to `count` heads, the last one saying close if `close`. */
function answers(count: number, close: boolean): Uint8Array {
  if (count === 1) return close ? CLOSE : KEEP;
  const out = new Uint8Array(KEEP.length * (count - 1) + (close ? CLOSE : KEEP).length);
  for (let i = 0; i < count - 1; i++) out.set(KEEP, i * KEEP.length);
  out.set(close ? CLOSE : KEEP, (count - 1) * KEEP.length);
  return out;
}

const Deno_ = (globalThis as { Deno?: typeof Deno }).Deno;
if (Deno_ !== undefined) {
  const listener = Deno_.listen({ hostname: "127.0.0.1", port });
  console.log(`ready ${port}`);
  const serveConn = async (conn: Deno.TcpConn) => {
    const buf = new Uint8Array(4096);
    let have = 0;
    try {
      for (;;) {
        const n = await conn.read(have < buf.length ? buf.subarray(have) : buf);
        if (n === null) break;
        have = have < buf.length ? have + n : n;
        const { count, used, close } = heads(buf, have);
        if (count === 0) continue;
        buf.copyWithin(0, used, have);
        have -= used;
        await conn.write(answers(count, close));
        if (close) break;
      }
    } catch {
      // The peer went away.
    }
    try {
      conn.close();
    } catch {
      // Closed already.
    }
  };
  for await (const conn of listener) serveConn(conn);
} else {
  // deno-lint-ignore no-explicit-any
  const Bun_ = (globalThis as any).Bun;
  Bun_.listen({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      // A request head arrives whole from ab and wrk; one split across packets is simply
      // answered when its last packet (the one with the empty line) comes.
      data(socket: { write(b: Uint8Array): number; end(): void }, chunk: Uint8Array) {
        const { count, close } = heads(chunk, chunk.length);
        if (count === 0) return;
        socket.write(answers(count, close));
        if (close) socket.end();
      },
    },
  });
  console.log(`ready ${port}`);
}
