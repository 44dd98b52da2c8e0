/**
 * Byte ranges (RFC 9110 §14): reading a `Range` header against a representation's size,
 * and writing `Content-Range`. Pure: strings in, values out.
 *
 * @module
 */

/** A range of bytes, both ends inclusive, as `Content-Range` writes it: `first-last`. */
export interface ByteRange {
  /** Offset of the first byte. */
  readonly first: number;
  /** Offset of the last byte (inclusive); at most size − 1. */
  readonly last: number;
}

/**
 * What a `Range` header asks of a representation of a given size:
 *
 * - `"ignore"`: no header, another unit, or a header that does not parse. RFC 9110 §14.2
 *   lets a server ignore such a header, and nginx does: the answer is a 200 with the whole
 *   representation.
 * - `"unsatisfiable"`: it parses, but no range in it overlaps the representation → 416.
 * - a list of the satisfiable ranges, in the order asked, each clamped to the size.
 */
export type RangeRequest = "ignore" | "unsatisfiable" | readonly ByteRange[];

/** Longer digit strings than this are beyond any file size (and beyond exact doubles). */
const MAX_DIGITS = 15;

/**
 * Reads a `Range` header (RFC 9110 §14.1.2) for a representation of `size` bytes.
 *
 * `bytes=0-9` (first ten), `bytes=10-` (from offset 10), `bytes=-10` (last ten), and
 * lists of them separated by commas. The unit is case-insensitive; whitespace around
 * commas is allowed; an empty element of a list is skipped. A range whose first byte
 * lies beyond the end is dropped, a last byte beyond the end is clamped, and `-0` asks
 * for nothing. Any syntax error makes the whole header `"ignore"`, including a range
 * whose last byte is before its first (§14.1.1: such a range is invalid).
 *
 * @example
 * ```ts
 * parseRange("bytes=0-9", 100);    // [{ first: 0, last: 9 }]
 * parseRange("bytes=-10", 100);    // [{ first: 90, last: 99 }]
 * parseRange("bytes=200-", 100);   // "unsatisfiable"
 * parseRange("lines=1-2", 100);    // "ignore"
 * ```
 */
export function parseRange(header: string | null | undefined, size: number): RangeRequest {
  if (header === null || header === undefined) return "ignore";
  const eq = header.indexOf("=");
  if (eq < 0) return "ignore";
  if (header.slice(0, eq).trim().toLowerCase() !== "bytes") return "ignore";
  const ranges: ByteRange[] = [];
  let specs = 0;
  for (const part of header.slice(eq + 1).split(",")) {
    const spec = part.trim();
    if (spec === "") continue; // #rule lists allow empty elements
    specs++;
    const dash = spec.indexOf("-");
    if (dash < 0) return "ignore";
    const a = spec.slice(0, dash);
    const b = spec.slice(dash + 1);
    if (a === "") {
      // suffix-range: the last n bytes
      const n = digits(b);
      if (n === null) return "ignore";
      if (n > 0 && size > 0) ranges.push({ first: Math.max(0, size - n), last: size - 1 });
      continue;
    }
    const first = digits(a);
    if (first === null) return "ignore";
    const last = b === "" ? Infinity : digits(b);
    if (last === null || last < first) return "ignore";
    if (first < size) ranges.push({ first, last: Math.min(last, size - 1) });
  }
  if (specs === 0) return "ignore";
  return ranges.length === 0 ? "unsatisfiable" : ranges;
}

/** A run of ASCII digits as a number (Infinity when too long to be a size), or null. */
function digits(text: string): number | null {
  if (text === "" || !/^[0-9]+$/.test(text)) return null;
  if (text.length > MAX_DIGITS) return Infinity;
  return Number(text);
}

/**
 * The `Content-Range` of a 206: `bytes FIRST-LAST/SIZE`.
 *
 * @example
 * ```ts
 * formatContentRange({ first: 0, last: 9 }, 100); // "bytes 0-9/100"
 * ```
 */
export function formatContentRange(range: ByteRange, size: number): string {
  return `bytes ${range.first}-${range.last}/${size}`;
}

/**
 * The `Content-Range` of a 416: `bytes * /SIZE` (without the space), the size the
 * client's ranges were judged against (RFC 9110 §14.4).
 */
export function formatUnsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
