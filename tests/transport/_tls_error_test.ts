import assert from "node:assert/strict";
import { test } from "node:test";
import { tlsError } from "../../src/transport/_tls_error.ts";
import { TlsCertificateError, TlsHandshakeError } from "../../src/transport/errors.ts";

const CASES: [string, unknown, string][] = [
  ["rustls's unknown issuer", new Error("invalid peer certificate: UnknownIssuer"), "HTTP10_TLS_UNKNOWN_ISSUER"],
  [
    "rustls's name mismatch",
    new Error(
      'invalid peer certificate: certificate not valid for name "a"; certificate is only valid for DnsName("b")',
    ),
    "HTTP10_TLS_NAME_MISMATCH",
  ],
  ["rustls's expired", new Error("invalid peer certificate: Expired"), "HTTP10_TLS_EXPIRED"],
  ["rustls's other reasons", new Error("invalid peer certificate: NotValidYet"), "HTTP10_TLS_BAD_CERTIFICATE"],
  [
    "OpenSSL's self-signed",
    Object.assign(new Error("x"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }),
    "HTTP10_TLS_UNKNOWN_ISSUER",
  ],
  [
    "OpenSSL's alt name",
    Object.assign(new Error("x"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }),
    "HTTP10_TLS_NAME_MISMATCH",
  ],
  ["OpenSSL's expired", Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" }), "HTTP10_TLS_EXPIRED"],
  ["anything else", new Error("received corrupt message"), "HTTP10_TLS_HANDSHAKE"],
];

for (const [what, err, code] of CASES) {
  test(`tlsError() maps ${what} to ${code}`, () => {
    const mapped = tlsError(err, "example.test");
    assert.equal(mapped.code, code);
    assert.equal(mapped.serverName, "example.test");
    assert.ok(
      code === "HTTP10_TLS_HANDSHAKE" ? mapped instanceof TlsHandshakeError : mapped instanceof TlsCertificateError,
    );
  });
}

test("tlsError() passes a TLS error through", () => {
  const err = new TlsHandshakeError("a", "b");
  assert.equal(tlsError(err, "c"), err);
});
