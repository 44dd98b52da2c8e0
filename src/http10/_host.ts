/**
 * Validation of Host values and CONNECT authorities: `uri-host [ ":" port ]` from RFC 9110
 * §7.2 and RFC 3986 §3.2.2. Private to `src/http10/`.
 *
 * @module
 */

// reg-name = *( unreserved / pct-encoded / sub-delims ); "%" is checked separately.
const REG_NAME = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=") {
  REG_NAME[c.charCodeAt(0)] = 1;
}

/**
 * True if `value` is a valid Host field value: empty, or `uri-host [ ":" port ]` where
 * uri-host is a reg-name (which covers IPv4), `[IPv6]` or `[vX.future]`, and port is at most
 * five digits up to 65535. With `requirePort` (CONNECT's authority-form) the port must be there.
 */
export function isValidHost(value: string, requirePort = false): boolean {
  if (value === "") return !requirePort;
  let i: number;
  if (value.charCodeAt(0) === 0x5b /* [ */) {
    const close = value.indexOf("]");
    if (close < 0 || !isIpLiteral(value.slice(1, close))) return false;
    i = close + 1;
  } else {
    i = 0;
    while (i < value.length && value.charCodeAt(i) !== 0x3a /* : */) {
      const c = value.charCodeAt(i);
      if (c === 0x25 /* % */) {
        if (!isHex(value.charCodeAt(i + 1)) || !isHex(value.charCodeAt(i + 2))) return false;
        i += 3;
      } else if (c < 128 && REG_NAME[c] === 1) {
        i++;
      } else {
        return false;
      }
    }
    if (i === 0) return false; // ":80" names no host
  }
  if (i === value.length) return !requirePort;
  if (value.charCodeAt(i) !== 0x3a) return false;
  const port = value.slice(i + 1);
  if (port === "") return !requirePort;
  if (port.length > 5) return false;
  for (let k = 0; k < port.length; k++) if (!isDigit(port.charCodeAt(k))) return false;
  return Number(port) <= 65535;
}

/**
 * True if `buf[start:end]` is a Host value of the usual form, a reg-name (or IPv4) with an
 * optional port: `www.example.com`, `127.0.0.1:8080`. False means "not proven": the caller
 * then decodes the value and asks {@linkcode isValidHost}, which decides every other form
 * (IP literals, pct-encoding, the empty value) and every invalid one.
 */
export function isUsualHost(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] < 128 && REG_NAME[buf[i]] === 1) i++;
  if (i === start) return false;
  if (i === end) return true;
  if (buf[i] !== 0x3a /* : */ || end - i > 6) return false;
  let port = 0;
  for (i++; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return false;
    port = port * 10 + d;
  }
  return port <= 65535;
}

// IP-literal content: IPv6address or IPvFuture (RFC 3986 §3.2.2). No zone identifiers.
function isIpLiteral(s: string): boolean {
  if (s.length > 0 && (s[0] === "v" || s[0] === "V")) return isIpFuture(s);
  return isIpv6(s);
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
function isIpFuture(s: string): boolean {
  const dot = s.indexOf(".");
  if (dot < 2 || dot === s.length - 1) return false;
  for (let i = 1; i < dot; i++) if (!isHex(s.charCodeAt(i))) return false;
  for (let i = dot + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x3a && (c >= 128 || REG_NAME[c] !== 1)) return false;
  }
  return true;
}

/** True if `s` is an IPv6 address in RFC 4291 text form (with an optional dotted IPv4 tail). */
export function isIpv6(s: string): boolean {
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const groups = [...head, ...tail];
  let count = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (g === groups.length - 1 && group.includes(".")) {
      if (!isIpv4(group)) return false;
      count += 2;
    } else {
      if (group.length < 1 || group.length > 4) return false;
      for (let i = 0; i < group.length; i++) if (!isHex(group.charCodeAt(i))) return false;
      count += 1;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** True if `s` is a dotted-decimal IPv4 address: four numbers 0-255, no leading zeros. */
export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (part.length < 1 || part.length > 3 || (part.length > 1 && part[0] === "0")) return false;
    for (let i = 0; i < part.length; i++) if (!isDigit(part.charCodeAt(i))) return false;
    if (Number(part) > 255) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
