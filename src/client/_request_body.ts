/**
 * A request body as bytes, with the Content-Type its kind implies, as fetch does.
 *
 * HTTP/1.0 has no chunked request bodies: a body goes out with a Content-Length, so a
 * stream is read to its end first. Having the bytes also lets 307/308 redirects resend it.
 *
 * @module
 */

/** A body ready to send. */
export interface RequestBody {
  bytes: Uint8Array;
  /** The Content-Type fetch would give this kind of body, or null (bytes). */
  contentType: string | null;
}

const encoder = new TextEncoder();

/**
 * The bytes of a fetch `BodyInit`: strings as UTF-8 (`text/plain;charset=UTF-8`), byte
 * arrays and buffers as they are (not copied), and `URLSearchParams`, `FormData`, `Blob`
 * and `ReadableStream` through the runtime's own `Request`, which gives the same bytes and
 * Content-Type as its `fetch`.
 */
export async function requestBody(body: BodyInit | Uint8Array | null | undefined): Promise<RequestBody | null> {
  if (body === null || body === undefined) return null;
  if (typeof body === "string") return { bytes: encoder.encode(body), contentType: "text/plain;charset=UTF-8" };
  if (body instanceof Uint8Array) return { bytes: body, contentType: null };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body), contentType: null };
  if (ArrayBuffer.isView(body)) {
    return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType: null };
  }
  const init = { method: "POST", body: body as BodyInit, duplex: "half" } as RequestInit;
  const req = new Request("http://localhost/", init);
  // Before the body is read: Bun fills in the default Content-Type only until then.
  const contentType = req.headers.get("content-type");
  return { bytes: new Uint8Array(await req.arrayBuffer()), contentType };
}
