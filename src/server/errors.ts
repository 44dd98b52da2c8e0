/**
 * Why a request's `signal` aborts and its response stream is cancelled: the client left,
 * or the server stopped before the response was done.
 *
 * @module
 */
import { TransportError } from "../transport/errors.ts";
import { Http10Error } from "../errors/http10_error.ts";

/**
 * The client closed or reset the connection while its request was being answered. The
 * `request.signal` of that request aborts with this reason, and a response stream the
 * server was sending is cancelled with it.
 */
export class ClientGoneError extends TransportError {
  /** "closed" when the client ended its side (FIN), "reset" when the connection broke. */
  readonly how: "closed" | "reset";

  constructor(how: "closed" | "reset") {
    super(
      "HTTP10_CLIENT_GONE",
      how === "closed"
        ? "The client closed its side of the connection before the response was done"
        : "The connection to the client broke before the response was done",
    );
    this.how = how;
  }
}

/** The server's grace period after `shutdown()` ran out before this request was answered. */
export class ServerClosedError extends TransportError {
  constructor() {
    super("HTTP10_SERVER_CLOSED", "The server shut down before the response was done");
  }
}

/**
 * `serve({ workers })` with more than one worker on a runtime that cannot share a port:
 * Deno run without `--unstable-net`. Thrown before any worker starts.
 */
export class ReusePortUnavailableError extends Http10Error {
  constructor() {
    super(
      "HTTP10_REUSE_PORT_UNAVAILABLE",
      "serve({ workers }) shares the port between workers with SO_REUSEPORT, which Deno allows only with " +
        '--unstable-net: run `deno run --unstable-net ...`, or add "unstable": ["net"] to deno.json',
    );
  }
}

/** A worker of `serve({ workers })` failed before it listened; `cause` is its error, when it had one. */
export class WorkerFailedError extends Http10Error {
  /** The worker's number, 1 to `workers`. */
  readonly worker: number;

  constructor(worker: number, reason: string) {
    super("HTTP10_WORKER_FAILED", `Worker ${worker} failed before it listened: ${reason}`);
    this.worker = worker;
  }
}
