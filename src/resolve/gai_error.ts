/**
 * The errors of getaddrinfo and getnameinfo, with the EAI_* codes and the messages of
 * gai_strerror(3).
 *
 * @module
 */
import { Http10Error } from "../errors/http10_error.ts";

/** An EAI_* code from netdb.h, kept as the stable `code` of a {@linkcode GaiError}. */
export type GaiErrorCode =
  | "EAI_ADDRFAMILY"
  | "EAI_AGAIN"
  | "EAI_BADFLAGS"
  | "EAI_FAIL"
  | "EAI_FAMILY"
  | "EAI_NONAME"
  | "EAI_SERVICE"
  | "EAI_SOCKTYPE";

const MESSAGES: Record<GaiErrorCode, string> = {
  EAI_ADDRFAMILY: "Address family for hostname not supported",
  EAI_AGAIN: "Temporary failure in name resolution",
  EAI_BADFLAGS: "Bad value for ai_flags",
  EAI_FAIL: "Non-recoverable failure in name resolution",
  EAI_FAMILY: "ai_family not supported",
  EAI_NONAME: "Name or service not known",
  EAI_SERVICE: "Servname not supported for ai_socktype",
  EAI_SOCKTYPE: "ai_socktype not supported",
};

/**
 * The text gai_strerror(3) gives for a code.
 *
 * @example
 * ```ts
 * gaiStrerror("EAI_NONAME"); // "Name or service not known"
 * ```
 */
export function gaiStrerror(code: GaiErrorCode): string {
  return MESSAGES[code];
}

/** What a {@linkcode GaiError} was about, and why. */
export interface GaiErrorOptions {
  host?: string | null;
  service?: string | number | null;
  /** A few words added to the message in parentheses, e.g. the system error code. */
  detail?: string;
  /** The underlying error, e.g. from `node:dns`. */
  cause?: unknown;
}

/**
 * A failed name or service lookup. `code` is the EAI_* name; the message is gai_strerror's
 * text followed by what was looked up, quoted so an empty or odd name still shows.
 *
 * One class with a `code`, rather than a class per condition, because callers of
 * getaddrinfo(3) switch on the code, and these codes are themselves the stable names.
 *
 * @example
 * ```ts
 * import { GaiError } from "./gai_error.ts";
 * import { getaddrinfo } from "./getaddrinfo.ts";
 *
 * try {
 *   await getaddrinfo("no-such-host.invalid", 80);
 * } catch (err) {
 *   if (err instanceof GaiError && err.code === "EAI_NONAME") console.error(err.message);
 *   // Name or service not known: "no-such-host.invalid"
 * }
 * ```
 */
export class GaiError extends Http10Error {
  /** The EAI_* code. */
  declare readonly code: GaiErrorCode;
  /** The host that was looked up (an address text for getnameinfo), or null. */
  readonly host: string | null;
  /** The service that was looked up, as given, or null. */
  readonly service: string | null;

  constructor(code: GaiErrorCode, options: GaiErrorOptions = {}) {
    const host = options.host ?? null;
    const service = options.service === undefined || options.service === null ? null : String(options.service);
    // Name the thing the code is about: the service for EAI_SERVICE, else the host.
    const subject = code === "EAI_SERVICE" ? service ?? host : host ?? service;
    let message = MESSAGES[code];
    if (subject !== null) message += `: ${JSON.stringify(subject)}`;
    if (options.detail) message += ` (${options.detail})`;
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.host = host;
    this.service = service;
  }
}
