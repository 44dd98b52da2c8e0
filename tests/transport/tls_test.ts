// TLS in the running runtime's adapter (Deno.listenTls/startTls, Bun's `tls`), over real
// loopback sockets, with certificates openssl makes for this run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dial, type DialAttemptEvent } from "../../src/net/dial.ts";
import type { AddrInfo } from "../../src/resolve/types.ts";
import { TlsCertificateError, TlsError, TlsHandshakeError } from "../../src/transport/errors.ts";
import { adapter } from "../../src/transport/runtime.ts";
import type { Conn, ConnectTlsOptions, Listener } from "../../src/transport/types.ts";
import { writeAll } from "../../src/transport/write_all.ts";
import { skipWithoutOpenssl, testCerts } from "../_helpers/certs.ts";
import { bytes, text } from "./_fakes.ts";
import { readAll } from "./_loopback.ts";

const skip = skipWithoutOpenssl();

/** A TLS listener on 127.0.0.1 with `cert`, whose connections each get `greeting` and then EOF. */
function greeter(cert: string, greeting = "hello over tls\n"): Listener {
  const { key } = testCerts();
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0, tls: { cert, key } });
  void (async () => {
    for await (const conn of listener) {
      writeAll(conn, bytes(greeting)).then(() => conn.closeWrite()).catch(() => {}).finally(() => conn.close());
    }
  })().catch(() => {});
  return listener;
}

async function connectTo(listener: Listener, tls: ConnectTlsOptions): Promise<Conn> {
  return await adapter().connect({ hostname: "127.0.0.1", port: listener.addr.port, tls });
}

test(
  "a TLS connection, verified with an extra CA or insecure, carries bytes both ways, and closeWrite half-closes",
  { skip },
  async () => {
    const { cert, key, ca } = testCerts();
    for (const tls of [{ serverName: "localhost", caCerts: [ca] }, { serverName: "localhost", insecure: true }]) {
      await halfClose(cert, key, tls);
    }
  },
);

/** Sends 1 MiB over TLS, half-closes, and gets an answer after the half-close. */
async function halfClose(cert: string, key: string, tls: ConnectTlsOptions): Promise<void> {
  {
    const listener = adapter().listen({ hostname: "127.0.0.1", port: 0, tls: { cert, key } });
    try {
      const accepting = listener.accept();
      const client = await connectTo(listener, tls);
      const server = await accepting;
      try {
        // Larger than any socket buffer, so both sides' partial writes and reads are exercised.
        const big = new Uint8Array(1 << 20).map((_, i) => i % 251);
        const got = readAll(server);
        await writeAll(client, big);
        await client.closeWrite();
        assert.deepEqual(await got, big);
        // The server still answers after the client's close_notify and FIN.
        await writeAll(server, bytes("reply"));
        await server.closeWrite();
        assert.equal(text(await readAll(client)), "reply");
        assert.equal(client.remoteAddr.hostname, "127.0.0.1");
        assert.equal(client.remoteAddr.port, listener.addr.port);
      } finally {
        client.close();
        server.close();
      }
    } finally {
      listener.close();
    }
  }
}

test("a TLS connection to an IP address is verified against the certificate's IP names", { skip }, async () => {
  const listener = greeter(testCerts().cert);
  try {
    const conn = await connectTo(listener, { serverName: "127.0.0.1", caCerts: [testCerts().ca] });
    assert.equal(text(await readAll(conn)), "hello over tls\n");
    conn.close();
  } finally {
    listener.close();
  }
});

/** Asserts that connecting with `tls` to a server with `cert` fails with `code`. */
async function assertRefused(cert: string, tls: ConnectTlsOptions, code: string): Promise<void> {
  const listener = greeter(cert);
  try {
    await assert.rejects(connectTo(listener, tls), (err: unknown) => {
      assert.ok(err instanceof TlsCertificateError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.serverName, tls.serverName);
      assert.match(err.message, new RegExp(`^TLS certificate of ${tls.serverName} refused: `));
      return true;
    });
  } finally {
    listener.close();
  }
}

test("a certificate from an unknown CA is refused with HTTP10_TLS_UNKNOWN_ISSUER", { skip }, async () => {
  const { cert, otherCa } = testCerts();
  await assertRefused(cert, { serverName: "localhost" }, "HTTP10_TLS_UNKNOWN_ISSUER");
  await assertRefused(cert, { serverName: "localhost", caCerts: [otherCa] }, "HTTP10_TLS_UNKNOWN_ISSUER");
});

test("a certificate for another name is refused with HTTP10_TLS_NAME_MISMATCH", { skip }, async () => {
  const { wrongNameCert, ca } = testCerts();
  await assertRefused(wrongNameCert, { serverName: "localhost", caCerts: [ca] }, "HTTP10_TLS_NAME_MISMATCH");
});

test("an expired certificate is refused with HTTP10_TLS_EXPIRED", { skip }, async () => {
  const { expiredCert, ca } = testCerts();
  await assertRefused(expiredCert, { serverName: "localhost", caCerts: [ca] }, "HTTP10_TLS_EXPIRED");
});

test("insecure accepts a certificate of unknown issuer, another name, or past its date", { skip }, async () => {
  const { wrongNameCert, expiredCert } = testCerts();
  for (const cert of [wrongNameCert, expiredCert]) {
    const listener = greeter(cert);
    try {
      const conn = await connectTo(listener, { serverName: "localhost", insecure: true });
      assert.equal(text(await readAll(conn)), "hello over tls\n");
      conn.close();
    } finally {
      listener.close();
    }
  }
});

test("TLS to a server that speaks plain TCP fails with HTTP10_TLS_HANDSHAKE", { skip }, async () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  void (async () => {
    for await (const conn of listener) {
      writeAll(conn, bytes("HTTP/1.0 400 Bad Request\r\n\r\n")).catch(() => {}).finally(() => conn.close());
    }
  })().catch(() => {});
  try {
    for (const insecure of [false, true]) {
      await assert.rejects(connectTo(listener, { serverName: "localhost", insecure }), (err: unknown) => {
        assert.ok(err instanceof TlsHandshakeError, String(err));
        assert.equal(err.code, "HTTP10_TLS_HANDSHAKE");
        return true;
      });
    }
  } finally {
    listener.close();
  }
});

test("aborting a TLS connect while the server stays silent rejects with the signal's reason", { skip }, async () => {
  const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Conn[] = [];
  void (async () => {
    for await (const conn of listener) accepted.push(conn);
  })().catch(() => {});
  try {
    for (const insecure of [false, true]) {
      const controller = new AbortController();
      const connecting = adapter().connect({
        hostname: "127.0.0.1",
        port: listener.addr.port,
        signal: controller.signal,
        tls: { serverName: "localhost", insecure },
      });
      // Aborted once the server has the TCP connection, so the handshake is what waits.
      while (accepted.length === 0) await new Promise((r) => setTimeout(r, 5));
      const reason = new Error("stop");
      controller.abort(reason);
      await assert.rejects(connecting, (err) => err === reason);
      accepted.splice(0).forEach((c) => c.close());
    }
  } finally {
    listener.close();
  }
});

test("dial() stops at a certificate error instead of trying the next address", { skip }, async () => {
  const listener = greeter(testCerts().wrongNameCert);
  try {
    const addr: AddrInfo = {
      family: 4,
      address: "127.0.0.1",
      port: listener.addr.port,
      socktype: "stream",
      protocol: "tcp",
    };
    const events: DialAttemptEvent["outcome"][] = [];
    await assert.rejects(
      dial([addr, addr], {
        mode: "sequential",
        host: "localhost",
        tls: { caCerts: [testCerts().ca] },
        onAttempt: (e) => events.push(e.outcome),
      }),
      (err: unknown) => err instanceof TlsError && err.code === "HTTP10_TLS_NAME_MISMATCH",
    );
    assert.deepEqual(events, ["start", "failed"]);
    // One address alone takes dial()'s short path; the error is the same.
    await assert.rejects(
      dial([addr], { host: "localhost", tls: { caCerts: [testCerts().ca] } }),
      (err: unknown) => err instanceof TlsError && err.code === "HTTP10_TLS_NAME_MISMATCH",
    );
  } finally {
    listener.close();
  }
});
