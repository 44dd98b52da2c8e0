/**
 * Size limits for parsing, with the defaults the server uses. Every limit has a name and
 * maps to one status: request line → 414, head size and field count → 431, body → 413.
 *
 * @module
 */

/** Byte and count limits applied while reading a message. */
export interface Limits {
  /** Longest request line, in bytes, without its line ending (414 beyond). */
  maxRequestLine: number;
  /** Largest head, in bytes, from the first byte through the empty line (431 beyond). */
  maxHeadSize: number;
  /** Most field lines in a head (431 beyond). */
  maxHeaderCount: number;
  /** Largest body, in bytes (413 beyond). */
  maxBodySize: number;
}

/**
 * The defaults: 8 KiB request line, 16 KiB head, 100 fields, 16 MiB body.
 *
 * @example
 * ```ts
 * const limits: Limits = { ...DEFAULT_LIMITS, maxBodySize: 1024 };
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxRequestLine: 8192,
  maxHeadSize: 16384,
  maxHeaderCount: 100,
  maxBodySize: 16 * 1024 * 1024,
});
