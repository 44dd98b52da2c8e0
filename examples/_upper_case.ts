/**
 * The upper-casing both upper-case servers apply to each message.
 *
 * @module
 */

/**
 * A copy of `bytes` with the ASCII letters a–z made A–Z and every other byte left as it
 * is, like C's toupper() in the "C" locale. Working on bytes rather than decoded text means
 * a message split inside a UTF-8 character, or one that is not UTF-8 at all, still comes
 * back byte for byte.
 *
 * @example
 * ```ts
 * upperCase(new TextEncoder().encode("héllo\n")); // the bytes of "HéLLO\n"
 * ```
 */
export function upperCase(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    out[i] = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  }
  return out;
}
