/**
 * Binary addresses to text, like inet_ntop(3), with IPv6 in RFC 5952 canonical form.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/**
 * Formats 4 (IPv4) or 16 (IPv6) network-order bytes as address text.
 *
 * IPv6 comes out in the one canonical form of RFC 5952 §4: lowercase hex, no leading zeros
 * in a group, the longest run of two or more zero groups shortened to "::" (the first run
 * when two are equally long), a lone zero group written "0", and an IPv4-mapped address
 * (::ffff:0:0/96) with a dotted-quad tail (§5). Other IPv4-embedding forms, such as the
 * deprecated IPv4-compatible ::a.b.c.d, are written in plain hex.
 *
 * @throws {RangeError} if `bytes` is not 4 (IPv4) or 16 (IPv6) long.
 * @example
 * ```ts
 * import { inetNtop } from "./inet_ntop.ts";
 * import { inetPton } from "./inet_pton.ts";
 *
 * inetNtop(4, new Uint8Array([127, 0, 0, 1])); // "127.0.0.1"
 * inetNtop(6, inetPton(6, "2001:DB8:0:0:1:0:0:1")!); // "2001:db8::1:0:0:1"
 * ```
 */
export function inetNtop(family: 4 | 6, bytes: Uint8Array): string {
  if (family === 4) {
    if (bytes.length !== 4) throw new InvalidArgumentError(`inetNtop: IPv4 needs 4 bytes, got ${bytes.length}`);
    return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  }
  if (family !== 6) throw new InvalidArgumentError(`inetNtop: family must be 4 or 6, got ${family}`);
  if (bytes.length !== 16) throw new InvalidArgumentError(`inetNtop: IPv6 needs 16 bytes, got ${bytes.length}`);

  if (isV4Mapped(bytes)) return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;

  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);

  // The longest run of zero groups, at least two long; ">" keeps the first of equal runs.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }

  const hex = (from: number, to: number) => words.slice(from, to).map((w) => w.toString(16)).join(":");
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** True for ::ffff:a.b.c.d, an IPv4 address seen through an IPv6 socket (RFC 4291 §2.5.5.2). */
function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
