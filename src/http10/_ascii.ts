/**
 * Byte constants, character tables and small string helpers shared by the parsers and
 * serializers. Private to `src/http10/`.
 *
 * @module
 */

/** Horizontal tab. */
export const HTAB = 0x09;
/** Line feed. */
export const LF = 0x0a;
/** Carriage return. */
export const CR = 0x0d;
/** Space. */
export const SP = 0x20;
/** ":" */
export const COLON = 0x3a;

/**
 * tchar (RFC 9110 §5.6.2): `!#$%&'*+-.^_`|~`, DIGIT, ALPHA. 1 = allowed. Field names,
 * methods and transfer codings are made of these.
 */
export const TCHAR: Uint8Array = table("!#$%&'*+-.^_`|~0123456789" + range(0x41, 0x5a) + range(0x61, 0x7a));

/**
 * Bytes allowed in a request target: visible ASCII (0x21-0x7E) except "#", which starts a
 * fragment that a client never sends. No CTLs, no DEL, no bytes >= 0x80.
 */
export const TARGET_CHAR: Uint8Array = table(range(0x21, 0x7e).replace("#", ""));

function range(from: number, to: number): string {
  let s = "";
  for (let c = from; c <= to; c++) s += String.fromCharCode(c);
  return s;
}

function table(chars: string): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** True if `s` is a non-empty token (RFC 9110 §5.6.2). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f || TCHAR[c] !== 1) return false;
  }
  return true;
}

/** True for SP and HTAB, the optional whitespace (OWS) of RFC 9110 §5.6.3. */
export function isOws(c: number): boolean {
  return c === SP || c === HTAB;
}

/** `s` without leading and trailing SP/HTAB. (`String#trim` also strips NBSP, which is obs-text.) */
export function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isOws(s.charCodeAt(a))) a++;
  while (b > a && isOws(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * The elements of a comma-separated list (RFC 9110 §5.6.1), OWS-trimmed, with empty
 * elements dropped as the RFC asks recipients to do. No quoted-string handling: the
 * lists we read (Connection, Transfer-Encoding, Content-Length) hold tokens and digits.
 */
export function listElements(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    const element = trimOws(part);
    if (element !== "") out.push(element);
  }
  return out;
}

/**
 * True if `name` equals `lowerKey` ignoring ASCII case. `lowerKey` must already be lower
 * case. Compares in place, so lookups allocate nothing.
 */
export function equalsIgnoreCase(name: string, lowerKey: string): boolean {
  const n = name.length;
  if (n !== lowerKey.length) return false;
  for (let i = 0; i < n; i++) {
    const a = name.charCodeAt(i);
    const b = lowerKey.charCodeAt(i);
    if (a === b) continue;
    if (a >= 0x41 && a <= 0x5a && a + 0x20 === b) continue;
    if (a > 0x7f) return name.toLowerCase() === lowerKey;
    return false;
  }
  return true;
}

const utf8 = new TextDecoder();

type Slicer = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer (a global on Deno and Bun too) decodes ISO-8859-1 natively, and its
// latin1Slice works on any Uint8Array: faster than TextDecoder on both engines, and right
// for obs-text as well. Taken only if a probe at load decodes every kind of byte correctly.
const latin1Slice: Slicer | null = probeLatin1Slice();

function probeLatin1Slice(): Slicer | null {
  try {
    const f = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer?.prototype?.latin1Slice;
    if (typeof f !== "function") return null;
    const probe = new Uint8Array([0x00, 0x41, 0x7f, 0x80, 0x9f, 0xe9, 0xff, 0x0a]);
    return (f as Slicer).call(probe.subarray(1), 0, 6) === "A\x7f\x80\x9f\xe9\xff" ? f as Slicer : null;
  } catch {
    return null;
  }
}

/**
 * Decodes `buf[start:end]` as ISO-8859-1: each byte becomes the char with that code, so
 * string offsets equal byte offsets. `isAscii` says every byte is < 0x80, which allows
 * TextDecoder where no native latin1 decoder is found (much faster than building the string
 * in JS). Not `TextDecoder("latin1")`: WHATWG maps that label to windows-1252, which changes
 * 0x80-0x9F.
 */
export function decodeLatin1(buf: Uint8Array, start: number, end: number, isAscii: boolean): string {
  if (latin1Slice !== null) return latin1Slice.call(buf, start, end);
  if (isAscii) return utf8.decode(start === 0 && end === buf.length ? buf : buf.subarray(start, end));
  let s = "";
  // fromCharCode.apply takes the bytes as arguments; chunk to stay under engine limits.
  for (let i = start; i < end; i += 4096) {
    const chunk = buf.subarray(i, Math.min(end, i + 4096));
    s += String.fromCharCode.apply(null, chunk as unknown as number[]);
  }
  return s;
}
