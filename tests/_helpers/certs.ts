/**
 * Throwaway TLS certificates for the tests, made with openssl in a temporary directory
 * when first asked for (nothing secret is committed): a CA, a server certificate it signs
 * for localhost, 127.0.0.1 and ::1, one for another name, an expired one, and a second CA
 * that signed nothing here (the wrong CA).
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasTool } from "./tools.ts";

/** PEM texts and the files they are in. */
export interface TestCerts {
  /** The directory holding every file below. */
  dir: string;
  /** The CA that signed the server certificates. */
  ca: string;
  caFile: string;
  /** Another CA, which signed none of them. */
  otherCa: string;
  otherCaFile: string;
  /** The server's key (one key for every certificate below). */
  key: string;
  keyFile: string;
  /** Valid for localhost, 127.0.0.1 and ::1. */
  cert: string;
  certFile: string;
  /** Valid only for wrong.example. */
  wrongNameCert: string;
  wrongNameCertFile: string;
  /** For localhost, but expired. */
  expiredCert: string;
  expiredCertFile: string;
}

let made: TestCerts | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** The `skip` value for TLS tests: false when openssl is there. */
export function skipWithoutOpenssl(): false | string {
  if (hasTool("openssl")) return false;
  if (process.env.CI) throw new Error("openssl is required in CI (.ci/run installs it)");
  return "openssl is not installed";
}

/** Makes the certificates once per test process; they are deleted when the process exits. */
export function testCerts(): TestCerts {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), "http10-certs-"));
  // Test files may share one process (Bun): the files stay until it ends.
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=http10 test CA",
  ]);
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "other.key",
    "-out",
    "other.pem",
    "-days",
    "2",
    "-subj",
    "/CN=other CA",
  ]);
  openssl(dir, ["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
  writeFileSync(join(dir, "good.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
  writeFileSync(join(dir, "wrong.ext"), "subjectAltName=DNS:wrong.example\n");
  const sign = (out: string, ext: string, days: string) =>
    openssl(dir, [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      out,
      "-days",
      days,
      "-extfile",
      ext,
    ]);
  sign("server.pem", "good.ext", "2");
  sign("wrong.pem", "wrong.ext", "2");
  // -days -1: valid until a day before it was made, so already expired (openssl 3.0 has no -not_after).
  sign("expired.pem", "good.ext", "-1");
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  made = {
    dir,
    ca: read("ca.pem"),
    caFile: join(dir, "ca.pem"),
    otherCa: read("other.pem"),
    otherCaFile: join(dir, "other.pem"),
    key: read("server.key"),
    keyFile: join(dir, "server.key"),
    cert: read("server.pem"),
    certFile: join(dir, "server.pem"),
    wrongNameCert: read("wrong.pem"),
    wrongNameCertFile: join(dir, "wrong.pem"),
    expiredCert: read("expired.pem"),
    expiredCertFile: join(dir, "expired.pem"),
  };
  return made;
}
