// Deno-only behavior of the Deno adapter; skipped under Bun.
import assert from "node:assert/strict";
import { test } from "node:test";
import { errnoOf } from "../../src/transport/_errno.ts";
import type { TransportAdapter } from "../../src/transport/types.ts";
import { RUNTIME } from "../_helpers/run_script.ts";
import { connectedPair } from "./_loopback.ts";

const skip = RUNTIME !== "deno" && "Deno only";
const deno: TransportAdapter | undefined = RUNTIME === "deno"
  ? (await import("../../src/transport/deno.ts")).createDenoAdapter()
  : undefined;

test("createDenoAdapter() refuses ipv6Only, which Deno.listen cannot set, with EOPNOTSUPP", { skip }, () => {
  assert.throws(() => deno!.listen({ hostname: "::", port: 0, ipv6Only: true }), (err: unknown) => {
    assert.equal(errnoOf(err), "EOPNOTSUPP");
    return true;
  });
});

test("createDenoAdapter() without --unstable-net says it cannot share a port, and refuses reusePort with EOPNOTSUPP", {
  skip,
}, () => {
  // The tests run without --unstable-net: asked for reusePort, Deno itself would end the process.
  assert.equal(deno!.reusePort, false);
  assert.throws(() => deno!.listen({ hostname: "127.0.0.1", port: 0, reusePort: true }), (err: unknown) => {
    assert.equal(errnoOf(err), "EOPNOTSUPP");
    return true;
  });
});

test("createDenoAdapter() connections read 0 bytes into an empty buffer without waiting", { skip }, async () => {
  const pair = await connectedPair(deno!);
  try {
    assert.equal(await pair.client.read(new Uint8Array(0)), 0);
    assert.equal(await pair.client.write(new Uint8Array(0)), 0);
  } finally {
    pair.close();
  }
});
