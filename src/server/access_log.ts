/**
 * The access log in Common Log Format, as Apache and nginx write it:
 * `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326`.
 *
 * @module
 */
import type { NetAddr } from "../transport/types.ts";
import type { RequestHead } from "../http10/parse_request.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * One Common Log Format line. `head` is the parsed request, or the request line as
 * received when the head was refused after it (a string), or null when no request line
 * arrived (the request field is then "-"); `bytes` counts body bytes sent ("-" for none). A
 * request that came over TLS gets one more field, "https", after the byte count (CLF has
 * no field for the scheme; readers of CLF take extra fields at the end, as for Combined).
 */
export function commonLogLine(
  remote: NetAddr,
  head: Pick<RequestHead, "method" | "target" | "version"> | string | null,
  status: number,
  bytes: number,
  date: Date,
  scheme: "http" | "https" = "http",
): string {
  const request = head === null
    ? "-"
    : typeof head === "string"
    ? escape(head)
    : head.version.major === 0
    ? `${head.method} ${escape(head.target)}`
    : `${head.method} ${escape(head.target)} HTTP/${head.version.major}.${head.version.minor}`;
  const line = `${remote.hostname} - - [${clfDate(date)}] "${request}" ${status} ${bytes > 0 ? bytes : "-"}`;
  return scheme === "https" ? `${line} https` : line;
}

/** `10/Oct/2000:13:55:36 -0700`, in local time with its offset. */
export function clfDate(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const abs = Math.abs(off);
  return `${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${
    pad(d.getSeconds())
  } ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Quotes and backslashes in a logged target would break the line's fields, and control
 * bytes (possible in a refused request line) would break the line: both are escaped.
 */
function escape(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/["\\\x00-\x1f\x7f]/g, (c) => c === '"' || c === "\\" ? `\\${c}` : `\\x${hex2(c)}`);
}

function hex2(c: string): string {
  return c.charCodeAt(0).toString(16).padStart(2, "0");
}
