// https through the client: request(), fetch(), Client and Agent over TLS, against a fake
// TLS server, http10's own serve({ cert, key }) and nginx with ssl, with certificates
// openssl makes for this run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../../src/client/agent.ts";
import { Client } from "../../src/client/client.ts";
import { serve } from "../../src/server/serve.ts";
import { TlsCertificateError } from "../../src/transport/errors.ts";
import { skipWithoutOpenssl, testCerts } from "../_helpers/certs.ts";
import { skipUnless } from "../_helpers/tools.ts";
import { type FakeServer, type Reply, startFakeServer } from "./_fake_server.ts";
import { makeSite, startNginx } from "./_peers.ts";

const skip = skipWithoutOpenssl();

async function withTlsServer<T>(
  script: Reply | Reply[] | ((req: { head: string }, i: number) => Reply),
  fn: (server: FakeServer) => Promise<T>,
  cert = testCerts().cert,
): Promise<T> {
  const server = await startFakeServer(script, { tls: { cert, key: testCerts().key } });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

const hello = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"] };

test("Client.request() and fetch() speak HTTP/1.0 over TLS to an https URL, with the CA given", { skip }, async () => {
  await withTlsServer(hello, async (server) => {
    const client = new Client({ tls: { caCerts: [testCerts().ca] } });
    const res = await client.request(`https://localhost:${server.port}/a`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello");
    assert.equal(res.url, `https://localhost:${server.port}/a`);
    const standard = await client.fetch(`${server.origin}/b`);
    assert.equal(await standard.text(), "hello");
    assert.match(server.requests[0].head, new RegExp(`^GET /a HTTP/1\\.0\\r\\nHost: localhost:${server.port}\\r\\n`));
    assert.match(server.requests[1].head, /^GET \/b HTTP\/1\.0\r\n/);
  });
});

test("an https URL without a port connects to 443", { skip }, async () => {
  // Nothing listens on 443 here: the connect error names the port the URL implies.
  const client = new Client({ tls: { caCerts: [testCerts().ca] }, resolve: { "localhost:443": ["127.0.0.1"] } });
  await assert.rejects(client.request("https://localhost/"), (err: Error & { code?: string }) => {
    assert.equal(err.code, "HTTP10_CONNECT_FAILED");
    assert.match(err.message, /localhost:443/);
    return true;
  });
});

test("a certificate problem rejects with its own code: unknown issuer, name mismatch, expired", { skip }, async () => {
  const { cert, wrongNameCert, expiredCert, ca, otherCa } = testCerts();
  const cases: [string, string, string[] | undefined, string][] = [
    [cert, "localhost", undefined, "HTTP10_TLS_UNKNOWN_ISSUER"],
    [cert, "localhost", [otherCa], "HTTP10_TLS_UNKNOWN_ISSUER"],
    [wrongNameCert, "localhost", [ca], "HTTP10_TLS_NAME_MISMATCH"],
    [expiredCert, "127.0.0.1", [ca], "HTTP10_TLS_EXPIRED"],
  ];
  for (const [serverCert, host, caCerts, code] of cases) {
    await withTlsServer(hello, async (server) => {
      const client = new Client({ tls: { caCerts } });
      await assert.rejects(client.fetch(`https://${host}:${server.port}/`), (err: unknown) => {
        assert.ok(err instanceof TlsCertificateError, String(err));
        assert.equal(err.code, code);
        return true;
      });
      // The server never saw a request.
      assert.equal(server.requests.length, 0);
    }, serverCert);
  }
});

test("tls.insecure accepts a certificate for another name", { skip }, async () => {
  await withTlsServer(hello, async (server) => {
    const res = await new Client({ tls: { insecure: true } }).request(`https://localhost:${server.port}/`);
    assert.equal(await res.text(), "hello");
  }, testCerts().wrongNameCert);
});

test("Client rejects CA certificates that are not PEM", { skip }, () => {
  assert.throws(() => new Client({ tls: { caCerts: ["not a certificate"] } }), { code: "HTTP10_INVALID_OPTIONS" });
});

test("an Agent pools https connections by scheme, host and port, apart from http", { skip }, async () => {
  const keep = { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"], keepOpen: true };
  const agent = new Agent();
  try {
    await withTlsServer(keep, async (tlsServer) => {
      const client = new Client({ agent, tls: { caCerts: [testCerts().ca] } });
      for (let i = 0; i < 3; i++) assert.equal(await (await client.request(`${tlsServer.origin}/${i}`)).text(), "ok");
      assert.equal(tlsServer.accepted, 1);
      assert.equal(tlsServer.requests.length, 3);
      assert.equal(agent.idleCount, 1);
      // A plain http server on another port does not get the TLS connection.
      const plain = await startFakeServer(keep);
      try {
        assert.equal(await (await client.request(`${plain.origin}/`)).text(), "ok");
        assert.equal(plain.accepted, 1);
        assert.equal(agent.idleCount, 2);
      } finally {
        await plain.close();
      }
    });
  } finally {
    agent.close();
  }
});

test("redirects between http and https are followed, as fetch does", { skip }, async () => {
  await withTlsServer((req) => {
    if (req.head.startsWith("GET /to-http ")) {
      return { pieces: [`HTTP/1.0 302 Found\r\nLocation: ${plainOrigin}/end\r\n\r\n`] };
    }
    return hello;
  }, async (tlsServer) => {
    const plain = await startFakeServer((req) =>
      req.head.startsWith("GET /to-https ")
        ? { pieces: [`HTTP/1.0 301 Moved\r\nLocation: ${tlsServer.origin}/to-http\r\n\r\n`] }
        : { pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nend"] }
    );
    plainOrigin = plain.origin;
    try {
      const res = await new Client({ tls: { caCerts: [testCerts().ca] } }).fetch(`${plain.origin}/to-https`);
      assert.equal(await res.text(), "end");
      assert.equal(res.url, `${plain.origin}/end`);
      assert.equal(res.redirected, true);
      assert.equal(tlsServer.requests.length, 1);
    } finally {
      await plain.close();
    }
  });
});
let plainOrigin = "";

test("the client fetches from http10's own serve({ cert, key }), whose request URLs say https", { skip }, async () => {
  const { cert, key, ca } = testCerts();
  const logs: string[] = [];
  const server = await serve((req) => new Response(req.url), {
    hostname: "127.0.0.1",
    port: 0,
    cert,
    key,
    onListen() {},
    accessLog: (line) => logs.push(line),
  });
  try {
    const client = new Client({ tls: { caCerts: [ca] } });
    const res = await client.fetch(`https://localhost:${server.addr.port}/x?y`);
    assert.equal(await res.text(), `https://localhost:${server.addr.port}/x?y`);
    assert.match(logs[0], /"GET \/x\?y HTTP\/1\.0" 200 \d+ https$/);
  } finally {
    await server.shutdown();
  }
});

test(
  "the client fetches from nginx with ssl, verified with the CA",
  { skip: skip || skipUnless("nginx") },
  async () => {
    const site = await makeSite();
    const { certFile, keyFile, ca } = testCerts();
    const nginx = await startNginx(site, { tls: { certFile, keyFile } });
    try {
      const client = new Client({ tls: { caCerts: [ca] } });
      const res = await client.request(`${nginx.origin}/big.bin`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.bytes(), site.big);
      await assert.rejects(new Client().request(`${nginx.origin}/small.txt`), { code: "HTTP10_TLS_UNKNOWN_ISSUER" });
    } finally {
      await nginx.stop();
      await site.remove();
    }
  },
);
