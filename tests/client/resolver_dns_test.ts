/**
 * The client and dialHost() with `resolver: "dns"`: a name that only a dnsmasq started by
 * the test knows leads to an http10 server on loopback.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Client } from "../../src/client/client.ts";
import { resolveClientOptions } from "../../src/client/options.ts";
import { dialHost } from "../../src/net/dial.ts";
import { serve, type Server } from "../../src/server/serve.ts";
import { type Dnsmasq, startDnsmasq } from "../_helpers/dnsmasq.ts";
import { skipUnless } from "../_helpers/tools.ts";

const skip = skipUnless("dnsmasq");
let dns: Dnsmasq;
let server: Server;

before(async () => {
  if (skip) return;
  dns = await startDnsmasq(["local=/test/", "host-record=web.test,127.0.0.1"], "web.test");
  server = await serve((req) => new Response(`hello from ${new URL(req.url).hostname}\n`), {
    hostname: "127.0.0.1",
    port: 0,
  });
});

after(async () => {
  await server?.shutdown();
  await dns?.stop();
});

test("Client with resolver dns reaches a name only the given name server knows", { skip }, async () => {
  const client = new Client({ resolver: "dns", nameservers: [dns.server], hints: { hostsPath: "/dev/null" } });
  const res = await client.request(`http://web.test:${server.addr.port}/`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "hello from web.test\n");
});

test("Client without resolver dns cannot find that name: the system lookup does not know it", { skip }, async () => {
  const client = new Client({ hints: { hostsPath: "/dev/null" } });
  await assert.rejects(client.request(`http://web.test:${server.addr.port}/`), /web\.test/);
});

test("dialHost() with resolver dns connects through the name server's answer", { skip }, async () => {
  const conn = await dialHost("web.test", server.addr.port, {
    resolver: "dns",
    nameservers: [dns.server],
    hints: { hostsPath: "/dev/null" },
    timeout: 10_000,
  });
  assert.equal(conn.remoteAddr.hostname, "127.0.0.1");
  conn.close();
});

test("resolveClientOptions() puts resolver and nameservers into the hints, and refuses a name as a server", () => {
  const o = resolveClientOptions({ resolver: "dns", nameservers: ["[::1]:5353"], hints: { family: 4 } });
  assert.deepEqual(o.hints, { family: 4, resolver: "dns", nameservers: ["[::1]:5353"] });
  assert.throws(() => resolveClientOptions({ nameservers: ["dns.example"] }), /nameservers\.0/);
  assert.throws(() => resolveClientOptions({ resolver: "bind" as "dns" }), /resolver/);
});
