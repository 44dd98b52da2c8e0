// Loads the codec's latin1 decoder where no Buffer global exists (as on a runtime without
// Node's built-ins), so its fallback path is the one taken, and prints what it decodes:
// the char codes of all 256 bytes, and of an ASCII range of a view into a larger buffer.
delete (globalThis as { Buffer?: unknown }).Buffer;
const { decodeLatin1 } = await import("../../../src/http10/_ascii.ts");
const all = Uint8Array.from({ length: 256 }, (_, i) => i);
const codes = Array.from(decodeLatin1(all, 0, 256, false), (c) => c.charCodeAt(0));
const view = new TextEncoder().encode("xxGET / HTTP/1.0yy").subarray(2, 16);
console.log(
  JSON.stringify({
    buffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
    codes,
    ascii: decodeLatin1(view, 4, 5, true),
  }),
);
