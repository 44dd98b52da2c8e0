/**
 * Responses the server decides itself (400, 408, 411, 413, 414, 431, 500, 501, 505), and the
 * lingering close that follows one, so that the client reads the answer before the reset
 * that unread request bytes would otherwise cause.
 *
 * @module
 */
import type { BufReader } from "../transport/buf_reader.ts";
import type { Conn } from "../transport/types.ts";
import { writeAll } from "../transport/write_all.ts";
import { ConnectionResetError, SocketClosedError, TlsError, UnexpectedEofError } from "../transport/errors.ts";
import { serializeResponseHead } from "../http10/serialize.ts";
import { statusText } from "../http10/status.ts";
import { TruncatedBodyError } from "../body/errors.ts";
import { ClientGoneError } from "./errors.ts";

/** After an error response, read and drop at most this much before closing. */
const LINGER_BYTES = 256 * 1024;
/** ...and for at most this long. */
const LINGER_MS = 2_000;

const encoder = new TextEncoder();

/** A short plain-text response for a status the server decides. */
export function errorResponse(status: number, detail: string, extra: Record<string, string> = {}): Response {
  return new Response(errorText(status, detail), {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...extra },
  });
}

function errorText(status: number, detail: string): string {
  return `${status} ${statusText(status)}\n${detail}\n`;
}

/**
 * Sends a plain error response with `Connection: close`, then closes gently: FIN first,
 * and whatever the client still sends is read and dropped for a moment, so that the
 * response is not destroyed by a reset (the "lingering close" of RFC 9112 §9.6).
 * Resolves to the body bytes sent, or -1 when the client was gone.
 */
export async function sendError(
  conn: Conn,
  reader: BufReader | null,
  status: number,
  detail: string,
  date: string,
  serverName: string,
): Promise<number> {
  const body = encoder.encode(errorText(status, detail));
  const head = serializeResponseHead(status, [
    ["Date", date],
    ["Server", serverName],
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.length)],
    ["Connection", "close"],
  ]);
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  try {
    await writeAll(conn, bytes);
  } catch {
    return -1; // the client is gone; nothing to tell it
  }
  if (reader !== null) await linger(conn, reader);
  return body.length;
}

/** Half-closes, then reads and drops what the client still sends, briefly, and returns. */
async function linger(conn: Conn, reader: BufReader): Promise<void> {
  try {
    await conn.closeWrite();
  } catch {
    return;
  }
  const timer = setTimeout(() => conn.close(), LINGER_MS);
  try {
    let dropped = 0;
    reader.discard(reader.bufferedLength);
    while (dropped < LINGER_BYTES) {
      const n = await reader.fill();
      if (n === null) break;
      dropped += n;
      reader.discard(reader.bufferedLength);
    }
  } catch {
    // Reset, or closed by the timer: done either way.
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True for errors that only mean the peer went away (or we closed the socket), or a TLS
 * client refused our certificate: not worth a log line.
 */
export function isDisconnect(err: unknown): boolean {
  return err instanceof ConnectionResetError || err instanceof SocketClosedError ||
    err instanceof UnexpectedEofError || err instanceof TruncatedBodyError || err instanceof ClientGoneError ||
    err instanceof TlsError;
}
