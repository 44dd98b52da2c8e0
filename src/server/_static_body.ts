/**
 * A fast path for the most common response: a body given as a string or bytes.
 *
 * The standard way to read any `Response` body is its `ReadableStream`, and on Deno that
 * costs about 2 µs per response (the stream, its controller and two reads), more than
 * parsing the request. Deno's own `Deno.serve` skips the stream for a body that was given
 * as a string or a `Uint8Array`, by reading it from the `Response`'s internal slots. This
 * module does the same, the way Hono's Node adapter reads undici's internals: it looks,
 * and falls back to the stream whenever it cannot be sure.
 *
 * `staticBody()` returns the body's source when the response holds one that nobody has
 * read or turned into a stream, and `undefined` otherwise (then the caller reads the
 * stream). Whether the runtime's slots look as expected is checked once, at load, against
 * responses whose bodies are known; on any surprise (another runtime, another version) the
 * fast path stays off. Bun keeps its `Response` internals out of reach, so there it is off.
 *
 * @module
 */

/** How to find the body source in one runtime's `Response`. */
interface Slots {
  /** Deno ≥ 2.4: a string body not yet made into a stream (`null` otherwise). */
  lazy: symbol | undefined;
  /** The inner response, whose `body.streamOrStatic` is `{ body, consumed }` or a stream. */
  inner: symbol;
}

function findSymbol(object: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(object).find((s) => s.description === description);
}

function read(slots: Slots, response: Response): string | Uint8Array | undefined {
  // deno-lint-ignore no-explicit-any
  const r = response as any;
  if (slots.lazy !== undefined) {
    const lazy = r[slots.lazy];
    if (typeof lazy === "string") return lazy;
  }
  const source = r[slots.inner]?.body?.streamOrStatic;
  if (source === undefined || source === null || source.consumed !== false) return undefined;
  const body = source.body;
  return typeof body === "string" || body instanceof Uint8Array ? body : undefined;
}

/** The slots, if this runtime's responses have them and they hold what we expect. */
function probe(): Slots | undefined {
  try {
    const sample = new Response("");
    const inner = findSymbol(sample, "response");
    if (inner === undefined) return undefined;
    const slots: Slots = { inner, lazy: findSymbol(sample, "lazy static body") };
    const bytes = new Uint8Array([1, 2, 3]);
    const used = new Response("used", { headers: { "x-probe": "1" } });
    void used.text();
    const touched = new Response("touched");
    void touched.body;
    const ok = read(slots, new Response("plain")) === "plain" &&
      read(slots, new Response("headers", { status: 404, headers: { "x-probe": "1" } })) === "headers" &&
      (read(slots, new Response(bytes)) as Uint8Array | undefined)?.length === 3 &&
      read(slots, new Response(new ReadableStream())) === undefined &&
      read(slots, new Response(null)) === undefined &&
      read(slots, used) === undefined &&
      read(slots, touched) === undefined;
    return ok ? slots : undefined;
  } catch {
    return undefined;
  }
}

const SLOTS = probe();

/** True when this runtime lets `staticBody()` see bodies (Deno today); false means it never will. */
export const hasStaticBodies: boolean = SLOTS !== undefined;

/**
 * The body of `response` as given to its constructor, when it was a string or bytes and is
 * still unread; `undefined` when it is a stream, was read, or this runtime does not say.
 * The caller must not modify returned bytes.
 */
export function staticBody(response: Response): string | Uint8Array | undefined {
  return SLOTS === undefined ? undefined : read(SLOTS, response);
}
