/**
 * Test helpers for running the project's own scripts (serve.ts, fetch.ts, examples/) and
 * real peers (curl, ab) as child processes, on whichever runtime runs the tests.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { concat } from "../../src/body/concat.ts";

/** The repository root. */
export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** "deno" or "bun": the runtime running this test file. */
export const RUNTIME: "deno" | "bun" = "Bun" in globalThis ? "bun" : "deno";

/**
 * The command line that runs `script` (relative to the root) on the current runtime.
 * On Deno, `permissions` are the flags it runs with: give the ones the README documents,
 * so a permission the script needs but the README omits fails the test.
 */
export function scriptCommand(
  script: string,
  args: string[] = [],
  permissions: string[] = ["--allow-all"],
): [string, string[]] {
  const file = join(ROOT, script);
  return RUNTIME === "deno"
    ? [process.execPath, ["run", ...permissions, "--no-check", file, ...args]]
    : [process.execPath, [file, ...args]];
}

/** What a finished child process left behind. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Uint8Array;
  stderr: string;
  /** stdout decoded as UTF-8. */
  text: string;
}

/** Runs a command to completion (killed after `timeoutMs`), collecting its output. */
export function run(
  cmd: string,
  args: string[],
  options: { stdin?: string | Uint8Array; timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Uint8Array[] = [];
    let err = "";
    // A plain Uint8Array view of each chunk (a Buffer in node:child_process), so stdout is one too.
    child.stdout!.on("data", (c: Uint8Array) => out.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
    child.stderr!.on("data", (c: Uint8Array) => (err += new TextDecoder().decode(c)));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stdout = concat(out);
      resolve({ code, signal, stdout, stderr: err, text: new TextDecoder().decode(stdout) });
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    else child.stdin!.end();
  });
}

/** Runs one of the project's scripts on the current runtime. */
export function runScript(
  script: string,
  args: string[] = [],
  options: { stdin?: string | Uint8Array; timeoutMs?: number; env?: Record<string, string>; permissions?: string[] } =
    {},
): Promise<RunResult> {
  const [cmd, argv] = scriptCommand(script, args, options.permissions);
  return run(cmd, argv, options);
}

/** A long-running child (a server) whose output is watched until a pattern appears. */
export interface Started {
  child: ChildProcess;
  /** The first match of the pattern in stdout+stderr. */
  match: RegExpMatchArray;
  /** Everything printed so far. */
  output(): string;
  /** Waits until the output matches `pattern` (the child writes asynchronously); rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM (then SIGKILL after `graceMs`) and waits for the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** Resolves with the exit code once the child has exited and its output is closed. */
  exited: Promise<number | null>;
}

/**
 * Starts a script on the current runtime and waits until its output matches `ready`
 * (for instance the URL a server prints). Rejects after `timeoutMs` or if it exits first.
 */
export function startScript(
  script: string,
  args: string[],
  ready: RegExp,
  options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string; permissions?: string[] } = {},
): Promise<Started> {
  const [cmd, argv] = scriptCommand(script, args, options.permissions);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    let done = false;
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((r) =>
      child.on("close", (code) => {
        exitCode = code;
        r(code);
      })
    );
    const stop = async (graceMs = 5000) => {
      if (exitCode !== undefined) return exitCode;
      // process.kill, not child.kill: Deno's child_process reports any child it was asked
      // to kill as killed by that signal, hiding the exit code of a graceful shutdown.
      process.kill(child.pid!, "SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(t);
      return code;
    };
    const waitFor = async (pattern: RegExp, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = text.match(pattern);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`${script} did not print ${pattern}:\n${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const check = () => {
      const m = text.match(ready);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ child, match: m, output: () => text, stop, waitFor, exited });
      }
    };
    const onData = (c: Uint8Array) => {
      text += new TextDecoder().decode(c);
      check();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill("SIGKILL");
      reject(new Error(`${script} did not print ${ready} within ${options.timeoutMs ?? 20000} ms:\n${text}`));
    }, options.timeoutMs ?? 20_000);
    exited.then((code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before printing ${ready}:\n${text}`));
    });
  });
}
