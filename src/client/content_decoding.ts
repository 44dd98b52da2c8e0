/**
 * Content codings, as the Fetch standard handles them: what `fetch()` offers in
 * Accept-Encoding, and a body decoded through the runtime's `DecompressionStream`.
 *
 * @module
 */
import { BadContentEncodingError } from "./errors.ts";

// The codings' names in Content-Encoding, and the DecompressionStream format of each.
const FORMATS: Record<string, string> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate", br: "br" };

let brotli: boolean | undefined;

/** True when the runtime's DecompressionStream decodes "br" (checked once). */
export function supportsBrotli(): boolean {
  if (brotli === undefined) {
    try {
      new DecompressionStream("br" as CompressionFormat);
      brotli = true;
    } catch {
      brotli = false;
    }
  }
  return brotli;
}

/**
 * The Accept-Encoding `fetch()` sends: "gzip, deflate", and ", br" where the runtime
 * can decode it.
 */
export function acceptEncoding(): string {
  return supportsBrotli() ? "gzip, deflate, br" : "gzip, deflate";
}

/**
 * The codings of a Content-Encoding value, in the order they were applied, lower-cased,
 * without "identity"; undefined when one of them cannot be decoded here (then the body is
 * left as it is, as the Fetch standard does).
 *
 * @example
 * ```ts
 * contentCodings("gzip"); // ["gzip"]
 * contentCodings("identity"); // []
 * contentCodings("zstd"); // undefined
 * ```
 */
export function contentCodings(value: string | null): string[] | undefined {
  if (value === null) return [];
  const codings: string[] = [];
  for (const part of value.split(",")) {
    const coding = part.trim().toLowerCase();
    if (coding === "" || coding === "identity") continue;
    if (!(coding in FORMATS) || (coding === "br" && !supportsBrotli())) return undefined;
    codings.push(coding);
  }
  return codings;
}

/**
 * `body` decoded from `codings` (as `contentCodings` gives them; the last applied is
 * undone first). A body that does not decode errors with `BadContentEncodingError`; an
 * error of the body itself (truncated, aborted) comes through as it is.
 */
export function decodeBody(body: ReadableStream<Uint8Array>, codings: readonly string[]): ReadableStream<Uint8Array> {
  let stream = body;
  for (let i = codings.length - 1; i >= 0; i--) stream = decodeOne(stream, codings[i]);
  return stream;
}

/**
 * Whether the first bytes of a deflate body have a zlib header (RFC 1950), as HTTP's
 * "deflate" should; some servers send raw deflate (RFC 1951) instead, which browsers take too.
 */
function isZlib(bytes: Uint8Array): boolean {
  const cmf = bytes[0];
  if ((cmf & 0x0f) !== 8) return false;
  return bytes.length < 2 || ((cmf << 8) | bytes[1]) % 31 === 0;
}

function decodeOne(source: ReadableStream<Uint8Array>, coding: string): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let output: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let sourceError: { error: unknown } | undefined;

  // Reads the first chunk (to tell zlib from raw deflate), then feeds the decompressor from
  // a loop of its own, so that reading its output never waits on our own write.
  const start = async (): Promise<ReadableStreamDefaultReader<Uint8Array> | undefined> => {
    let first: ReadableStreamReadResult<Uint8Array>;
    try {
      first = await reader.read();
    } catch (error) {
      sourceError = { error };
      throw error;
    }
    // No bytes at all (a 204 that says gzip, say): nothing to decode.
    if (first.done) return undefined;
    const format = coding === "deflate" && !isZlib(first.value) ? "deflate-raw" : FORMATS[coding];
    const decompressor = new DecompressionStream(format as CompressionFormat);
    const writer = decompressor.writable.getWriter();
    void (async () => {
      for (let chunk: ReadableStreamReadResult<Uint8Array> = first; !chunk.done;) {
        try {
          await writer.write(chunk.value as Uint8Array<ArrayBuffer>);
        } catch {
          return; // The decompressor failed: its output says how.
        }
        try {
          chunk = await reader.read();
        } catch (error) {
          // The body failed (truncated, aborted): that error is the one reported.
          sourceError = { error };
          writer.abort(error).catch(() => {});
          return;
        }
      }
      writer.close().catch(() => {});
    })();
    return decompressor.readable.getReader();
  };

  let started: Promise<ReadableStreamDefaultReader<Uint8Array> | undefined> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        output = await (started ??= start());
        if (output === undefined) return controller.close();
        const r = await output.read();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      } catch (error) {
        if (sourceError !== undefined && sourceError.error === error) throw error;
        // Closing the decompressor's writer waits on its readable: a failed decode shows
        // on both; the body's own error, if any, is the one that counts.
        if (sourceError !== undefined) throw sourceError.error;
        reader.cancel(error).catch(() => {});
        throw new BadContentEncodingError(coding, error instanceof Error ? error.message : String(error));
      }
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => {});
      output?.cancel(reason).catch(() => {});
    },
  });
}
