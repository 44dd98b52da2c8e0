/**
 * Turns a runtime's TLS handshake failure into a `TlsCertificateError` or `TlsHandshakeError`.
 *
 * Deno (rustls) says "invalid peer certificate: UnknownIssuer" and the like in its message;
 * Bun and node:tls (OpenSSL) give a `code` such as "CERT_HAS_EXPIRED".
 *
 * @module
 */
import { TlsCertificateError, type TlsCertificateProblem, type TlsError, TlsHandshakeError } from "./errors.ts";

// OpenSSL's verify codes, as Bun and node:tls name them.
const BY_CODE: Record<string, TlsCertificateProblem> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "UNKNOWN_ISSUER",
  UNABLE_TO_GET_ISSUER_CERT: "UNKNOWN_ISSUER",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "UNKNOWN_ISSUER",
  SELF_SIGNED_CERT_IN_CHAIN: "UNKNOWN_ISSUER",
  DEPTH_ZERO_SELF_SIGNED_CERT: "UNKNOWN_ISSUER",
  ERR_TLS_CERT_ALTNAME_INVALID: "NAME_MISMATCH",
  HOSTNAME_MISMATCH: "NAME_MISMATCH",
  CERT_HAS_EXPIRED: "EXPIRED",
  CERT_NOT_YET_VALID: "BAD_CERTIFICATE",
  CERT_SIGNATURE_FAILURE: "BAD_CERTIFICATE",
  CERT_REVOKED: "BAD_CERTIFICATE",
  CERT_UNTRUSTED: "UNKNOWN_ISSUER",
  CERT_REJECTED: "BAD_CERTIFICATE",
  INVALID_CA: "BAD_CERTIFICATE",
  INVALID_PURPOSE: "BAD_CERTIFICATE",
};

/** The typed error for a failed handshake with `serverName`; a `TlsError` passes through. */
export function tlsError(err: unknown, serverName: string): TlsError {
  if (err instanceof TlsCertificateError || err instanceof TlsHandshakeError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === "string" && code in BY_CODE) return new TlsCertificateError(BY_CODE[code], serverName, message);
  // rustls, through Deno: "invalid peer certificate: <reason>".
  const m = /invalid peer certificate: (.*)$/s.exec(message);
  if (m !== null) {
    const reason = m[1];
    const problem: TlsCertificateProblem = /^UnknownIssuer|UnknownCA|^BadSignature.*issuer/i.test(reason)
      ? "UNKNOWN_ISSUER"
      : /not valid for name|NotValidForName/i.test(reason)
      ? "NAME_MISMATCH"
      : /^Expired/i.test(reason)
      ? "EXPIRED"
      : "BAD_CERTIFICATE";
    return new TlsCertificateError(problem, serverName, message);
  }
  return new TlsHandshakeError(serverName, message);
}
