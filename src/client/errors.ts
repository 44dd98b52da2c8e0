/**
 * The client's typed errors: one class per condition, each with a stable `code`.
 *
 * The client also lets other layers' errors through unchanged, because each already names
 * its condition: `GaiError` (a name that does not resolve), `ConnectError` and
 * `ConnectTimeoutError` (no address accepted), `InvalidStatusLineError`,
 * `HeaderTooLargeError`, `BodyTooLargeError`, `InvalidChunkError` and the other
 * `HttpParseError`s (a response that is not valid HTTP), and `ConnectionResetError`.
 *
 * @example
 * ```ts
 * import { request } from "./request.ts";
 * import { Http10Error } from "../errors/http10_error.ts";
 *
 * try {
 *   await request("http://127.0.0.1:8000/big");
 * } catch (err) {
 *   if (err instanceof Http10Error) console.error(err.code, err.message);
 * }
 * ```
 *
 * @module
 */
import { Http10Error } from "../http10/errors.ts";
import { InvalidOptionsError } from "../errors/invalid_options.ts";
import { TruncatedBodyError } from "../body/errors.ts";

export { TruncatedBodyError };

/** The connection ended before a whole response head arrived (`received` 0: an empty reply). */
export class IncompleteHeadError extends Http10Error {
  /** How many bytes of the head had arrived. */
  readonly received: number;

  /** Creates the error for a head cut off after `received` bytes. */
  constructor(received: number) {
    super(
      "HTTP10_INCOMPLETE_HEAD",
      received === 0
        ? "Empty reply from server: the connection closed before any response byte"
        : `Incomplete response head: the connection closed after ${received} bytes`,
    );
    this.name = "IncompleteHeadError";
    this.received = received;
  }
}

/** More redirects in a row than `maxRedirects` allows (a loop, most likely). */
export class TooManyRedirectsError extends Http10Error {
  /** The limit that was reached. */
  readonly maxRedirects: number;
  /** The URL of the response that asked for one redirect too many. */
  readonly url: string;

  /** Creates the error for the redirect from `url` beyond `maxRedirects`. */
  constructor(maxRedirects: number, url: string) {
    super("HTTP10_TOO_MANY_REDIRECTS", `Too many redirects: ${maxRedirects} followed, and ${url} redirects again`);
    this.name = "TooManyRedirectsError";
    this.maxRedirects = maxRedirects;
    this.url = url;
  }
}

/** A redirect arrived for a request made with `redirect: "error"`. */
export class RedirectNotAllowedError extends Http10Error {
  /** The redirect status (301, 302, 303, 307 or 308). */
  readonly status: number;
  /** The Location the server gave. */
  readonly location: string;

  /** Creates the error for a `status` redirect to `location`. */
  constructor(status: number, location: string) {
    super(
      "HTTP10_REDIRECT_NOT_ALLOWED",
      `Redirect ${status} to ${location} refused: the request said redirect: "error"`,
    );
    this.name = "RedirectNotAllowedError";
    this.status = status;
    this.location = location;
  }
}

/** The whole request (connect, send, head and body) took longer than the client's `timeout`. */
export class TimeoutError extends Http10Error {
  /** The time allowed, in milliseconds. */
  readonly timeout: number;

  /** Creates the error for a request that outlived `timeout` ms. */
  constructor(timeout: number) {
    super("HTTP10_TIMEOUT", `Request timed out after ${timeout} ms`);
    this.name = "TimeoutError";
    this.timeout = timeout;
  }
}

/** The URL's scheme is neither `http:` nor `https:`. */
export class UnsupportedSchemeError extends Http10Error {
  /** The scheme, with its colon: "https:". */
  readonly scheme: string;

  /** Creates the error for `scheme` ("https:", "ftp:"). */
  constructor(scheme: string) {
    super(
      "HTTP10_UNSUPPORTED_SCHEME",
      `${scheme.slice(0, -1)} is not supported: http10 speaks HTTP/1.0; use http:// or https://`,
    );
    this.name = "UnsupportedSchemeError";
    this.scheme = scheme;
  }
}

/** A request URL, or a redirect's Location, that is not a valid URL. */
export class InvalidUrlError extends Http10Error {
  /** The text that did not parse. */
  readonly input: string;

  /** Creates the error for `input`; `what` says where it came from ("URL", "Location"). */
  constructor(input: string, what = "URL") {
    super(
      "HTTP10_INVALID_URL",
      what === "URL" && input.startsWith("/")
        ? `Invalid URL: ${JSON.stringify(input)} is relative, and outside a browser there is no page to ` +
          `resolve it against: give an absolute URL such as "http://127.0.0.1:8000${input}", ` +
          `or new URL(${JSON.stringify(input)}, base)`
        : `Invalid ${what}: ${JSON.stringify(input)}`,
    );
    this.name = "InvalidUrlError";
    this.input = input;
  }
}

/**
 * A final status a standard `Response` cannot carry. The only one the client can meet is
 * 101 Switching Protocols (the parser refuses codes outside 100–599, and other 1xx are
 * interim responses it skips): `request()` returns it, `fetch()` rejects with this.
 */
export class UnsupportedStatusError extends Http10Error {
  /** The status code. */
  readonly status: number;

  /** Creates the error for `status`. */
  constructor(status: number) {
    super("HTTP10_UNSUPPORTED_STATUS", `Status ${status} cannot be carried by a Response (200–599); use request()`);
    this.name = "UnsupportedStatusError";
    this.status = status;
  }
}

/**
 * Client or agent options that fail validation; the message names each bad option. An
 * `InvalidOptionsError` (code `HTTP10_INVALID_OPTIONS`), like the server's.
 */
export class InvalidClientOptionsError extends InvalidOptionsError {}

/**
 * A response body in a content coding (gzip, deflate, br) did not decode: corrupt,
 * truncated, or followed by stray bytes. `fetch()` decodes; `request()` never does.
 */
export class BadContentEncodingError extends Http10Error {
  /** The coding that failed: "gzip", "deflate", "br". */
  readonly coding: string;

  /** Creates the error for `coding`, with what the decompressor said. */
  constructor(coding: string, detail: string) {
    super("HTTP10_BAD_CONTENT_ENCODING", `Cannot decode the ${coding} response body: ${detail}`);
    this.name = "BadContentEncodingError";
    this.coding = coding;
  }
}
