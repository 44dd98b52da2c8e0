/**
 * The architecture of DESIGN.md, enforced: dependencies point down only, the codec is
 * pure, and runtime globals live in the two adapter files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "./_helpers/run_script.ts";

const SRC = join(ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  );
}

/** Every import specifier of a file: static imports, re-exports and dynamic imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)) specs.push(m[1]);
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** The src/ folder a relative import lands in, or the bare specifier. */
function target(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  return relative(SRC, resolve(dirname(file), spec)).split("/")[0];
}

const ALLOWED: Record<string, string[]> = {
  // The root of every error: below everything, importing nothing.
  errors: ["errors"],
  http10: ["http10", "errors"],
  transport: ["transport", "errors"],
  // The resolver may use the transport's sockets (DNS over UDP and TCP)...
  resolve: ["resolve", "transport", "errors"],
  // ...because names meet sockets one layer up: dial() and listen() take host names.
  net: ["net", "resolve", "transport", "errors"],
  // The one body reader: framing from the codec, bytes from the transport, for both roles.
  body: ["body", "http10", "transport", "errors"],
  server: ["server", "body", "http10", "net", "transport", "resolve", "errors"],
  client: ["client", "body", "http10", "net", "transport", "resolve", "errors"],
};

test("each layer imports only the layers below it", () => {
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const layer = relative(SRC, file).split("/")[0];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith(".")) continue;
      const to = target(file, spec);
      if (!ALLOWED[layer]?.includes(to)) wrong.push(`${relative(ROOT, file)} imports ${spec} (${layer} → ${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("the codec is pure: src/http10 imports no module from outside itself", () => {
  const wrong = sources(join(SRC, "http10")).flatMap((file) =>
    importsOf(file).filter((s) => !s.startsWith(".")).map((s) => `${relative(ROOT, file)} imports ${s}`)
  );
  assert.deepEqual(wrong, []);
});

test("the DNS codec is pure: src/resolve/dns and what it imports use no module, I/O or runtime global", () => {
  const wrong: string[] = [];
  const seen = new Set<string>();
  const queue = sources(join(SRC, "resolve", "dns"));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = relative(ROOT, file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith(".")) wrong.push(`${rel} imports ${spec}`);
      else if (target(file, spec) === "errors") continue; // the error root, pure itself
      else if (target(file, spec) !== "resolve") wrong.push(`${rel} imports ${spec} from outside src/resolve`);
      else queue.push(resolve(dirname(file), spec));
    }
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const globals = code.match(/\b(Deno|Bun|process|crypto|fetch|setTimeout|setInterval|require)\b|\bimport\(/g);
    if (globals) wrong.push(`${rel} uses ${[...new Set(globals)].join(", ")}`);
  }
  assert.ok(seen.size >= 4, "the codec's files were found");
  assert.deepEqual(wrong, []);
});

test("only the adapters touch Deno's and Bun's socket globals", () => {
  // file_deno.ts reads files with Deno's own handles (Deno.open), faster than node:fs there.
  // bun.ts is split by concern into _bun_api.ts, _bun_conn.ts, _bun_listener.ts, _bun_udp.ts.
  const adapters = new Set([
    "src/transport/deno.ts",
    "src/transport/bun.ts",
    "src/transport/_bun_api.ts",
    "src/transport/_bun_conn.ts",
    "src/transport/_bun_listener.ts",
    "src/transport/_bun_udp.ts",
    // Worker threads (serve()'s workers): one file per runtime, beside its adapter.
    "src/transport/_bun_worker.ts",
    "src/transport/_deno_worker.ts",
    "src/transport/runtime.ts",
    "src/transport/file_deno.ts",
  ]);
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const rel = relative(ROOT, file);
    if (adapters.has(rel)) continue;
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    if (/\bDeno\.\w|\bBun\.\w|\.Bun\b/.test(code)) wrong.push(rel);
  }
  assert.deepEqual(wrong, []);
});
