/**
 * serve({ workers }): worker threads that share one port (SO_REUSEPORT), a main thread that
 * drains them on SIGTERM and restarts one that dies. The program under test is
 * tests/_fixtures/workers/app.ts, run as a child process on the runtime running the tests.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidOptionsError, serve } from "../../mod.ts";
import { runScript, RUNTIME, type Started, startScript } from "../_helpers/run_script.ts";

const APP = "tests/_fixtures/workers/app.ts";
/** Deno shares a port only with --unstable-net. */
const PERMISSIONS = ["--allow-all", "--unstable-net"];
const READY = /listening on port (\d+)/;

/** One request on a fresh connection; resolves to the whole response as text. */
function get(port: number, path: string, onData?: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    socket.on("connect", () => socket.write(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      onData?.(text);
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

function bodyOf(response: string): string {
  return response.slice(response.indexOf("\r\n\r\n") + 4);
}

/** Asks `/` on fresh connections, at most `max`, until `want` different workers have answered. */
async function workersAnswering(port: number, want: number, max = 50): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < max && seen.size < want; i++) seen.add(bodyOf(await get(port, "/")).trim());
  return seen;
}

async function withApp(fn: (port: number, app: Started) => Promise<void>, env: Record<string, string> = {}) {
  const app = await startScript(APP, [], READY, { permissions: PERMISSIONS, env });
  try {
    await fn(Number(app.match[1]), app);
  } finally {
    await app.stop();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("serve({ workers: 2 }) answers on one port from both workers", async () => {
  await withApp(async (port) => {
    // Each fresh connection has a new source port, which SO_REUSEPORT hashes to a worker:
    // 50 connections all landing on one of two workers has a chance of 2^-49.
    assert.deepEqual([...await workersAnswering(port, 2)].sort(), ["1", "2"]);
  });
});

test("SIGTERM to the main thread drains an in-flight request in a worker, then the process exits", async () => {
  const dir = await mkdtemp(join(tmpdir(), "http10-workers-"));
  const release = join(dir, "release");
  try {
    await withApp(async (port, app) => {
      let begun!: () => void;
      const begin = new Promise<void>((r) => (begun = r));
      const slow = get(port, "/slow", (text) => text.includes("begin") && begun());
      await begin;
      const pid = app.child.pid!;
      process.kill(pid, "SIGTERM");
      await app.waitFor(/SIGTERM: draining the workers/);
      // The response is still being sent: it ends only now.
      await writeFile(release, "");
      const response = await slow;
      assert.match(response, /^HTTP\/1\.0 200 OK\r\n/);
      assert.match(bodyOf(response), /^begin [12]\nend\n$/);
      assert.equal(await app.exited, 0, app.output());
      assert.match(app.output(), /every worker finished/);
      assert.equal(alive(pid), false);
    }, { RELEASE: release });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a worker that dies of an uncaught error is restarted, with a log line", async () => {
  await withApp(async (port, app) => {
    assert.equal(bodyOf(await get(port, "/crash")), "crashing\n");
    const [, id] = await app.waitFor(/http10: worker (\d) died: .*crash test; restarting it/, 10_000);
    await app.waitFor(new RegExp(`http10: worker ${id} restarted`), 10_000);
    assert.deepEqual([...await workersAnswering(port, 2)].sort(), ["1", "2"]);
  });
});

test("a worker that calls process.exit() is restarted, with a log line", async () => {
  await withApp(async (port, app) => {
    assert.equal(bodyOf(await get(port, "/exit")), "exiting\n");
    const [, id] = await app.waitFor(/http10: worker (\d) exited; restarting it/, 10_000);
    await app.waitFor(new RegExp(`http10: worker ${id} restarted`), 10_000);
    assert.deepEqual([...await workersAnswering(port, 2)].sort(), ["1", "2"]);
  });
});

test(
  "serve({ workers: 2 }) on Deno without --unstable-net fails with HTTP10_REUSE_PORT_UNAVAILABLE",
  { skip: RUNTIME !== "deno" && "Bun shares ports without a flag" },
  async () => {
    const r = await runScript(APP, [], { permissions: ["--allow-all"], timeoutMs: 20_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ReusePortUnavailableError/);
    assert.match(r.stderr, /--unstable-net/);
    assert.doesNotMatch(r.text, /listening on port/);
  },
);

test("a worker that fails before it listens makes serve() reject with WorkerFailedError", async () => {
  const r = await runScript(APP, [], { permissions: PERMISSIONS, timeoutMs: 20_000, env: { FAIL_IN_WORKER: "1" } });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /WorkerFailedError: Worker [12] failed before it listened: .*no configuration in this worker/);
  assert.doesNotMatch(r.text, /listening on port/);
});

test("a worker that never calls serve() gets a line on stderr naming it, while serve() waits", async () => {
  const app = await startScript(APP, [], /http10: worker ([12]) has not called serve\(\)/, {
    permissions: PERMISSIONS,
    env: { NO_SERVE_IN_WORKER: "1" },
  });
  try {
    assert.match(app.match[0], /worker [12] has not called serve\(\)/);
    assert.doesNotMatch(app.output(), /listening on port/);
  } finally {
    await app.stop();
  }
});

test('serve() refuses a workers count that is not 1 to 256 or "auto"', async () => {
  for (const workers of [0, -1, 1.5, 257, "x", "2"]) {
    await assert.rejects(
      serve(() => new Response(), { port: 0, workers: workers as number }),
      (err: unknown) =>
        err instanceof InvalidOptionsError && /workers: must be a whole number from 1 to 256/.test(err.message),
      String(workers),
    );
  }
});
