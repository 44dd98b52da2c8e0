/**
 * Turns a runtime's native socket error into a stable errno-like text ("ECONNREFUSED").
 *
 * Both runtimes usually set `code` to the errno name; Deno's error classes are named after
 * the condition (`ConnectionRefused`), which is the fallback when `code` is missing.
 *
 * @module
 */
import { ConnectionResetError, SocketClosedError, TransportError } from "./errors.ts";

const BY_NAME: Record<string, string> = {
  ConnectionRefused: "ECONNREFUSED",
  ConnectionReset: "ECONNRESET",
  ConnectionAborted: "ECONNABORTED",
  NotConnected: "ENOTCONN",
  AddrInUse: "EADDRINUSE",
  AddrNotAvailable: "EADDRNOTAVAIL",
  BrokenPipe: "EPIPE",
  TimedOut: "ETIMEDOUT",
  NetworkUnreachable: "ENETUNREACH",
  PermissionDenied: "EACCES",
  NotCapable: "EACCES",
  BadResource: "EBADF",
};

/** The errno-like text for a native error: its `code` when it looks like one, else a mapping. */
export function errnoOf(err: unknown): string {
  if (err instanceof TransportError) return err.code;
  if (err !== null && typeof err === "object") {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === "string" && name in BY_NAME) return BY_NAME[name];
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
  }
  return String(err);
}

const RESETS = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/**
 * The error a read or write should throw for a native one: resets become
 * `ConnectionResetError`, use after close becomes `SocketClosedError`, others pass through.
 */
export function ioError(err: unknown): unknown {
  if (err instanceof TransportError) return err;
  const errno = errnoOf(err);
  if (RESETS.has(errno)) return new ConnectionResetError(errno);
  if (errno === "EBADF") return new SocketClosedError();
  return err;
}
