/**
 * mod.ts, the stable API: every name listed explicitly, the tuning internals left to the
 * layer modules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as http10 from "../mod.ts";
import { ROOT } from "./_helpers/run_script.ts";

test("mod.ts names what it exports: no export *", () => {
  const code = readFileSync(join(ROOT, "mod.ts"), "utf8");
  assert.doesNotMatch(code, /export \*/);
});

test("mod.ts exports the stable API", () => {
  for (
    const name of ["serve", "Router", "serveDir", "fetch", "request", "Client", "Agent", "dial", "dialHost", "listen"]
  ) {
    assert.equal(typeof (http10 as Record<string, unknown>)[name], "function", name);
  }
  for (const name of ["isWorker", "workerId", "ReusePortUnavailableError", "WorkerFailedError"]) {
    assert.equal(typeof (http10 as Record<string, unknown>)[name], "function", name);
  }
  for (const name of ["BufReader", "writeAll", "getaddrinfo", "getnameinfo", "parseRequestHead", "Http10Error"]) {
    assert.equal(typeof (http10 as Record<string, unknown>)[name], "function", name);
  }
});

test("mod.ts leaves tuning internals out", () => {
  for (
    const name of ["ResponseHeadWriter", "serializeResponseHeadInto", "BufferPool", "adapter", "urlOf", "requestUrl"]
  ) {
    assert.equal(name in http10, false, name);
  }
});
