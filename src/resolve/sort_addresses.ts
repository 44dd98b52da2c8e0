/**
 * Ordering addresses for connecting: families interleaved for Happy Eyeballs.
 *
 * @module
 */

/**
 * Orders addresses for connection attempts as RFC 8305 §4 asks: one address of the
 * preferred family (default 6), then one of the other, and so on; when one family runs
 * out, the rest of the other follows. Within a family the given order is kept. Returns a
 * new array; the input is left alone.
 *
 * Interleaving means a broken IPv6 path costs one attempt, not all of them.
 *
 * @example
 * ```ts
 * sortAddresses([
 *   { family: 4, address: "192.0.2.1" }, { family: 4, address: "192.0.2.2" },
 *   { family: 6, address: "2001:db8::1" },
 * ]).map((a) => a.address);
 * // ["2001:db8::1", "192.0.2.1", "192.0.2.2"]
 * ```
 */
export function sortAddresses<T extends { family: 4 | 6 }>(addrs: readonly T[], preferFamily: 4 | 6 = 6): T[] {
  const preferred = addrs.filter((a) => a.family === preferFamily);
  const other = addrs.filter((a) => a.family !== preferFamily);
  const out: T[] = [];
  for (let i = 0; i < preferred.length || i < other.length; i++) {
    if (i < preferred.length) out.push(preferred[i]);
    if (i < other.length) out.push(other[i]);
  }
  return out;
}
