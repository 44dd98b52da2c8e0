/**
 * The body of a file response: a byte stream that reads a span of a file from disk only
 * when its consumer asks, one chunk per pull. Private to `src/server/`.
 *
 * @module
 */
import { type FileReader, openFileReader } from "../transport/file.ts";
import { Http10Error } from "../errors/http10_error.ts";

/** Bytes read per pull when the consumer gives no buffer of its own. */
export const FILE_CHUNK_SIZE = 256 * 1024;

/**
 * The body of a streamed file ended before the `Content-Length` sent for it: the file
 * shrank while it was being sent. The stream errors with it so the server can abort the
 * connection instead of leaving the client waiting for bytes that will never come.
 */
export class FileTruncatedError extends Http10Error {
  /** Bytes promised in Content-Length. */
  readonly expected: number;
  /** Bytes sent before the file ended. */
  readonly sent: number;

  constructor(path: string, expected: number, sent: number) {
    super("HTTP10_FILE_TRUNCATED", `File shrank while being sent: ${path} ended after ${sent} of ${expected} bytes`);
    this.expected = expected;
    this.sent = sent;
  }
}

/**
 * A readable byte stream of `length` bytes of the file at `path`, from offset `first`.
 *
 * - The file opens on the first pull (a response that is never read holds no file) and
 *   closes at the end, on an error, and when the reader cancels (the client went away).
 * - It is a `"bytes"` stream: a consumer with a BYOB reader has the file read straight
 *   into its own buffer (no copy, no garbage); a default reader gets a new
 *   `FILE_CHUNK_SIZE` chunk per read. Why 256 KiB: in bench/files.ts 64 KiB chunks were
 *   markedly slower, and 1 MiB chunks grew RSS with five readers (to +17 MiB on Deno and
 *   +65 MiB on Bun, from about +5 and +20) for no clear gain in speed.
 * - Nothing is read ahead (high-water mark 0): the next read waits for the consumer.
 */
export function fileBody(path: string, first: number, length: number): ReadableStream<Uint8Array> {
  let file: FileReader | undefined;
  let sent = 0;
  let cancelled = false;

  const close = async () => {
    const f = file;
    file = undefined;
    await f?.close();
  };

  return new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: FILE_CHUNK_SIZE,
    async pull(controller) {
      const request = controller.byobRequest!;
      try {
        file ??= await openFileReader(path);
        if (cancelled) return await close(); // cancelled while the file was opening
        const view = request.view!;
        const want = Math.min(view.byteLength, length - sent);
        const into = new Uint8Array(view.buffer, view.byteOffset, want);
        const n = await file.read(into, first + sent);
        if (cancelled) return await close();
        if (n === 0) throw new FileTruncatedError(path, length, sent);
        sent += n;
        request.respond(n);
        if (sent === length) {
          await close(); // bytes the file may have grown by are not ours to send
          controller.close();
        }
      } catch (error) {
        await close();
        if (!cancelled) controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      await close();
    },
  }, { highWaterMark: 0 });
}
