/**
 * Joining byte arrays: the one `concat` of http10.
 *
 * @module
 */

/**
 * The arrays joined into one new array, or the array itself when there is only one (so
 * the caller must own the arrays it passes).
 *
 * @example
 * ```ts
 * import { concat } from "./concat.ts";
 *
 * concat([new Uint8Array([1, 2]), new Uint8Array([3])]); // Uint8Array [1, 2, 3]
 * ```
 */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
