import assert from "node:assert/strict";
import { test } from "node:test";
import { Agent } from "../../src/client/agent.ts";
import { Client } from "../../src/client/client.ts";
import { resolveClientOptions, USER_AGENT } from "../../src/client/options.ts";

test("resolveClientOptions() fills in the defaults", () => {
  const o = resolveClientOptions();
  assert.equal(o.agent, undefined);
  assert.equal(o.timeout, undefined);
  assert.equal(o.connectTimeout, undefined);
  assert.equal(o.maxRedirects, 20);
  assert.equal(o.maxHeadSize, 65536);
  assert.equal(o.maxHeaderCount, 256);
  assert.equal(o.maxBodySize, undefined);
  assert.deepEqual(o.headers, [["User-Agent", USER_AGENT], ["Accept", "*/*"]]);
  assert.deepEqual(o.hints, {});
  assert.equal(o.resolve.size, 0);
});

test("resolveClientOptions() keeps what it is given", () => {
  const agent = new Agent();
  const onAttempt = () => {};
  const o = resolveClientOptions({
    agent,
    timeout: 1500,
    connectTimeout: 200,
    maxRedirects: 0,
    maxBodySize: 0,
    headers: { "X-A": "1" },
    hints: { family: 4, hostsPath: "/dev/null" },
    dial: { mode: "sequential", onAttempt },
  });
  assert.equal(o.agent, agent);
  assert.equal(o.timeout, 1500);
  assert.equal(o.connectTimeout, 200);
  assert.equal(o.maxRedirects, 0);
  assert.equal(o.maxBodySize, 0);
  assert.deepEqual(o.headers, [["X-A", "1"]]);
  assert.deepEqual(o.hints, { family: 4, hostsPath: "/dev/null" });
  assert.equal(o.dial.mode, "sequential");
  assert.equal(o.dial.onAttempt, onAttempt);
});

test("resolveClientOptions() turns resolve into address lists, brackets dropped, host lower-cased", () => {
  const o = resolveClientOptions({ resolve: { "Name.Test:8080": ["[::1]", "127.0.0.1"], "[::1]:80": ["::1"] } });
  assert.deepEqual(o.resolve.get("name.test:8080"), [
    { address: "::1", family: 6 },
    { address: "127.0.0.1", family: 4 },
  ]);
  assert.deepEqual(o.resolve.get("::1:80"), [{ address: "::1", family: 6 }]);
});

const BAD: [string, unknown, RegExp][] = [
  ["a negative timeout", { timeout: -1 }, /timeout/],
  ["a fractional connectTimeout", { connectTimeout: 1.5 }, /connectTimeout/],
  ["maxRedirects below 0", { maxRedirects: -1 }, /maxRedirects/],
  ["a tiny maxHeadSize", { maxHeadSize: 10 }, /maxHeadSize/],
  ["an agent that is not an Agent", { agent: {} }, /agent/],
  ["a header name that is not a token", { headers: { "Bad Name": "x" } }, /headers/],
  ["a resolve key without a port", { resolve: { "example.com": ["127.0.0.1"] } }, /resolve/],
  ["a resolve address that is a name", { resolve: { "example.com:80": ["localhost"] } }, /resolve/],
  ["an empty resolve list", { resolve: { "example.com:80": [] } }, /resolve/],
  ["family 5", { hints: { family: 5 } }, /hints\.family/],
  ["an unknown dial option", { dial: { speed: 1 } }, /dial/],
  ["an onConnect that is not a function", { onConnect: "yes" }, /onConnect/],
  ["an unknown option", { retries: 3 }, /retries/],
];

for (const [what, options, message] of BAD) {
  test(`new Client() rejects ${what} with InvalidClientOptionsError`, () => {
    assert.throws(() => new Client(options as never), (err: Error & { code?: string }) => {
      assert.equal(err.name, "InvalidClientOptionsError");
      assert.equal(err.code, "HTTP10_INVALID_OPTIONS");
      assert.match(err.message, message);
      return true;
    });
  });
}
