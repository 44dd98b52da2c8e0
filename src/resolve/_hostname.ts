/**
 * Checks a host name before it is looked up, so that text no lookup could succeed for,
 * or that a system resolver would read as an address, fails at once.
 *
 * @module
 */

/**
 * Why `name` cannot be a host name, or null if it can be. Refused:
 * - empty names, names over 253 characters, empty labels ("a..b") and labels over 63
 *   characters (RFC 1035 §2.3.4; one trailing dot is allowed);
 * - ASCII other than letters, digits, "-", "_" and "."; this catches "[::1]", "a b",
 *   "host:80" and bad IPv6 literals. Non-ASCII passes: the system may apply IDNA;
 * - names whose last label is a number ("127.1", "1.2.3.256", "0x7f.1"): inet_aton(3),
 *   and so the system lookup, would read "127.1" as 127.0.0.1 and "010.0.0.1" as 8.0.0.1.
 *   We accept only strict dotted-quad IPv4, so these are refused rather than guessed at
 *   (the WHATWG URL standard's "ends in a number" rule; RFC 3696 §2 keeps top-level
 *   domains from being all-numeric).
 */
export function hostnameProblem(name: string): string | null {
  const body = name.endsWith(".") ? name.slice(0, -1) : name;
  if (body.length === 0) return "empty host name";
  if (body.length > 253) return "host name longer than 253 characters";
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 0x80) continue;
    const ok = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
      c === 0x2d || c === 0x5f || c === 0x2e;
    if (!ok) return `character ${JSON.stringify(body[i])} not allowed in a host name`;
  }
  const labels = body.split(".");
  for (const label of labels) {
    if (label.length === 0) return "empty label in host name";
    if (label.length > 63) return "label longer than 63 characters";
  }
  const last = labels[labels.length - 1];
  if (/^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last)) return "not a dotted-quad IPv4 address";
  return null;
}

/** True for "localhost" and names under it ("a.localhost"), any case, trailing dot or not. */
export function isLocalhostName(name: string): boolean {
  return inSpecialDomain(name, "localhost");
}

/** True for "invalid" and names under it ("x.invalid"): RFC 6761 §6.4 says they never resolve. */
export function isInvalidName(name: string): boolean {
  return inSpecialDomain(name, "invalid");
}

function inSpecialDomain(name: string, domain: string): boolean {
  const lower = name.replace(/[A-Z]+/g, (s) => s.toLowerCase()); // ASCII only, as DNS compares
  const body = lower.endsWith(".") ? lower.slice(0, -1) : lower;
  return body === domain || body.endsWith(`.${domain}`);
}
