/**
 * What the socket programs in examples/ share: reading the command line, naming an
 * address, turning an error into one message, and waiting for Ctrl-C. Private to examples/.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";

/** The flags a program takes, as `node:util` `parseArgs` describes them. */
export type Flags = Record<string, { type: "string" | "boolean" }>;

/** A parsed command line: the operands in order, and a way to ask for each flag. */
export interface CommandLine {
  operands: string[];
  /** The value of a string flag, or undefined if it was not given. */
  text(name: string): string | undefined;
  /** Whether a boolean flag was given. */
  has(name: string): boolean;
}

/**
 * Parses `argv` strictly (unknown flags and missing flag values are errors).
 *
 * @returns the command line, or the problem as one short sentence.
 * @example
 * ```ts
 * const line = parseCommandLine(["--host", "::1", "5000"], { host: { type: "string" } });
 * if (typeof line !== "string") console.log(line.text("host"), line.operands); // "::1" ["5000"]
 * ```
 */
export function parseCommandLine(argv: string[], flags: Flags): CommandLine | string {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
    return {
      operands: positionals,
      text: (name) => (typeof values[name] === "string" ? values[name] : undefined),
      has: (name) => values[name] === true,
    };
  } catch (err) {
    // parseArgs adds advice about "--" that does not fit a usage line: keep the first sentence.
    const message = err instanceof Error ? err.message : String(err);
    return message.split(/\.\s/)[0];
  }
}

/**
 * Whether the command line asks for help: `-h` or `--help` before any `--`. A program that
 * sees it prints its usage on stdout and exits 0, whatever else the line holds.
 *
 * @example
 * ```ts
 * helpAsked(["--help"]); // true
 * helpAsked(["--", "-h"]); // false: "-h" is an operand there
 * ```
 */
export function helpAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "-h" || arg === "--help");
}

/**
 * A port number from decimal text, 0–65535, or undefined. Strict: "80", not "0x50", " 80" or "80.0".
 *
 * @example
 * ```ts
 * parsePort("8080"); // 8080
 * parsePort("65536"); // undefined
 * ```
 */
export function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/**
 * A positive whole number from decimal text, at most `max`, or undefined.
 *
 * @example
 * ```ts
 * parseCount("3", 100); // 3
 * parseCount("0", 100); // undefined
 * ```
 */
export function parseCount(text: string, max: number): number | undefined {
  if (!/^[0-9]{1,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= max ? n : undefined;
}

/**
 * An address and port as one text, IPv6 in brackets so that its colons cannot be mistaken
 * for the port's: "127.0.0.1:80", "[::1]:80".
 *
 * @example
 * ```ts
 * hostPort({ hostname: "::1", port: 80 }); // "[::1]:80"
 * ```
 */
export function hostPort(addr: { hostname: string; port: number }): string {
  return addr.hostname.includes(":") ? `[${addr.hostname}]:${addr.port}` : `${addr.hostname}:${addr.port}`;
}

/**
 * The message of an error, never its stack: http10's errors (`GaiError`, `ConnectError`,
 * `ListenError`, ...) already say what went wrong and where.
 */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Resolves with the name of the first SIGINT (Ctrl-C) or SIGTERM that arrives. Listening
 * for a signal replaces its default action (exit at once), so a server can close its
 * sockets and exit on its own.
 *
 * @example
 * ```ts
 * stopSignal().then(() => listener.close());
 * ```
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
