/**
 * The client against real servers on loopback: the project's serve.ts, nginx, and
 * python3's http.server, each serving a temporary directory.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../../src/client/agent.ts";
import { Client } from "../../src/client/client.ts";
import { skipUnless } from "../_helpers/tools.ts";
import { makeSite, type Peer, type Site, startNginx, startPython, startServeTs } from "./_peers.ts";

const PEERS: [string, (site: Site) => Promise<Peer>, false | string, boolean][] = [
  // name, start, skip reason, keeps HTTP/1.0 keep-alive connections open
  ["serve.ts", startServeTs, false, true],
  ["nginx", startNginx, skipUnless("nginx"), true],
  ["python3 http.server", startPython, skipUnless("python3"), false],
];

/** Starts a site and a peer, runs `fn`, and stops both whatever happens. */
async function withPeer(start: (site: Site) => Promise<Peer>, fn: (peer: Peer, site: Site) => Promise<void>) {
  const site = await makeSite();
  try {
    const peer = await start(site);
    try {
      await fn(peer, site);
    } finally {
      await peer.stop();
    }
  } finally {
    await site.remove();
  }
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

for (const [name, start, skip, keepsAlive] of PEERS) {
  test(`Client reads a small and a 2 MiB file from ${name}, bytes intact`, { skip }, async () => {
    await withPeer(start, async (peer, site) => {
      const client = new Client({ timeout: 30_000 });
      const small = await client.request(`${peer.origin}/small.txt`);
      assert.equal(small.status, 200);
      assert.equal(small.headers.get("content-length"), String(site.small.length));
      assert.ok(same(await small.bytes(), site.small));

      const big = await client.fetch(`${peer.origin}/big.bin`);
      assert.equal(big.status, 200);
      assert.ok(same(new Uint8Array(await big.arrayBuffer()), site.big));
    });
  });

  test(`Client gets HEAD, 404 and a followed directory redirect right from ${name}`, { skip }, async () => {
    await withPeer(start, async (peer, site) => {
      const client = new Client({ timeout: 30_000 });
      const head = await client.request(`${peer.origin}/big.bin`, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.body, null);
      assert.equal(head.headers.get("content-length"), String(site.big.length));

      const missing = await client.request(`${peer.origin}/no-such-file`);
      assert.equal(missing.status, 404);
      await missing.bytes();

      const dir = await client.request(`${peer.origin}/sub`);
      assert.equal(dir.status, 200);
      assert.equal(dir.redirected, true);
      assert.equal(dir.url, `${peer.origin}/sub/`);
      assert.equal(await dir.text(), "<p>sub</p>\n");
    });
  });

  const reuse = keepsAlive ? "reuses a keep-alive connection to" : "opens a new connection per request to";
  test(`Client with an Agent ${reuse} ${name}`, { skip }, async () => {
    await withPeer(start, async (peer, site) => {
      const agent = new Agent();
      try {
        const reused: boolean[] = [];
        const client = new Client({ agent, timeout: 30_000, onConnect: (info) => reused.push(info.reused) });
        for (let i = 0; i < 3; i++) {
          const res = await client.request(`${peer.origin}/small.txt`);
          assert.ok(same(await res.bytes(), site.small));
        }
        assert.deepEqual(reused, keepsAlive ? [false, true, true] : [false, false, false]);
      } finally {
        agent.close();
      }
    });
  });
}
