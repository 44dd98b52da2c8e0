/**
 * The chunked transfer coding (RFC 9112 §7.1): an incremental decoder for bodies from
 * HTTP/1.1 peers, and an encoder. We never send chunked to an HTTP/1.0 peer.
 *
 * ```
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-ext    = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
 * last-chunk   = 1*"0" [ chunk-ext ] CRLF
 * ```
 *
 * @module
 */
import { CR, HTAB, LF, SP, TCHAR } from "./_ascii.ts";
import { type FieldSpans, scanHead, showByte } from "./_fields.ts";
import { HeaderTooLargeError, type HttpParseError, InvalidChunkError } from "./errors.ts";
import { HeaderList } from "./header_list.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

/** Limits for {@linkcode ChunkedDecoder}. */
export interface ChunkedDecoderOptions {
  /** Longest chunk-size line (size and extensions, without CRLF), in bytes. Default 4096. */
  maxChunkLine?: number;
  /** Largest trailer section, in bytes. Default 8192 (431-coded error beyond). */
  maxTrailerSize?: number;
  /**
   * Accept a bare LF where CRLF belongs (after a size line, after chunk data, after a trailer
   * line and at the end). Default false: RFC 9112 §7.1 requires CRLF, and line endings that
   * two parsers read differently are how requests get smuggled, so a server stays strict.
   * A client may be lenient with what a server sends (the response ends the exchange).
   */
  allowBareLf?: boolean;
}

/** What one {@linkcode ChunkedDecoder.decode} call produced. */
export interface ChunkedDecodeResult {
  /** The body bytes found, as views into the input (copy them if the input is reused). */
  data: Uint8Array[];
  /** Bytes used from `start`: all of them until the body ends, then up to its last byte. */
  consumed: number;
  /** True once the last chunk, trailers and final CRLF have been read. */
  done: boolean;
}

// Decoder states. The size line (states below SIZE_LF) is a small state machine; data is
// handed out in bulk.
const SIZE = 0; // hex digits of chunk-size
const SIZE_BWS = 1; // whitespace after the size or a value: only ";" may follow
const EXT_NAME_START = 2; // after ";": BWS, then a token
const EXT_NAME = 3;
const EXT_NAME_BWS = 4; // whitespace after a name: "=" or ";" must follow
const EXT_VALUE_START = 5; // after "=": BWS, then a token or a quoted-string
const EXT_TOKEN = 6;
const EXT_QUOTED = 7;
const EXT_QUOTED_PAIR = 8; // after a backslash inside quotes
const AFTER_QUOTE = 9; // right after a closing quote: like after a token value
const SIZE_LF = 10; // a CR ended the size line: LF must follow
const DATA = 11;
const DATA_END = 12; // after the data: CRLF (or LF)
const DATA_LF = 13;
const TRAILER_LINE_START = 14;
const TRAILER_LINE = 15;
const END_LF = 16; // a CR began the final empty line: LF must follow
const DONE = 17;

/**
 * Decodes a chunked body incrementally: feed bytes as they arrive, split anywhere, and get
 * the data back as views into what you fed. The decoder keeps what it needs between calls,
 * so the caller never re-feeds bytes; `consumed` is less than the bytes given only on the
 * call that finishes the body (what follows belongs to the next message).
 *
 * CRLF is required wherever the grammar has it; `allowBareLf` accepts a bare LF too. Chunk
 * extensions are checked against the
 * grammar and ignored. Trailer fields are parsed like header fields and kept in `trailers`.
 * After a throw the decoder is unusable; it throws the same error again.
 *
 * @example
 * ```ts
 * const decoder = new ChunkedDecoder();
 * const bytes = new TextEncoder().encode("5\r\nhello\r\n0\r\n\r\n");
 * const { data, done } = decoder.decode(bytes);
 * // data: [ "hello" as bytes ], done: true
 * ```
 */
export class ChunkedDecoder {
  readonly #maxLine: number;
  readonly #maxTrailer: number;
  readonly #allowBareLf: boolean;
  #state = SIZE;
  #size = 0; // the chunk-size being read, then the data bytes still to come
  #digits = 0;
  #lineLength = 0;
  #trailerBytes: Uint8Array[] = [];
  #trailerLength = 0;
  #trailers = new HeaderList();
  #failed: HttpParseError | null = null;

  /** Creates a decoder for one chunked body. */
  constructor(options?: ChunkedDecoderOptions) {
    this.#maxLine = options?.maxChunkLine ?? 4096;
    this.#maxTrailer = options?.maxTrailerSize ?? 8192;
    this.#allowBareLf = options?.allowBareLf ?? false;
  }

  /** The trailer fields; empty until `decode` reports done (and when there were none). */
  get trailers(): HeaderList {
    return this.#trailers;
  }

  /**
   * Decodes `buf[start:end]`. Throws `InvalidChunkError` for malformed framing,
   * `HeaderTooLargeError` for a trailer section over its limit, and the header field errors
   * for malformed trailer fields (their offsets count from the first trailer byte).
   */
  decode(buf: Uint8Array, start = 0, end: number = buf.length): ChunkedDecodeResult {
    if (this.#failed !== null) throw this.#failed;
    try {
      return this.#decode(buf, start, end);
    } catch (err) {
      this.#failed = err as HttpParseError;
      throw err;
    }
  }

  #decode(buf: Uint8Array, start: number, end: number): ChunkedDecodeResult {
    const data: Uint8Array[] = [];
    let p = start;
    while (p < end) {
      const state = this.#state;
      if (state === DATA) {
        const take = Math.min(this.#size, end - p);
        data.push(buf.subarray(p, p + take));
        p += take;
        this.#size -= take;
        if (this.#size === 0) this.#state = DATA_END;
        continue;
      }
      if (state === DONE) break;
      if (state === TRAILER_LINE) {
        // Copy through the next LF; the fields parser checks the lines at the end. The
        // search stays inside this call's window: bytes past `end` are not ours to scan.
        let lf = p;
        while (lf < end && buf[lf] !== LF) lf++;
        const stop = lf < end ? lf + 1 : end;
        this.#keepTrailer(buf, p, stop, start);
        if (lf < end) this.#state = TRAILER_LINE_START;
        p = stop;
        continue;
      }
      const c = buf[p];
      if (state < SIZE_LF && c !== CR && c !== LF && ++this.#lineLength > this.#maxLine) {
        throw new InvalidChunkError(`Chunk size line is longer than ${this.#maxLine} bytes`, p - start);
      }
      switch (state) {
        case SIZE: {
          const d = hexValue(c);
          if (d >= 0) {
            this.#size = this.#size * 16 + d;
            if (this.#size > Number.MAX_SAFE_INTEGER) throw new InvalidChunkError("Chunk size is too large", p - start);
            this.#digits++;
          } else if (this.#digits === 0) {
            throw new InvalidChunkError(`Invalid character ${showByte(c)} at the start of a chunk size`, p - start);
          } else {
            this.#afterSizeOrValue(c, p - start);
          }
          break;
        }
        case SIZE_BWS:
          if (c === 0x3b /* ; */) this.#state = EXT_NAME_START;
          else if (c !== SP && c !== HTAB) this.#invalid('expected ";" after whitespace', c, p - start);
          break;
        case EXT_NAME_START:
          if (c < 128 && TCHAR[c] === 1) this.#state = EXT_NAME;
          else if (c !== SP && c !== HTAB) this.#invalid("expected an extension name", c, p - start);
          break;
        case EXT_NAME:
          if (c < 128 && TCHAR[c] === 1) break;
          if (c === 0x3d /* = */) this.#state = EXT_VALUE_START;
          else if (c === SP || c === HTAB) this.#state = EXT_NAME_BWS;
          else this.#afterSizeOrValue(c, p - start);
          break;
        case EXT_NAME_BWS:
          if (c === 0x3d) this.#state = EXT_VALUE_START;
          else if (c === 0x3b) this.#state = EXT_NAME_START;
          else if (c !== SP && c !== HTAB) this.#invalid('expected "=" or ";"', c, p - start);
          break;
        case EXT_VALUE_START:
          if (c === 0x22 /* " */) this.#state = EXT_QUOTED;
          else if (c < 128 && TCHAR[c] === 1) this.#state = EXT_TOKEN;
          else if (c !== SP && c !== HTAB) this.#invalid("expected an extension value", c, p - start);
          break;
        case EXT_TOKEN:
          if (c >= 128 || TCHAR[c] !== 1) this.#afterSizeOrValue(c, p - start);
          break;
        case EXT_QUOTED:
          // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
          if (c === 0x22) this.#state = AFTER_QUOTE;
          else if (c === 0x5c /* \ */) this.#state = EXT_QUOTED_PAIR;
          else if ((c < SP && c !== HTAB) || c === 0x7f) {
            this.#invalid("invalid character in a quoted extension value", c, p - start);
          }
          break;
        case EXT_QUOTED_PAIR:
          if ((c < SP && c !== HTAB) || c === 0x7f) this.#invalid("invalid character after a backslash", c, p - start);
          this.#state = EXT_QUOTED;
          break;
        case AFTER_QUOTE:
          this.#afterSizeOrValue(c, p - start);
          break;
        case SIZE_LF:
          if (c !== LF) throw new InvalidChunkError("CR not followed by LF in a chunk size line", p - start);
          this.#endSizeLine();
          break;
        case DATA_END:
          if (c === CR) this.#state = DATA_LF;
          else if (c === LF) {
            this.#bareLf("after chunk data", p - start);
            this.#startSizeLine();
          } else throw new InvalidChunkError(`Expected CRLF after chunk data, found ${showByte(c)}`, p - start);
          break;
        case DATA_LF:
          if (c !== LF) throw new InvalidChunkError("CR not followed by LF after chunk data", p - start);
          this.#startSizeLine();
          break;
        case TRAILER_LINE_START:
          if (c === CR) {
            this.#state = END_LF;
          } else if (c === LF) {
            this.#bareLf("at the end of a chunked body", p - start);
            this.#finish(p - start);
          } else {
            this.#state = TRAILER_LINE;
            continue; // copy this byte with the rest of the line
          }
          break;
        case END_LF:
          if (c !== LF) throw new InvalidChunkError("CR not followed by LF at the end of a chunked body", p - start);
          this.#finish(p - start);
          break;
      }
      p++;
    }
    const done = this.#state === DONE;
    return { data, consumed: p - start, done };
  }

  // After the size digits, an extension name, or a value: ";", BWS, or the line ending.
  #afterSizeOrValue(c: number, offset: number): void {
    if (c === 0x3b) this.#state = EXT_NAME_START;
    else if (c === SP || c === HTAB) this.#state = SIZE_BWS;
    else if (c === CR) this.#state = SIZE_LF;
    else if (c === LF) {
      this.#bareLf("after a chunk size line", offset);
      this.#endSizeLine();
    } else this.#invalid("invalid character", c, offset);
  }

  // A LF with no CR before it: an error unless the caller allowed it.
  #bareLf(where: string, offset: number): void {
    if (!this.#allowBareLf) throw new InvalidChunkError(`Bare LF ${where}; chunked framing needs CRLF`, offset);
  }

  #invalid(problem: string, c: number, offset: number): never {
    throw new InvalidChunkError(`Cannot parse chunk size line: ${problem} (found ${showByte(c)})`, offset);
  }

  #startSizeLine(): void {
    this.#state = SIZE;
    this.#size = 0;
    this.#digits = 0;
    this.#lineLength = 0;
  }

  #endSizeLine(): void {
    this.#state = this.#size === 0 ? TRAILER_LINE_START : DATA;
  }

  #keepTrailer(buf: Uint8Array, from: number, to: number, start: number): void {
    this.#trailerLength += to - from;
    if (this.#trailerLength > this.#maxTrailer) {
      throw new HeaderTooLargeError(`Chunked trailer section is larger than ${this.#maxTrailer} bytes`, from - start);
    }
    this.#trailerBytes.push(buf.slice(from, to));
  }

  // The final empty line has arrived: parse the trailer lines kept so far.
  #finish(offset: number): void {
    this.#state = DONE;
    if (this.#trailerLength === 0) return;
    const section = new Uint8Array(this.#trailerLength + 2);
    let at = 0;
    for (const part of this.#trailerBytes) {
      section.set(part, at);
      at += part.length;
    }
    section[at] = CR;
    section[at + 1] = LF;
    this.#trailerBytes = [];
    const rules = {
      allowBareLf: this.#allowBareLf,
      unfold: false,
      spaceBeforeColon: false,
      maxCount: DEFAULT_LIMITS.maxHeaderCount,
    };
    const found: FieldSpans = { spans: [], high: 0 };
    const text = scanHead(section, 0, 0, section.length, 0, rules, found, 0);
    if (text === null) throw new InvalidChunkError("Cannot parse chunked trailer section", offset);
    const s = found.spans;
    for (let i = 0; i < s.length; i += 4) {
      this.#trailers.append(text.slice(s[i], s[i + 1]), text.slice(s[i + 2], s[i + 3]));
    }
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Encodes one chunk: the size in hex, CRLF, the data, CRLF. Empty data gives an empty array,
 * never a last chunk by accident; end the body with {@linkcode LAST_CHUNK}.
 *
 * @example
 * ```ts
 * encodeChunk(new TextEncoder().encode("hello")); // "5\r\nhello\r\n" as bytes
 * ```
 */
export function encodeChunk(data: Uint8Array): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  const size = data.length.toString(16);
  const out = new Uint8Array(size.length + data.length + 4);
  for (let i = 0; i < size.length; i++) out[i] = size.charCodeAt(i);
  out[size.length] = CR;
  out[size.length + 1] = LF;
  out.set(data, size.length + 2);
  out[out.length - 2] = CR;
  out[out.length - 1] = LF;
  return out;
}

/** The end of a chunked body with no trailers: "0\r\n\r\n". Do not modify it. */
export const LAST_CHUNK: Uint8Array = new Uint8Array([0x30, CR, LF, CR, LF]);
