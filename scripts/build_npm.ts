/**
 * Builds dist/: the library's sources (mod.ts, src/ and the CLIs, tests left out) with their types
 * stripped, one .js file per .ts file, so that runtimes that refuse to run TypeScript from
 * node_modules (Deno's `npm:` imports, Node) can load the npm package. Bun loads the .ts
 * sources themselves (the "bun" export condition); the "types" condition points at them too.
 *
 *     bun scripts/build_npm.ts             # run by `npm pack` / `npm publish` (the prepack script)
 *     bun scripts/build_npm.ts --out DIR   # elsewhere (the test builds into a scratch folder)
 *
 * Only types are removed: no bundling, so each module keeps its own identity (one
 * `HttpError` class, one runtime adapter) whichever subpath a program imports it through.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Every .ts file of the library under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") ? [path] : [];
  });
}

/**
 * Points relative `.ts` specifiers at the `.js` files this build writes: static imports,
 * re-exports and `import("./x.ts")`. A specifier is only rewritten when it is quoted right
 * after `from`, `import` or `import(`, so a string that merely ends in ".ts" stays as it is.
 */
export function rewriteSpecifiers(code: string): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.ts\2/g,
    (_all, lead: string, quote: string, path: string) => `${lead}${quote}${path}.js${quote}`,
  );
}

/** The one method of Bun's transpiler this build uses. */
interface Transpiler {
  transformSync(code: string): string;
}

if (import.meta.main) {
  const i = process.argv.indexOf("--out");
  const OUT = i >= 0 && i + 1 < process.argv.length ? resolve(process.argv[i + 1]) : join(ROOT, "dist");
  // The folder is emptied first: never the repository, a folder holding it, or one of its
  // folders other than dist/ and the test's scratch folders.
  const inside = relative(ROOT, OUT);
  const holdsRoot = !relative(OUT, ROOT).startsWith("..");
  const ownFolder = inside === "dist" || /^\.build-npm-test-[^/\\]+$/.test(inside);
  if (holdsRoot || (!inside.startsWith("..") && !ownFolder)) throw new Error(`build_npm: refusing to empty ${OUT}`);
  // Bun's types are not loaded everywhere this file is checked (deno check): name what is used.
  const bun = (globalThis as unknown as { Bun: { Transpiler: new (options: object) => Transpiler } }).Bun;
  // "browser" leaves import.meta.main as it is; "node" would turn it into require.main.
  const transpiler = new bun.Transpiler({ loader: "ts", target: "browser" });
  rmSync(OUT, { recursive: true, force: true });
  const files = [
    ...["mod.ts", "serve.ts", "fetch.ts"].map((name) => join(ROOT, name)),
    ...["src", "cli"].flatMap((dir) => existsSync(join(ROOT, dir)) ? sources(join(ROOT, dir)) : []),
  ];
  for (const file of files) {
    const js = rewriteSpecifiers(transpiler.transformSync(readFileSync(file, "utf8")));
    const target = join(OUT, relative(ROOT, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  console.log(`build_npm: ${files.length} modules written to ${OUT}`);
}
