// The public face of src/http10, and the rule that keeps it pure: no imports from outside
// the folder, no sockets, no timers, no runtime globals.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as http10 from "../../src/http10/mod.ts";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "http10");

test("mod.ts exports the codec API by its agreed names", () => {
  const names = [
    "parseRequestHead",
    "parseResponseHead",
    "ChunkedDecoder",
    "encodeChunk",
    "LAST_CHUNK",
    "serializeResponseHead",
    "serializeRequestHead",
    "requestBodyFraming",
    "responseBodyFraming",
    "requestWantsKeepAlive",
    "connectionHasToken",
    "HeaderList",
    "STATUS_TEXT",
    "statusText",
    "formatHttpDate",
    "parseHttpDate",
    "DEFAULT_LIMITS",
    "ERROR_CODES",
    "Http10Error",
    "HttpParseError",
    "HeaderTooLargeError",
    "InvalidChunkError",
  ];
  for (const name of names) assert.ok(name in http10, `${name} is exported`);
});

test("mod.ts does not export private helpers", () => {
  for (const name of ["scanFields", "lineEnding", "decodeLatin1", "isValidHost", "TCHAR"]) {
    assert.ok(!(name in http10), `${name} stays private`);
  }
});

test("DEFAULT_LIMITS has the documented values and cannot be modified", () => {
  assert.deepEqual({ ...http10.DEFAULT_LIMITS }, {
    maxRequestLine: 8192,
    maxHeadSize: 16384,
    maxHeaderCount: 100,
    maxBodySize: 16 * 1024 * 1024,
  });
  assert.ok(Object.isFrozen(http10.DEFAULT_LIMITS));
});

const sources = readdirSync(SRC).filter((f) => f.endsWith(".ts"));

for (const file of sources) {
  test(`src/http10/${file} imports only files of its own folder and the error root`, () => {
    const code = readFileSync(join(SRC, file), "utf8");
    const specifiers = [...code.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
    for (const s of specifiers) {
      assert.match(s, /^\.\/[a-z_]+\.ts$|^\.\.\/errors\/[a-z_0-9]+\.ts$/, `${file} imports ${s}`);
    }
  });

  test(`src/http10/${file} uses no sockets, timers or runtime globals`, () => {
    const code = readFileSync(join(SRC, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (
      const banned of [
        /\bDeno\./,
        /\bBun\./,
        /\bprocess\./,
        /\bsetTimeout\b/,
        /\bsetInterval\b/,
        /\bfetch\(/,
        /\brequire\(/,
      ]
    ) {
      assert.doesNotMatch(code, banned, `${file} uses ${banned}`);
    }
  });
}

test("every src/http10 file but the private helpers is exported from mod.ts", () => {
  const mod = readFileSync(join(SRC, "mod.ts"), "utf8");
  for (const file of sources) {
    if (file.startsWith("_") || file === "mod.ts") continue;
    assert.ok(mod.includes(`export * from "./${file}";`), `${file} in mod.ts`);
  }
});
