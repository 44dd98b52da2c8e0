#!/usr/bin/env node
// Runs Deno with the given arguments: what the deno.json tasks call instead of `deno` itself.
//
//   node scripts/deno.mjs run --allow-net --allow-read serve.ts --port 8080
//
// Inside `deno task`, the word `deno` is taken by the npm package of that name (a
// devDependency, so that `npm install-test` works with only Node and npm): Deno runs that
// package's launcher, which fails where npm never installed it. The word `node` is safe:
// it is Node when Node is installed, and Deno itself when it is not. So the tasks run this
// file, which starts the Deno that runs it (under Deno), else the one npm installed, else
// the one on PATH.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const local = join(root, "node_modules", ".bin", "deno");
const deno = globalThis.Deno?.execPath?.() ?? (existsSync(local) ? local : "deno");

const child = spawn(deno, process.argv.slice(2), { stdio: "inherit" });
// Ctrl-C reaches the child too (same process group): let it decide when to stop, and pass
// a SIGTERM sent to this process on to it.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("error", (err) => {
  console.error(`scripts/deno.mjs: cannot start ${deno}: ${err.message}`);
  process.exit(127);
});
child.on("close", (code, signal) => {
  process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1));
});
