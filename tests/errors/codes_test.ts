import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ERROR_CODES_REGISTRY } from "../../src/errors/codes.ts";
import { ROOT } from "../_helpers/run_script.ts";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  );
}

const files = [...sources(join(ROOT, "src")), ...sources(join(ROOT, "cli"))].filter((f) => !f.endsWith("codes.ts"));
const text = files.map((f) => readFileSync(f, "utf8")).join("\n");

test("ERROR_CODES_REGISTRY lists every error code the code uses", () => {
  const used = new Set([...text.matchAll(/["`'](HTTP10_[A-Z0-9_]*[A-Z0-9]|EAI_[A-Z]+)["`']/g)].map((m) => m[1]));
  used.delete("HTTP10_EXAMPLE"); // the doc example's
  const missing = [...used].filter((c) => !(c in ERROR_CODES_REGISTRY));
  assert.deepEqual(missing, []);
});

test("ERROR_CODES_REGISTRY lists no code that nothing uses", () => {
  // TLS codes are built as `HTTP10_TLS_${problem}`: the problem names count as uses.
  const unused = Object.keys(ERROR_CODES_REGISTRY).filter((c) =>
    !text.includes(c) && !(c.startsWith("HTTP10_TLS_") && text.includes(`"${c.slice("HTTP10_TLS_".length)}"`))
  );
  assert.deepEqual(unused, []);
});

test("every error class in src/ descends from Http10Error (no other root)", () => {
  const wrong = sources(join(ROOT, "src")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/class (\w+) extends (Error|TypeError|RangeError)\b/g)]
      .filter(() => !file.endsWith("http10_error.ts"))
      .map((m) => `${relative(ROOT, file)}: ${m[1]} extends ${m[2]}`)
  );
  assert.deepEqual(wrong, []);
});
