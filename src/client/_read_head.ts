/**
 * Reads a final response head from a connection, skipping interim (1xx) responses.
 *
 * @module
 */
import { LF } from "../http10/_ascii.ts";
import { HeaderTooLargeError } from "../http10/errors.ts";
import { parseResponseHead, type ResponseHead, type ResponseParseOptions } from "../http10/parse_response.ts";
import type { BufReader } from "../transport/buf_reader.ts";
import { IncompleteHeadError } from "./errors.ts";

/**
 * Reads heads until a final one: 100 Continue, 102 Processing, 103 Early Hints and any
 * other 1xx are passed to `onHead` and skipped (RFC 9110 §15.2: a client must parse them
 * even unasked); 101 Switching Protocols is final, since what follows it is not HTTP.
 * The reader is left at the first body byte.
 *
 * `onHead` sees each head's raw bytes as a view, valid only during the call.
 *
 * @throws {IncompleteHeadError} when the connection ends before a whole head.
 * @throws {HeaderTooLargeError} past `maxHeadSize`, and the parser's errors for bad heads.
 */
export async function readResponseHead(
  reader: BufReader,
  limits: Required<ResponseParseOptions>,
  onHead?: (raw: Uint8Array, head: ResponseHead) => void,
): Promise<ResponseHead> {
  // Parse the first bytes at once (the whole head, usually; a bad status line fails early),
  // then only when an empty line may have arrived (LF, optional CR, LF): a head trickling
  // in a byte at a time is not parsed again for every byte. One loop for the interim heads
  // too (not a function per head: one async frame less per request).
  let scanned = 0;
  let eof = false;
  for (;;) {
    // Nothing buffered (a reused connection, before the answer): read first, no empty view made.
    if (!eof && reader.bufferedLength === 0) {
      eof = (await reader.fill()) === null;
      continue;
    }
    const buf = reader.buffered();
    if (eof || scanned === 0 || buf.length <= 64 || mayEndHead(buf, Math.max(0, scanned - 2))) {
      const result = parseResponseHead(buf, 0, buf.length, limits);
      if (result !== "incomplete") {
        onHead?.(buf.subarray(0, result.consumed), result.head);
        reader.discard(result.consumed);
        const { status } = result.head;
        if (status >= 200 || status === 101) return result.head;
        scanned = 0; // an interim head: the next one starts afresh
        continue;
      }
    }
    if (buf.length >= limits.maxHeadSize) {
      throw new HeaderTooLargeError(`Response head is larger than ${limits.maxHeadSize} bytes`, limits.maxHeadSize);
    }
    if (eof) throw new IncompleteHeadError(buf.length);
    scanned = buf.length;
    eof = (await reader.fill()) === null;
  }
}

/** True if `buf` has LF LF or LF CR LF at or after `from`. */
function mayEndHead(buf: Uint8Array, from: number): boolean {
  for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF || (buf[i + 1] === 0x0d && buf[i + 2] === LF)) return true;
  }
  return false;
}
