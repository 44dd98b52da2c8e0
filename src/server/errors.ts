/**
 * Why a request's `signal` aborts and its response stream is cancelled: the client left,
 * or the server stopped before the response was done.
 *
 * @module
 */
import { TransportError } from "../transport/errors.ts";

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
