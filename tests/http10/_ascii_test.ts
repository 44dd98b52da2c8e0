import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeLatin1 } from "../../src/http10/_ascii.ts";
import { runScript } from "../_helpers/run_script.ts";

test("decodeLatin1() maps every byte to the char with its code, 0x80-0x9F included", () => {
  const bytes = Uint8Array.from({ length: 258 }, (_, i) => (i + 255) & 0xff); // 0xFF, 0x00 ... 0xFF, 0x00
  const text = decodeLatin1(bytes, 1, 257, false);
  assert.equal(text.length, 256);
  for (let c = 0; c < 256; c++) assert.equal(text.charCodeAt(c), c, `byte 0x${c.toString(16)}`);
});

test("decodeLatin1() decodes only the range it is given, of a view into a larger buffer", () => {
  const backing = new TextEncoder().encode("xxGET / HTTP/1.0yy");
  const view = backing.subarray(2, 16);
  assert.equal(decodeLatin1(view, 0, view.length, true), "GET / HTTP/1.0");
  assert.equal(decodeLatin1(view, 4, 5, true), "/");
  assert.equal(decodeLatin1(view, 3, 3, true), "");
});

test("decodeLatin1() decodes the same where no Buffer global exists (its fallback path)", async () => {
  const result = await runScript("tests/_fixtures/http10/latin1_without_buffer.ts");
  assert.equal(result.code, 0, result.stderr);
  const { buffer, codes, ascii } = JSON.parse(result.text);
  assert.equal(buffer, "undefined");
  assert.deepEqual(codes, Array.from({ length: 256 }, (_, i) => i));
  assert.equal(ascii, "/");
});
