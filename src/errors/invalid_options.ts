/**
 * Bad options and bad arguments: the two errors a caller gets for what it passed in.
 *
 * @module
 */
import { Http10Error } from "./http10_error.ts";

/** One thing wrong with an option, as {@linkcode InvalidOptionsError.fromIssues} reads it (`option_rules.ts` makes them). */
export interface OptionIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Options that fail validation; the message names each bad option. Code `HTTP10_INVALID_OPTIONS`. */
export class InvalidOptionsError extends Http10Error {
  /** Creates the error with a message that names each bad option. */
  constructor(message: string) {
    super("HTTP10_INVALID_OPTIONS", message);
  }

  /**
   * The error for a failed validation of `what`'s options ("serve()", "Client"), one line
   * per issue, with the value given when `input` is passed:
   * `Invalid serve() options:\n  port: Too big: expected number to be <=65535 (got 70000)`.
   * The one formatter of option issues in http10; a subclass gets an instance of itself.
   */
  static fromIssues<T extends InvalidOptionsError>(
    this: new (message: string) => T,
    what: string,
    issues: readonly OptionIssue[],
    input?: Readonly<Record<string, unknown>>,
  ): T {
    const lines = issues.map((i) => {
      const key = i.path.map(String).join(".") || "options";
      const given = input !== undefined && i.path.length === 1 && key in input ? ` (got ${show(input[key])})` : "";
      return `  ${key}: ${i.message}${given}`;
    });
    return new this(`Invalid ${what} options:\n${lines.join("\n")}`);
  }
}

/** A short rendering of a value for an error message. */
function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value === "function" ? "a function" : String(value);
}

/** An argument a function cannot work with (a port out of range, a bad route pattern). Code `HTTP10_INVALID_ARGUMENT`. */
export class InvalidArgumentError extends Http10Error {
  /** Creates the error with a message that says which argument and why. */
  constructor(message: string) {
    super("HTTP10_INVALID_ARGUMENT", message);
  }
}
