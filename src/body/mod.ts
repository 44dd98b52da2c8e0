/**
 * http10's body layer: one reader for message bodies by their framing (Content-Length,
 * chunked, until close), with limits and one truncation error, used by the server for
 * request bodies and by the client for response bodies. It sits between the codec (which
 * decodes chunked framing from bytes) and the transport (which reads them) below, and the
 * roles above.
 *
 * @module
 */
export { BodyReader, type BodySource, type BodyStream, bodyStream } from "./body_reader.ts";
export { concat } from "./concat.ts";
export { TruncatedBodyError } from "./errors.ts";
