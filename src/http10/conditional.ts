/**
 * Conditional requests (RFC 9110 §8.8.3, §13): entity tags, their weak and strong
 * comparison, and the order in which `If-Match`, `If-Unmodified-Since`, `If-None-Match`,
 * `If-Modified-Since` and `If-Range` are evaluated. Pure: strings in, values out.
 *
 * @module
 */
import { parseHttpDate } from "./date.ts";

/** An entity tag: its opaque part (without quotes) and whether it is weak (`W/`). */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** etagc: "!" / %x23-7E / obs-text (RFC 9110 §8.8.3), as a code-unit test. */
function isEtagChar(c: number): boolean {
  return c === 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
}

/**
 * Reads one entity tag (`"xyz"` or `W/"xyz"`), or null when it is not one.
 *
 * @example
 * ```ts
 * parseEntityTag('W/"abc"'); // { weak: true, opaque: "abc" }
 * ```
 */
export function parseEntityTag(text: string): EntityTag | null {
  const t = text.trim();
  const weak = t.startsWith("W/");
  const q = weak ? t.slice(2) : t;
  if (q.length < 2 || q[0] !== '"' || q[q.length - 1] !== '"') return null;
  const opaque = q.slice(1, -1);
  for (let i = 0; i < opaque.length; i++) if (!isEtagChar(opaque.charCodeAt(i))) return null;
  return { weak, opaque };
}

/**
 * Reads the value of `If-Match` or `If-None-Match`: `"*"`, or a list of entity tags.
 * Returns null when any element is not an entity tag: such a header is ignored, as if
 * absent (nginx does the same), rather than matching nothing.
 */
export function parseEntityTagList(value: string): "*" | EntityTag[] | null {
  if (value.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  // etagc includes "," (%x2C), so a comma inside quotes belongs to the tag: split only
  // on commas outside them.
  let inQuote = false;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '"') inQuote = !inQuote;
    if (i === value.length || (c === "," && !inQuote)) {
      const part = value.slice(start, i).trim();
      start = i + 1;
      if (part === "") continue;
      const tag = parseEntityTag(part);
      if (tag === null) return null;
      tags.push(tag);
    }
  }
  return tags.length === 0 ? null : tags;
}

/** Formats an entity tag: `"opaque"` or `W/"opaque"`. */
export function formatEntityTag(tag: EntityTag): string {
  return `${tag.weak ? "W/" : ""}"${tag.opaque}"`;
}

/** Strong comparison (§8.8.3.2): both strong and the same opaque part. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** Weak comparison (§8.8.3.2): the same opaque part, whether weak or not. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** What a representation offers to conditions: its entity tag (if any) and modification time. */
export interface Validators {
  /** The current entity tag, or null when none is sent. */
  etag: EntityTag | null;
  /** Last-Modified in whole seconds since the epoch, or null. */
  lastModified: number | null;
}

/** The request fields that make a request conditional (each null when absent). */
export interface ConditionalFields {
  ifMatch: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  ifUnmodifiedSince: string | null;
}

/**
 * Evaluates the preconditions of a GET or HEAD in the order of RFC 9110 §13.2.2, and
 * returns the status they call for: 412 (a failed `If-Match` or `If-Unmodified-Since`),
 * 304 (a matching `If-None-Match`, or — only when there is no `If-None-Match` — an
 * `If-Modified-Since` the representation is not newer than), or 200 to go on.
 *
 * A date that does not parse, or one in the future (`now`, seconds), is ignored (§13.1.3,
 * §13.1.4). A list that does not parse is ignored too.
 *
 * @example
 * ```ts
 * const v = { etag: { weak: false, opaque: "a" }, lastModified: 0 };
 * evaluatePreconditions({ ifNoneMatch: '"a"', ifMatch: null, ifModifiedSince: null, ifUnmodifiedSince: null }, v);
 * // 304
 * ```
 */
export function evaluatePreconditions(
  fields: ConditionalFields,
  current: Validators,
  now: number = Math.floor(Date.now() / 1000),
): 200 | 304 | 412 {
  // 1. If-Match (strong comparison); else 2. If-Unmodified-Since.
  const ifMatch = fields.ifMatch === null ? null : parseEntityTagList(fields.ifMatch);
  if (ifMatch !== null) {
    if (ifMatch !== "*") {
      const etag = current.etag;
      if (etag === null || !ifMatch.some((t) => strongMatch(t, etag))) return 412;
    }
  } else if (fields.ifUnmodifiedSince !== null && current.lastModified !== null) {
    const since = seconds(fields.ifUnmodifiedSince);
    if (since !== null && current.lastModified > since) return 412;
  }
  // 3. If-None-Match (weak comparison); else 4. If-Modified-Since.
  const ifNoneMatch = fields.ifNoneMatch === null ? null : parseEntityTagList(fields.ifNoneMatch);
  if (ifNoneMatch !== null) {
    if (ifNoneMatch === "*") return 304;
    const etag = current.etag;
    if (etag !== null && ifNoneMatch.some((t) => weakMatch(t, etag))) return 304;
    return 200;
  }
  if (fields.ifModifiedSince !== null && current.lastModified !== null) {
    const since = seconds(fields.ifModifiedSince);
    if (since !== null && since <= now && current.lastModified <= since) return 304;
  }
  return 200;
}

/**
 * Whether an `If-Range` value (§13.1.5) still describes the representation, so the
 * `Range` applies; false means "send the whole representation with 200". An entity tag
 * must match strongly (a weak tag never does); a date must equal Last-Modified exactly.
 * An absent header (null) holds.
 */
export function ifRangeHolds(value: string | null, current: Validators): boolean {
  if (value === null) return true;
  const v = value.trim();
  if (v.startsWith('"') || v.startsWith("W/")) {
    const tag = parseEntityTag(v);
    return tag !== null && current.etag !== null && strongMatch(tag, current.etag);
  }
  const date = seconds(v);
  return date !== null && current.lastModified !== null && date === current.lastModified;
}

/** An HTTP date as whole seconds since the epoch, or null when it does not parse. */
function seconds(text: string): number | null {
  const date = parseHttpDate(text.trim());
  return date === null ? null : Math.floor(date.getTime() / 1000);
}
