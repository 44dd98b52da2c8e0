/**
 * The HTTP/1.0 protocol layer, pure: bytes in, values out. No sockets, no timers.
 *
 * - Parsing: {@linkcode parseRequestHead}, {@linkcode parseResponseHead}, {@linkcode ChunkedDecoder}
 * - Framing: {@linkcode requestBodyFraming}, {@linkcode responseBodyFraming}, {@linkcode requestWantsKeepAlive}
 * - Writing: {@linkcode serializeResponseHead}, {@linkcode serializeRequestHead}, {@linkcode encodeChunk}
 * - Values: {@linkcode HeaderList}, {@linkcode STATUS_TEXT}, {@linkcode formatHttpDate}, {@linkcode parseHttpDate}
 * - Files: {@linkcode parseRange}, {@linkcode evaluatePreconditions}, {@linkcode ifRangeHolds}, {@linkcode chooseEncoding}
 * - Errors: {@linkcode HttpParseError} and one subclass per condition, codes in {@linkcode ERROR_CODES}
 *
 * @module
 */
export * from "./accept_encoding.ts";
export * from "./chunked.ts";
export * from "./conditional.ts";
export * from "./date.ts";
export * from "./errors.ts";
export * from "./framing.ts";
export * from "./header_list.ts";
export * from "./limits.ts";
export * from "./methods.ts";
export * from "./parse_request.ts";
export * from "./parse_response.ts";
export * from "./range.ts";
export * from "./serialize.ts";
export * from "./status.ts";
export * from "./version.ts";
