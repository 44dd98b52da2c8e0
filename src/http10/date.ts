/**
 * HTTP dates (RFC 9110 §5.6.7): we write IMF-fixdate and read all three historical formats.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors/invalid_options.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Day and month names are case-sensitive in the grammar (%s"Sun").
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d\\d):(\\d\\d):(\\d\\d)";
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`);
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`);
// Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Formats a date as an IMF-fixdate, the one format HTTP senders use. Throws `RangeError` for
 * an invalid date or a year outside 0-9999 (the format has four digits).
 *
 * @example
 * ```ts
 * formatHttpDate(new Date(Date.UTC(1994, 10, 6, 8, 49, 37))); // "Sun, 06 Nov 1994 08:49:37 GMT"
 * ```
 */
export function formatHttpDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year)) throw new InvalidArgumentError("Cannot format an invalid Date");
  if (year < 0 || year > 9999) throw new InvalidArgumentError(`Cannot format year ${year} as an HTTP date`);
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate(), 2)} ${MONTHS[date.getUTCMonth()]} ${pad(year, 4)} ` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)} GMT`;
}

/**
 * Parses an HTTP date in any of the three formats RFC 9110 §5.6.7 tells recipients to accept:
 * IMF-fixdate, RFC 850 and asctime. Returns null for anything else, including impossible
 * dates (Feb 30) and times (24:00:00). Second 60 (a leap second) is allowed and rolls over.
 * The day name must be a valid name but is not checked against the date.
 *
 * A two-digit RFC 850 year is placed in the century that puts it at most 50 years after
 * `now`'s year (RFC 9110: further in the future means the past century).
 *
 * @example
 * ```ts
 * parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")?.toISOString(); // "1994-11-06T08:49:37.000Z"
 * parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")?.getUTCFullYear(); // 1994
 * parseHttpDate("Sun Nov  6 08:49:37 1994")?.getUTCDate(); // 6
 * parseHttpDate("yesterday"); // null
 * ```
 */
export function parseHttpDate(text: string, now: Date = new Date()): Date | null {
  let m = IMF_FIXDATE.exec(text);
  if (m !== null) return build(+m[3], m[2], +m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(text);
  if (m !== null) {
    const current = now.getUTCFullYear();
    let year = current - (current % 100) + Number(m[3]);
    if (year > current + 50) year -= 100;
    else if (year <= current - 50) year += 100;
    return build(year, m[2], +m[1], m[4], m[5], m[6]);
  }
  m = ASCTIME.exec(text);
  if (m !== null) {
    return build(+m[6], m[1], Number(m[2].trim()), m[3], m[4], m[5]);
  }
  return null;
}

function build(year: number, monthName: string, day: number, h: string, mi: string, s: string): Date | null {
  const month = MONTHS.indexOf(monthName);
  const hours = +h;
  const minutes = +mi;
  const seconds = +s;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  date.setUTCHours(hours, minutes, seconds, 0);
  return date;
}

function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
