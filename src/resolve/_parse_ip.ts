/**
 * The address scanners behind inetPton, ipFamily and getaddrinfo: hand-written loops over
 * char codes that write straight into a caller's buffer, so a validity check allocates
 * nothing.
 *
 * @module
 */

const DOT = 0x2e;
const COLON = 0x3a;

/**
 * Parses strict dotted-quad IPv4 in `text[start, end)` into `out[at .. at+4)`.
 * Returns false, leaving `out` partly written, if the text is anything else.
 */
export function parseIpv4(text: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false; // a leading zero: octal to inet_aton(3)
      value = value * 10 + (c - 0x30);
      if (value > 255) return false;
      digits++;
    } else if (c === DOT) {
      if (digits === 0 || parts === 3) return false;
      out[at + parts++] = value;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits === 0 || parts !== 3) return false;
  out[at + 3] = value;
  return true;
}

/**
 * Parses IPv6 text without a zone in `text[start, end)` into the 16 bytes of `out`.
 * Returns false if the text is not an address.
 */
export function parseIpv6(text: string, start: number, end: number, out: Uint8Array): boolean {
  let words = 0; // 16-bit groups written so far
  let gap = -1; // the group index where "::" stands, or -1
  let i = start;
  if (end - start >= 2 && text.charCodeAt(i) === COLON) {
    if (text.charCodeAt(i + 1) !== COLON) return false; // a single leading colon
    gap = 0;
    i += 2;
  }
  while (i < end) {
    let j = i;
    let value = 0;
    for (; j < end && j - i < 4; j++) {
      const h = hexValue(text.charCodeAt(j));
      if (h < 0) break;
      value = value * 16 + h;
    }
    if (j === i) return false; // an empty group: ":::" or a stray colon
    if (j < end && text.charCodeAt(j) === DOT) {
      // The dotted-quad tail fills the last two groups and must end the text.
      if (words > 6 || !parseIpv4(text, i, end, out, words * 2)) return false;
      words += 2;
      break;
    }
    if (words === 8) return false;
    out[words * 2] = value >> 8;
    out[words * 2 + 1] = value & 0xff;
    words++;
    if (j === end) break;
    if (text.charCodeAt(j) !== COLON) return false; // a fifth hex digit or a stray character
    j++;
    if (j < end && text.charCodeAt(j) === COLON) {
      if (gap !== -1) return false; // "::" may appear only once
      gap = words;
      j++;
    } else if (j === end) {
      return false; // a single trailing colon
    }
    i = j;
  }
  if (gap === -1) return words === 8;
  if (words > 7) return false; // "::" stands for at least one zero group
  // Move the groups after "::" to the end and zero the gap they leave.
  const tail = (words - gap) * 2;
  out.copyWithin(16 - tail, gap * 2, words * 2);
  out.fill(0, gap * 2, 16 - tail);
  return true;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** True if `text[from..]` is a non-empty run of URI-unreserved characters. */
export function isZone(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
      c === 0x2d || c === DOT || c === 0x5f || c === 0x7e;
    if (!ok) return false;
  }
  return true;
}
