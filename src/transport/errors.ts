/**
 * Transport errors: one class per condition, each with a stable `code`.
 *
 * Native socket errors differ between runtimes (Deno throws `Deno.errors.*`, Bun throws
 * `Error` with a `code`). Here `.cause`, wherever it is set, is a stable errno-like text
 * such as "ECONNREFUSED" or "EADDRINUSE"; the native error stays in `attempts[i].error`.
 *
 * @module
 */
import { formatHostPort } from "./host_port.ts";
import { Http10Error } from "../errors/http10_error.ts";

/** The base class of every transport error; `code` is stable across releases. */
export class TransportError extends Http10Error {
  /** Creates an error with a code and a message that says what was wrong. */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * End of file came in the middle of something: `read` bytes arrived, `expected` were
 * needed (unknown while looking for a delimiter).
 */
export class UnexpectedEofError extends TransportError {
  /** How many bytes were needed, when known. */
  readonly expected: number | undefined;
  /** How many bytes had arrived when the stream ended. */
  readonly read: number;

  constructor(read: number, expected?: number) {
    super(
      "HTTP10_UNEXPECTED_EOF",
      expected === undefined
        ? `Unexpected end of file after ${read} bytes`
        : `Unexpected end of file: expected ${expected} bytes, got ${read}`,
    );
    this.read = read;
    this.expected = expected;
  }
}

/** More bytes arrived than a limit allows. */
export class LimitExceededError extends TransportError {
  /** The limit, in bytes. */
  readonly limit: number;

  constructor(limit: number, what = "data") {
    super("HTTP10_LIMIT_EXCEEDED", `Limit exceeded: ${what} is longer than ${limit} bytes`);
    this.limit = limit;
  }
}

/** A source or sink made no progress: it kept reading or writing 0 bytes. */
export class NoProgressError extends TransportError {
  constructor(operation: "read" | "write", tries: number) {
    super("HTTP10_NO_PROGRESS", `No progress: ${tries} ${operation}s in a row moved 0 bytes`);
  }
}

/** `accept()` was called on, or was waiting on, a listener that is closed. */
export class ListenerClosedError extends TransportError {
  constructor() {
    super("HTTP10_LISTENER_CLOSED", "Listener is closed");
  }
}

/** A `BufReader` was used after `release()` gave its buffer back. */
export class ReaderReleasedError extends TransportError {
  constructor() {
    super("HTTP10_READER_RELEASED", "BufReader was used after release()");
  }
}

/** A read, write or receive on a socket that this side has closed. */
export class SocketClosedError extends TransportError {
  constructor() {
    super("HTTP10_SOCKET_CLOSED", "Socket is closed");
  }
}

/** The peer reset the connection (ECONNRESET) or it broke while writing (EPIPE). */
export class ConnectionResetError extends TransportError {
  /** The errno-like text: "ECONNRESET", "EPIPE", "ECONNABORTED". */
  override readonly cause: string;

  constructor(cause: string) {
    super("HTTP10_CONNECTION_RESET", `Connection reset by peer (${cause})`);
    this.cause = cause;
  }
}

/** The code is running on a runtime that has no transport adapter (Node.js, a browser). */
export class UnsupportedRuntimeError extends TransportError {
  constructor() {
    super(
      "HTTP10_UNSUPPORTED_RUNTIME",
      "http10 needs Deno or Bun; Node.js and browsers are not supported yet (no Deno or Bun global found)",
    );
  }
}

/** One address that was tried and failed, with its own cause. */
export interface AddressAttempt {
  /** The numeric address: "127.0.0.1", "::1". */
  address: string;
  port: number;
  family: 4 | 6;
  /** The error the runtime (or a timeout) gave. */
  error: Error;
  /** A stable errno-like text: "ECONNREFUSED", "EADDRINUSE", "ETIMEDOUT", ... */
  cause: string;
}

function listAttempts(attempts: readonly AddressAttempt[]): string {
  let text = "";
  for (const a of attempts) text += `\n  ${formatHostPort(a.address, a.port)}: ${a.cause}`;
  return text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "es"}`;
}

/**
 * Every address failed to connect. `attempts` lists each one with its own cause.
 *
 * @example
 * ```ts
 * // connect to example.com:80 failed: 2 addresses tried
 * //   [::1]:80: ECONNREFUSED
 * //   127.0.0.1:80: ECONNREFUSED
 * ```
 */
export class ConnectError extends TransportError {
  /** Each address tried, in the order the attempts failed. */
  readonly attempts: readonly AddressAttempt[];
  /** The last attempt's errno-like cause ("ECONNREFUSED"), if any address was tried. */
  override readonly cause: string | undefined;

  constructor(target: string | undefined, attempts: readonly AddressAttempt[]) {
    const what = target === undefined ? "connect" : `connect to ${target}`;
    super(
      "HTTP10_CONNECT_FAILED",
      attempts.length === 0
        ? `${what} failed: no addresses to try`
        : `${what} failed: ${plural(attempts.length, "address")} tried${listAttempts(attempts)}`,
    );
    this.attempts = attempts;
    this.cause = attempts[attempts.length - 1]?.cause;
  }
}

/** Connecting took longer than the overall deadline (one attempt's timeout fails only that attempt). */
export class ConnectTimeoutError extends TransportError {
  /** The deadline, in milliseconds. */
  readonly timeout: number;
  /** The addresses that failed before the deadline. */
  readonly attempts: readonly AddressAttempt[];

  constructor(target: string | undefined, timeout: number, attempts: readonly AddressAttempt[] = []) {
    const what = target === undefined ? "connect" : `connect to ${target}`;
    super(
      "HTTP10_CONNECT_TIMEOUT",
      `${what} timed out after ${timeout} ms` +
        (attempts.length === 0 ? "" : `; failed before that:${listAttempts(attempts)}`),
    );
    this.timeout = timeout;
    this.attempts = attempts;
  }
}

/** No address could be bound. `attempts` lists each one with its cause, such as EADDRINUSE. */
export class ListenError extends TransportError {
  /** Each bind address tried, in order. */
  readonly attempts: readonly AddressAttempt[];
  /** The last attempt's errno-like cause ("EADDRINUSE"), if any address was tried. */
  override readonly cause: string | undefined;

  constructor(target: string, attempts: readonly AddressAttempt[]) {
    super(
      "HTTP10_LISTEN_FAILED",
      attempts.length === 0
        ? `listen on ${target} failed: no addresses to bind`
        : `listen on ${target} failed: ${plural(attempts.length, "address")} tried${listAttempts(attempts)}`,
    );
    this.attempts = attempts;
    this.cause = attempts[attempts.length - 1]?.cause;
  }
}

/** A TLS handshake failed: the base of `TlsCertificateError` and `TlsHandshakeError`. */
export class TlsError extends TransportError {
  /** The name the certificate was checked against (the SNI sent). */
  readonly serverName: string;
  /** What the runtime said, word for word. */
  readonly detail: string;

  constructor(code: string, serverName: string, message: string, detail: string) {
    super(code, message);
    this.serverName = serverName;
    this.detail = detail;
  }
}

/** Why a certificate was refused, where the runtime tells: the tail of `TlsCertificateError`'s code. */
export type TlsCertificateProblem = "UNKNOWN_ISSUER" | "NAME_MISMATCH" | "EXPIRED" | "BAD_CERTIFICATE";

const PROBLEM_TEXT: Record<TlsCertificateProblem, string> = {
  UNKNOWN_ISSUER: "it is not signed by a trusted CA",
  NAME_MISMATCH: "it is not valid for that name",
  EXPIRED: "it has expired",
  BAD_CERTIFICATE: "it is not valid",
};

/**
 * The server's certificate was refused. `code` says why: "HTTP10_TLS_UNKNOWN_ISSUER",
 * "HTTP10_TLS_NAME_MISMATCH", "HTTP10_TLS_EXPIRED", or "HTTP10_TLS_BAD_CERTIFICATE" for
 * anything else the runtime names (not yet valid, a bad signature, ...).
 */
export class TlsCertificateError extends TlsError {
  /** The reason, as in `code` without its "HTTP10_TLS_" prefix. */
  readonly problem: TlsCertificateProblem;

  constructor(problem: TlsCertificateProblem, serverName: string, detail: string) {
    super(
      `HTTP10_TLS_${problem}`,
      serverName,
      `TLS certificate of ${serverName} refused: ${PROBLEM_TEXT[problem]} (${detail})`,
      detail,
    );
    this.problem = problem;
  }
}

/** A TLS handshake failed for a reason other than the certificate (the peer speaks no TLS, no common cipher, ...). */
export class TlsHandshakeError extends TlsError {
  constructor(serverName: string, detail: string) {
    super("HTTP10_TLS_HANDSHAKE", serverName, `TLS handshake with ${serverName} failed: ${detail}`, detail);
  }
}
