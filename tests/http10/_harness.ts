/**
 * Test helpers for the protocol layer: bytes from strings, and the "every split" check
 * that feeds a case to an incremental parser cut at every byte boundary.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ERROR_CODES, HttpParseError } from "../../src/http10/errors.ts";
import type { HeaderList } from "../../src/http10/header_list.ts";

/** The bytes of `s`, one byte per char (ISO-8859-1), so "\xE9" is the single byte 0xE9. */
export function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error(`test bug: char ${c} in a byte string`);
    out[i] = c;
  }
  return out;
}

/** The default status of every error code, as the brief and the RFCs assign them. */
export const STATUS_OF: Record<string, number> = {
  [ERROR_CODES.INVALID_METHOD]: 400,
  [ERROR_CODES.INVALID_TARGET]: 400,
  [ERROR_CODES.INVALID_VERSION]: 400,
  [ERROR_CODES.VERSION_NOT_SUPPORTED]: 505,
  [ERROR_CODES.INVALID_HEADER_NAME]: 400,
  [ERROR_CODES.SPACE_BEFORE_COLON]: 400,
  [ERROR_CODES.OBS_FOLD]: 400,
  [ERROR_CODES.INVALID_HEADER_VALUE]: 400,
  [ERROR_CODES.BARE_CR]: 400,
  [ERROR_CODES.BARE_LF]: 400,
  [ERROR_CODES.INVALID_CONTENT_LENGTH]: 400,
  [ERROR_CODES.CONFLICTING_CONTENT_LENGTH]: 400,
  [ERROR_CODES.TE_WITH_CONTENT_LENGTH]: 400,
  [ERROR_CODES.TE_ON_HTTP10]: 400,
  [ERROR_CODES.INVALID_TRANSFER_ENCODING]: 400,
  [ERROR_CODES.UNSUPPORTED_TRANSFER_ENCODING]: 501,
  [ERROR_CODES.MISSING_HOST]: 400,
  [ERROR_CODES.MULTIPLE_HOST]: 400,
  [ERROR_CODES.INVALID_HOST]: 400,
  [ERROR_CODES.URI_TOO_LONG]: 414,
  [ERROR_CODES.HEADER_TOO_LARGE]: 431,
  [ERROR_CODES.TOO_MANY_HEADERS]: 431,
  [ERROR_CODES.BODY_TOO_LARGE]: 413,
  [ERROR_CODES.LENGTH_REQUIRED]: 411,
  [ERROR_CODES.INVALID_STATUS_LINE]: 502,
  [ERROR_CODES.INVALID_STATUS]: 500,
  [ERROR_CODES.INVALID_CHUNK]: 400,
};

/** What one call of an incremental head parser did. */
export type Outcome<H> =
  | { kind: "incomplete" }
  | { kind: "ok"; head: H; consumed: number }
  | { kind: "error"; error: HttpParseError };

/** Runs `parse` and records its outcome; errors other than `HttpParseError` are rethrown. */
export function outcome<H>(parse: () => "incomplete" | { head: H; consumed: number }): Outcome<H> {
  try {
    const r = parse();
    return r === "incomplete" ? { kind: "incomplete" } : { kind: "ok", head: r.head, consumed: r.consumed };
  } catch (err) {
    if (err instanceof HttpParseError) return { kind: "error", error: err };
    throw err;
  }
}

/** Header lines as plain pairs, for deepEqual. */
export function pairs(headers: HeaderList): [string, string][] {
  return [...headers];
}

type Parse<H> = (buf: Uint8Array, start: number, end: number) => "incomplete" | { head: H; consumed: number };

/**
 * Parses `raw` whole and returns the outcome, after checking that the parser agrees with
 * itself on every prefix (cut at each byte boundary: "incomplete" before the head ends, the
 * same head after, or the same early error) and on `raw` placed after 7 unrelated bytes
 * (same outcome, same relative offsets and `consumed`).
 */
export function parseEverySplit<H>(raw: Uint8Array, parse: Parse<H>, normalize: (head: H) => unknown): Outcome<H> {
  const full = outcome(() => parse(raw, 0, raw.length));
  const describe = (o: Outcome<H>) =>
    o.kind === "error" ? `${o.error.code}@${o.error.offset}` : o.kind === "ok" ? `ok(${o.consumed})` : "incomplete";

  for (let k = 0; k < raw.length; k++) {
    const part = outcome(() => parse(raw, 0, k));
    const where = `prefix of ${k} bytes gave ${describe(part)}, whole gave ${describe(full)}`;
    if (full.kind === "ok") {
      if (k < full.consumed) assert.equal(part.kind, "incomplete", where);
      else {
        assert.equal(part.kind, "ok", where);
        if (part.kind === "ok") {
          assert.equal(part.consumed, full.consumed, where);
          assert.deepEqual(normalize(part.head), normalize(full.head), where);
        }
      }
    } else if (full.kind === "error") {
      assert.ok(part.kind === "incomplete" || part.kind === "error", where);
      if (part.kind === "error") {
        assert.equal(part.error.code, full.error.code, where);
        assert.equal(part.error.offset, full.error.offset, where);
      }
    } else {
      assert.equal(part.kind, "incomplete", where);
    }
  }

  const shifted = new Uint8Array(raw.length + 7);
  shifted.set(bytes("garbage"), 0);
  shifted.set(raw, 7);
  const moved = outcome(() => parse(shifted, 7, shifted.length));
  assert.equal(describe(moved), describe(full), "the same bytes after 7 others");
  if (moved.kind === "ok" && full.kind === "ok") assert.deepEqual(normalize(moved.head), normalize(full.head));
  return full;
}

/** Asserts an outcome is the error `code` with its default status (and `offset` if given). */
export function assertError<H>(o: Outcome<H>, code: string, offset?: number): void {
  assert.equal(o.kind, "error", `expected ${code}, got ${o.kind}`);
  if (o.kind !== "error") return;
  assert.equal(o.error.code, code, o.error.message);
  assert.equal(o.error.status, STATUS_OF[code], `status of ${code}`);
  if (offset !== undefined) assert.equal(o.error.offset, offset, `offset of ${code}: ${o.error.message}`);
  assert.ok(o.error.message.length > 0);
}

/** A small seeded PRNG (mulberry32), so fuzz cases are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` copies of the seeds with one to three bytes changed, inserted or deleted. */
export function mutations(seeds: string[], count: number, seed: number): Uint8Array[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const interesting = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x3a, 0x3b, 0x7f, 0x80, 0xff, 0x30, 0x61];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const bytesOf = [...bytes(seeds[pick(seeds.length)])];
    for (let edits = 1 + pick(3); edits > 0; edits--) {
      const at = pick(bytesOf.length + 1);
      const b = next() < 0.7 ? interesting[pick(interesting.length)] : pick(256);
      const kind = pick(3);
      if (kind === 0 && at < bytesOf.length) bytesOf[at] = b;
      else if (kind === 1) bytesOf.splice(at, 0, b);
      else bytesOf.splice(at, 1);
    }
    out.push(new Uint8Array(bytesOf));
  }
  return out;
}
