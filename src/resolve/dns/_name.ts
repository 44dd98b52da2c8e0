/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4): labels read with compression pointers
 * followed under loop and length checks, and text split into labels for writing.
 *
 * Names are text in presentation form without the final dot ("www.example.com", "" for the
 * root): a label byte that is not a letter, digit, "-" or "_" is written `\.`-style when it
 * is printable and `\DDD` (decimal) otherwise, as dig prints it, so every name reads back
 * to the same bytes.
 *
 * @module
 */
import {
  DnsBadLabelError,
  DnsBadMessageError,
  DnsEncodeError,
  DnsNameTooLongError,
  DnsPointerLoopError,
  DnsTruncatedError,
} from "./errors.ts";

/** The most bytes a name takes on the wire, with its length bytes and the root's zero (RFC 1035 §2.3.4). */
export const MAX_NAME_WIRE = 255;
/** The longest label (RFC 1035 §2.3.4). */
export const MAX_LABEL = 63;

/**
 * Reads the name at `offset`. Labels before the first pointer must end before `limit` (the
 * end of the record data they sit in); a pointer may lead anywhere in `msg`. Returns the
 * name and the offset just after it where it was written (after the first pointer).
 */
export function readName(msg: Uint8Array, offset: number, limit: number): [string, number] {
  let pos = offset;
  let end = limit;
  let after = -1;
  let wire = 1; // the root's zero byte
  let text = "";
  // Pointer targets already followed: a second visit means a loop. Real names have few.
  const seen: number[] = [];
  for (;;) {
    if (pos >= end) throw new DnsTruncatedError("a name", pos);
    const len = msg[pos];
    if (len === 0) {
      pos++;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= end) throw new DnsTruncatedError("a compression pointer", pos);
      const target = ((len & 0x3f) << 8) | msg[pos + 1];
      if (after === -1) after = pos + 2;
      if (seen.includes(target)) throw new DnsPointerLoopError(pos);
      if (target >= msg.length) {
        throw new DnsBadMessageError(`compression pointer to byte ${target}, past the end`, pos);
      }
      seen.push(target);
      pos = target;
      end = msg.length;
      continue;
    }
    if (kind !== 0) throw new DnsBadLabelError(len, pos);
    if (pos + 1 + len > end) throw new DnsTruncatedError("a label", pos);
    wire += len + 1;
    if (wire > MAX_NAME_WIRE) throw new DnsNameTooLongError("name is longer than 255 bytes", offset);
    if (text.length > 0) text += ".";
    text += labelText(msg, pos + 1, pos + 1 + len);
    pos += 1 + len;
  }
  return [text, after === -1 ? pos : after];
}

function plain(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d ||
    c === 0x5f;
}

function labelText(msg: Uint8Array, start: number, end: number): string {
  let simple = true;
  for (let i = start; i < end && simple; i++) simple = plain(msg[i]);
  // The common case, letters, digits and hyphens only: one string from the bytes.
  if (simple) return String.fromCharCode.apply(null, msg.subarray(start, end) as unknown as number[]);
  let text = "";
  for (let i = start; i < end; i++) {
    const c = msg[i];
    if (plain(c)) text += String.fromCharCode(c);
    else if (c > 0x20 && c < 0x7f) text += "\\" + String.fromCharCode(c);
    else text += "\\" + String(c).padStart(3, "0");
  }
  return text;
}

/**
 * Splits a name in presentation form into its labels' bytes, reading `\c` and `\DDD`
 * escapes. "" and "." are the root (no labels); one final dot is allowed.
 *
 * @throws {DnsEncodeError} for an empty label, a label over 63 bytes, a name over 255 bytes
 * on the wire, a bad escape, or a character beyond U+00FF (IDNA is the caller's job).
 */
export function nameLabels(name: string): Uint8Array[] {
  if (name === "" || name === ".") return [];
  if (!name.includes("\\")) return plainLabels(name);
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let wire = 1;
  const close = () => {
    if (current.length === 0) throw new DnsEncodeError(`empty label in name ${JSON.stringify(name)}`);
    if (current.length > MAX_LABEL) throw new DnsEncodeError(`label longer than 63 bytes in ${JSON.stringify(name)}`);
    wire += current.length + 1;
    labels.push(Uint8Array.from(current));
    current = [];
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      close();
      if (i === name.length - 1) break; // the final dot
    } else if (c === 0x5c) {
      const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4));
      if (digits !== null && Number(digits[0]) <= 255) {
        current.push(Number(digits[0]));
        i += 3;
      } else if (i + 1 < name.length && !/[0-9]/.test(name[i + 1])) {
        current.push(name.charCodeAt(++i) & 0xff);
      } else {
        throw new DnsEncodeError(`bad escape in name ${JSON.stringify(name)}`);
      }
    } else if (c > 0xff) {
      throw new DnsEncodeError(`non-Latin-1 character in name ${JSON.stringify(name)} (convert it with IDNA first)`);
    } else {
      current.push(c);
    }
    if (i === name.length - 1) close();
  }
  if (wire > MAX_NAME_WIRE) throw new DnsEncodeError(`name longer than 255 bytes: ${JSON.stringify(name)}`);
  return labels;
}

/** `nameLabels` for a name without escapes: split at dots, one byte per character. */
function plainLabels(name: string): Uint8Array[] {
  const body = name.endsWith(".") ? name.slice(0, -1) : name;
  if (body.length > MAX_NAME_WIRE) throw new DnsEncodeError(`name longer than 255 bytes: ${JSON.stringify(name)}`);
  const parts = body.split(".");
  const labels: Uint8Array[] = [];
  for (const part of parts) {
    if (part.length === 0) throw new DnsEncodeError(`empty label in name ${JSON.stringify(name)}`);
    if (part.length > MAX_LABEL) throw new DnsEncodeError(`label longer than 63 bytes in ${JSON.stringify(name)}`);
    const label = new Uint8Array(part.length);
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c > 0xff) {
        throw new DnsEncodeError(`non-Latin-1 character in name ${JSON.stringify(name)} (convert it with IDNA first)`);
      }
      label[i] = c;
    }
    labels.push(label);
  }
  // Each label adds its length byte; the root adds one more: body.length + 2 in all.
  if (body.length + 2 > MAX_NAME_WIRE) throw new DnsEncodeError(`name longer than 255 bytes: ${JSON.stringify(name)}`);
  return labels;
}

/** True when two names in presentation form are the same name: DNS compares ASCII without case. */
export function sameName(a: string, b: string): boolean {
  const x = a.endsWith(".") ? a.slice(0, -1) : a;
  const y = b.endsWith(".") ? b.slice(0, -1) : b;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    let p = x.charCodeAt(i);
    let q = y.charCodeAt(i);
    if (p >= 0x41 && p <= 0x5a) p |= 0x20;
    if (q >= 0x41 && q <= 0x5a) q |= 0x20;
    if (p !== q) return false;
  }
  return true;
}
