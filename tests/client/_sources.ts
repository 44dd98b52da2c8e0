/**
 * Byte sources for testing the client's readers without sockets.
 *
 * @module
 */
import { latin1Bytes } from "./_fake_server.ts";

/** A source that hands out `pieces` one per read (split further if the reader's buffer is smaller), then end of file. */
export class PiecesSource {
  #pieces: Uint8Array[];
  reads = 0;

  constructor(pieces: (string | Uint8Array)[]) {
    this.#pieces = pieces.map((p) => (typeof p === "string" ? latin1Bytes(p) : p));
  }

  read(p: Uint8Array): Promise<number | null> {
    this.reads++;
    while (this.#pieces.length > 0 && this.#pieces[0].length === 0) this.#pieces.shift();
    const next = this.#pieces[0];
    if (next === undefined) return Promise.resolve(null);
    const n = Math.min(p.length, next.length);
    p.set(next.subarray(0, n));
    this.#pieces[0] = next.subarray(n);
    return Promise.resolve(n);
  }
}

/** `text` cut in two at `at`. */
export function splitAt(text: string, at: number): string[] {
  return [text.slice(0, at), text.slice(at)];
}
