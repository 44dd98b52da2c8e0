/**
 * The root of every error http10 throws on purpose: an `Error` with a stable `code`.
 *
 * Each layer has its own branch (`HttpParseError` in the codec, `TransportError` for
 * sockets, `GaiError` for names, the client's and the server's errors), and every branch
 * grows from this class, so one `catch` can tell http10's errors from everything else:
 *
 * @example
 * ```ts
 * import { Http10Error } from "./http10_error.ts";
 *
 * try {
 *   JSON.parse("{"); // not ours
 * } catch (err) {
 *   console.log(err instanceof Http10Error); // false
 * }
 * const ours = new Http10Error("HTTP10_EXAMPLE", "An example");
 * console.log(ours instanceof Http10Error, ours.code); // true "HTTP10_EXAMPLE"
 * ```
 *
 * The class is branded with `Symbol.for("http10.error")`, as undici brands its errors, so
 * `err instanceof Http10Error` holds across realms and across two copies of the package (a
 * library and an app that each bundle their own); subclasses keep the usual prototype test.
 * Every code is listed, with a sentence, in `./codes.ts`.
 *
 * @module
 */

const BRAND: unique symbol = Symbol.for("http10.error") as never;

/** The base of every typed error in http10: an `Error` with a stable `code`. */
export class Http10Error extends Error {
  /** A stable identifier such as "HTTP10_HEADER_TOO_LARGE" or "EAI_NONAME"; messages may change, codes do not. */
  readonly code: string;
  /** The brand that identifies http10's errors across realms and package copies. */
  readonly [BRAND] = true;

  /** Creates an error with a code and a message that says what was wrong. */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /**
   * `x instanceof Http10Error` is true for any http10 error, from any copy of the package;
   * for a subclass, the usual prototype test.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    if (this !== Http10Error) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === "object" && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }
}

/** True if `err` is an http10 error (from any copy of the package) with one of `codes`. */
export function hasErrorCode(err: unknown, ...codes: string[]): boolean {
  return err instanceof Http10Error && codes.includes(err.code);
}
