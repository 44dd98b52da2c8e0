/**
 * Status codes and their reason phrases, for writing status lines.
 *
 * @module
 */

/**
 * Reason phrases by status code: the names in RFC 9110 §15 (which renamed a few of RFC
 * 1945's, e.g. 302 "Moved Temporarily" is now "Found"), plus the registered codes from
 * RFC 6585 (428, 429, 431, 511), RFC 8297 (103), RFC 8470 (425) and RFC 7725 (451).
 */
export const STATUS_TEXT: Readonly<Record<number, string>> = Object.freeze({
  100: "Continue",
  101: "Switching Protocols",
  103: "Early Hints",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  511: "Network Authentication Required",
});

/**
 * The reason phrase for a status code, or "" when the code has none in {@linkcode STATUS_TEXT}.
 *
 * @example
 * ```ts
 * statusText(404); // "Not Found"
 * statusText(299); // "" — the caller picks a fallback
 * ```
 */
export function statusText(status: number): string {
  return Object.hasOwn(STATUS_TEXT, status) ? STATUS_TEXT[status] : "";
}

/**
 * True for the statuses whose responses never have content, whatever their fields say
 * (RFC 9112 §6.3): 1xx, 204 No Content and 304 Not Modified. A server sends no body and no
 * Content-Length for them; a client reads no body after them.
 *
 * @example
 * ```ts
 * isBodilessStatus(304); // true
 * isBodilessStatus(200); // false
 * ```
 */
export function isBodilessStatus(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}
