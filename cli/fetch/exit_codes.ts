/**
 * curl's exit codes and messages for what can go wrong in a transfer.
 *
 * @module
 */
import {
  BadContentEncodingError,
  IncompleteHeadError,
  InvalidUrlError,
  TimeoutError,
  TooManyRedirectsError,
  TruncatedBodyError,
  UnsupportedSchemeError,
} from "../../src/client/errors.ts";
import { BodyTooLargeError, HeaderTooLargeError, HttpParseError } from "../../src/http10/errors.ts";
import { GaiError } from "../../src/resolve/gai_error.ts";
import {
  ConnectError,
  ConnectionResetError,
  ConnectTimeoutError,
  TlsCertificateError,
  TlsHandshakeError,
} from "../../src/transport/errors.ts";

/** A failure with curl's exit code and message. */
export class CliError extends Error {
  /** The exit status. */
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** What curl says for the errno-like causes a connect reports. */
export const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ETIMEDOUT: "Connection timed out",
  ENETUNREACH: "Network is unreachable",
  EHOSTUNREACH: "No route to host",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ECONNRESET: "Connection reset by peer",
  EACCES: "Permission denied",
};

// curl's words for each certificate problem (as OpenSSL words them).
const CERT_TEXT: Record<string, (host: string) => string> = {
  UNKNOWN_ISSUER: () => "SSL certificate problem: unable to get local issuer certificate",
  NAME_MISMATCH: (host) => `SSL: no alternative certificate subject name matches target host name '${host}'`,
  EXPIRED: () => "SSL certificate problem: certificate has expired",
  BAD_CERTIFICATE: () => "SSL certificate problem: the certificate is not valid",
};

/** curl's exit status and message for an error from the client. */
export function describeFailure(err: unknown, url: URL | undefined, received: number): CliError {
  if (err instanceof CliError) return err;
  const host = url?.hostname ?? "";
  const port = url === undefined ? "" : url.port || (url.protocol === "https:" ? "443" : "80");
  if (err instanceof UnsupportedSchemeError) {
    return new CliError(1, `Protocol "${err.scheme.slice(0, -1)}" not supported`);
  }
  if (err instanceof InvalidUrlError) return new CliError(3, `URL rejected: ${err.message}`);
  if (err instanceof GaiError) return new CliError(6, `Could not resolve host: ${err.host ?? host}`);
  if (err instanceof ConnectError) {
    const cause = err.cause === undefined ? "Couldn't connect to server" : ERRNO_TEXT[err.cause] ?? err.cause;
    return new CliError(7, `Failed to connect to ${host} port ${port}: ${cause}`);
  }
  if (err instanceof TlsCertificateError) {
    return new CliError(60, `${CERT_TEXT[err.problem](err.serverName)} (${err.detail})`);
  }
  if (err instanceof TlsHandshakeError) return new CliError(35, `TLS connect error: ${err.detail}`);
  if (err instanceof ConnectTimeoutError) {
    return new CliError(28, `Connection timed out after ${err.timeout} milliseconds`);
  }
  if (err instanceof TimeoutError) {
    return new CliError(28, `Operation timed out after ${err.timeout} milliseconds with ${received} bytes received`);
  }
  if (err instanceof TruncatedBodyError) {
    return new CliError(
      18,
      err.expected === undefined
        ? "transfer closed with outstanding read data remaining"
        : `transfer closed with ${err.expected - err.received} bytes remaining to read`,
    );
  }
  if (err instanceof BadContentEncodingError) {
    return new CliError(61, `Error while processing content unencoding: ${err.message}`);
  }
  if (err instanceof TooManyRedirectsError) return new CliError(47, `Maximum (${err.maxRedirects}) redirects followed`);
  if (err instanceof IncompleteHeadError && err.received === 0) return new CliError(52, "Empty reply from server");
  if (err instanceof HeaderTooLargeError) return new CliError(8, `Weird server reply: ${err.message}`);
  if (err instanceof BodyTooLargeError) return new CliError(63, `Maximum file size exceeded: ${err.message}`);
  // Serializer errors (status 500) are about what we were asked to send: -H or -X.
  if (err instanceof HttpParseError && err.status === 500) return new CliError(2, err.message);
  if (err instanceof HttpParseError || err instanceof IncompleteHeadError) {
    return new CliError(8, `Weird server reply: ${err.message}`);
  }
  if (err instanceof ConnectionResetError) return new CliError(56, "Recv failure: Connection reset by peer");
  return new CliError(1, err instanceof Error ? err.message : String(err));
}
