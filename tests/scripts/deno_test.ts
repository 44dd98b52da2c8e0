/**
 * scripts/deno.mjs, what the deno.json tasks run: `deno task serve|fetch|test` work in a
 * copy of the project that npm never installed, with only Deno on PATH (no Node), where the
 * word `deno` inside a task would start the npm package of that name instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, run, RUNTIME } from "../_helpers/run_script.ts";

/** A copy of what a fresh clone has (no node_modules), and a PATH holding only `deno`. */
function denoOnly(): { dir: string; path: string; done(): void } {
  const base = mkdtempSync(join(tmpdir(), "http10-deno-only-"));
  const dir = join(base, "project");
  const bin = join(base, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "deno"));
  for (const entry of ["deno.json", "package.json", "mod.ts", "serve.ts", "fetch.ts", "src", "cli", "scripts"]) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  cpSync(join(ROOT, "tests", "http10", "status_test.ts"), join(dir, "tests", "http10", "status_test.ts"));
  return { dir, path: bin, done: () => rmSync(base, { recursive: true, force: true }) };
}

const skip = RUNTIME === "deno" ? false : "deno tasks are Deno's: checked when the suite runs on Deno";

test("deno task serve and fetch answer --help, and a bad flag exits 2, with only Deno on PATH", { skip }, async () => {
  const { dir, path, done } = denoOnly();
  try {
    const env = { PATH: path };
    const serve = await run(process.execPath, ["task", "serve", "--help"], { cwd: dir, env });
    assert.equal(serve.code, 0, serve.stderr);
    assert.match(serve.text, /^Usage: serve\.ts/);
    const fetch = await run(process.execPath, ["task", "fetch", "--help"], { cwd: dir, env });
    assert.equal(fetch.code, 0, fetch.stderr);
    assert.match(fetch.text, /^Usage: fetch\.ts/m);
    const bad = await run(process.execPath, ["task", "serve", "--no-such-flag"], { cwd: dir, env });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /unknown option --no-such-flag/);
  } finally {
    done();
  }
});

test("deno task test runs the tests with only Deno on PATH", { skip }, async () => {
  const { dir, path, done } = denoOnly();
  try {
    const r = await run(process.execPath, ["task", "test", "tests/http10/status_test.ts"], {
      cwd: dir,
      env: { PATH: path },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.text, /^tests: [1-9]\d* passed, 0 failed/m);
  } finally {
    done();
  }
});
