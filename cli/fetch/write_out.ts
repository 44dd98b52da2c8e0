/**
 * `-w` / `--write-out`: curl's format of `%{variable}`s and backslash escapes, printed after
 * each transfer.
 *
 * @module
 */

/** What a transfer leaves for `-w` to print. */
export interface TransferInfo {
  /** The last response's status, 0 when none came. */
  httpCode: number;
  /** Body bytes received (after decoding with --compressed), of the last response. */
  sizeDownload: number;
  /** Bytes of response heads received, over every response. */
  sizeHeader: number;
  /** Seconds from start to end. */
  timeTotal: number;
  /** The URL last asked for (after redirects). */
  urlEffective: string;
  /** The address and port that answered last, "" when none did. */
  remoteIp: string;
  remotePort: number | undefined;
  /** The last response's Content-Type, "" when none. */
  contentType: string;
  /** Redirects followed. */
  numRedirects: number;
  /** The exit status of the transfer, and its message ("" for none). */
  exitCode: number;
  errorMessage: string;
}

/** Each variable's value; curl prints unknown ones as nothing, with a warning. */
const VARIABLES: Record<string, (i: TransferInfo) => string> = {
  http_code: (i) => String(i.httpCode).padStart(3, "0"),
  response_code: (i) => String(i.httpCode).padStart(3, "0"),
  size_download: (i) => String(i.sizeDownload),
  size_header: (i) => String(i.sizeHeader),
  time_total: (i) => i.timeTotal.toFixed(6),
  url_effective: (i) => i.urlEffective,
  remote_ip: (i) => i.remoteIp,
  remote_port: (i) => (i.remotePort === undefined ? "" : String(i.remotePort)),
  content_type: (i) => i.contentType,
  num_redirects: (i) => String(i.numRedirects),
  scheme: (i) => (i.urlEffective.startsWith("https:") ? "HTTPS" : "HTTP"),
  exitcode: (i) => String(i.exitCode),
  errormsg: (i) => i.errorMessage,
};

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\" };

/**
 * `format` with its variables filled in from `info`. Unknown variables print nothing, and
 * each is named in `warnings` (curl: "unknown --write-out variable").
 *
 * @example
 * ```ts
 * import { formatWriteOut, type TransferInfo } from "./write_out.ts";
 *
 * function report(info: TransferInfo): string {
 *   return formatWriteOut("%{http_code}\\n", info).text; // "200\n"
 * }
 * ```
 */
export function formatWriteOut(format: string, info: TransferInfo): { text: string; warnings: string[] } {
  let text = "";
  const warnings: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === "%" && format[i + 1] === "%") {
      text += "%";
      i++;
    } else if (c === "%" && format[i + 1] === "{") {
      const end = format.indexOf("}", i + 2);
      if (end < 0) {
        text += format.slice(i);
        break;
      }
      const name = format.slice(i + 2, end);
      const value = VARIABLES[name];
      if (value === undefined) warnings.push(`unknown --write-out variable: '${name}'`);
      else text += value(info);
      i = end;
    } else if (c === "\\" && format[i + 1] in ESCAPES) {
      text += ESCAPES[format[++i]];
    } else {
      text += c;
    }
  }
  return { text, warnings };
}
