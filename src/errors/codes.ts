/**
 * Every error code http10 uses, with one sentence each: the registry that `err.code` can be
 * looked up in. Codes are stable across releases; messages are not. A test keeps this table
 * and the code in step (every code thrown is here, every code here is thrown).
 *
 * The `EAI_*` codes are getaddrinfo's own (POSIX, glibc), kept as they are.
 *
 * @module
 */

/** Each code, and what it means. */
export const ERROR_CODES_REGISTRY: Readonly<Record<string, string>> = Object.freeze({
  // The codec (src/http10): a request or response that is not valid HTTP, with the status a server answers.
  HTTP10_INVALID_METHOD: "The method is empty or has a character that is not a token character (400).",
  HTTP10_INVALID_TARGET:
    "The request target is empty or has a space, a control character or a byte outside ASCII (400).",
  HTTP10_INVALID_VERSION: "The HTTP version is not HTTP/DIGIT.DIGIT (400).",
  HTTP10_VERSION_NOT_SUPPORTED: "The major version is not 1 (505).",
  HTTP10_INVALID_HEADER_NAME: "A field name is empty or has a character that is not a token character (400).",
  HTTP10_SPACE_BEFORE_COLON: "Whitespace between a field name and its colon, a request-smuggling vector (400).",
  HTTP10_OBS_FOLD: "A field line continued on the next line (obs-fold), refused where not allowed (400).",
  HTTP10_INVALID_HEADER_VALUE:
    "A field value has NUL, a bare control character or DEL (400; 500 when a handler set it).",
  HTTP10_BARE_CR: "A CR not followed by LF (400).",
  HTTP10_BARE_LF: "A LF without CR where allowBareLf is off (400).",
  HTTP10_INVALID_CONTENT_LENGTH: "A Content-Length that is not a plain decimal number (400).",
  HTTP10_CONFLICTING_CONTENT_LENGTH: "Content-Length values that disagree (400).",
  HTTP10_TE_WITH_CONTENT_LENGTH: "Transfer-Encoding and Content-Length in one request (400).",
  HTTP10_TE_ON_HTTP10: "Transfer-Encoding on an HTTP/1.0 request (400).",
  HTTP10_INVALID_TRANSFER_ENCODING: "A Transfer-Encoding that is empty, applies chunked twice or not last (400).",
  HTTP10_UNSUPPORTED_TRANSFER_ENCODING: "A transfer coding other than chunked (501).",
  HTTP10_MISSING_HOST: "An HTTP/1.1 request without Host (400).",
  HTTP10_MULTIPLE_HOST: "A request with more than one Host field (400).",
  HTTP10_INVALID_HOST: "A Host value that is not host[:port] (400).",
  HTTP10_URI_TOO_LONG: "A request line longer than maxRequestLine (414).",
  HTTP10_HEADER_TOO_LARGE: "A head (or chunked trailer section) larger than its limit (431).",
  HTTP10_TOO_MANY_HEADERS: "More field lines than maxHeaderCount (431).",
  HTTP10_BODY_TOO_LARGE: "A body larger than maxBodySize (413).",
  HTTP10_LENGTH_REQUIRED: "A body whose length is not given where it must be (411).",
  HTTP10_INVALID_STATUS_LINE: "A response status line that cannot be parsed (the client's curl exit 8).",
  HTTP10_INVALID_STATUS: "A status outside 100-599 or a reason phrase with control characters.",
  HTTP10_INVALID_CHUNK: "Chunked framing that cannot be parsed, a bare LF in it included (400).",
  // Sockets (src/transport, src/net).
  HTTP10_UNEXPECTED_EOF: "The connection ended in the middle of something (a head, a body, readFull).",
  HTTP10_LIMIT_EXCEEDED: "A read would buffer more than its byte limit.",
  HTTP10_NO_PROGRESS: "A read or write moved 0 bytes too many times in a row.",
  HTTP10_LISTENER_CLOSED: "accept() on a listener that was closed.",
  HTTP10_READER_RELEASED: "A BufReader used after release().",
  HTTP10_SOCKET_CLOSED: "A read or write on a socket closed on this side.",
  HTTP10_CONNECTION_RESET: "The peer reset the connection (ECONNRESET, EPIPE).",
  HTTP10_UNSUPPORTED_RUNTIME: "The code runs on a runtime http10 has no adapter for (Node.js): use Deno or Bun.",
  HTTP10_CONNECT_FAILED: "No address of the host could be connected to; `attempts` lists each with its cause.",
  HTTP10_CONNECT_TIMEOUT: "Connecting took longer than the connect timeout.",
  HTTP10_LISTEN_FAILED: "No address could be bound; `attempts` lists each with its cause (EADDRINUSE, ...).",
  HTTP10_TLS_UNKNOWN_ISSUER: "The server's certificate is not signed by a trusted CA (curl exit 60).",
  HTTP10_TLS_NAME_MISMATCH: "The server's certificate is for another name (curl exit 60).",
  HTTP10_TLS_EXPIRED: "The server's certificate has expired or is not valid yet (curl exit 60).",
  HTTP10_TLS_BAD_CERTIFICATE: "The server's certificate was refused for another reason (curl exit 60).",
  HTTP10_TLS_HANDSHAKE: "The TLS handshake failed for a reason other than the certificate (curl exit 35).",
  // The server (src/server).
  HTTP10_CLIENT_GONE:
    "The client closed or reset the connection before its response was done (request.signal's reason).",
  HTTP10_SERVER_CLOSED: "The server's grace period ran out before the response was done (request.signal's reason).",
  HTTP10_FILE_TRUNCATED: "A file shrank while it was being sent.",
  HTTP10_REUSE_PORT_UNAVAILABLE:
    'serve() with workers needs SO_REUSEPORT, which Deno gives only with --unstable-net (or deno.json\'s unstable: ["net"]).',
  HTTP10_WORKER_FAILED: "A worker of serve({ workers }) failed before it listened (its error is the cause).",
  // The client (src/client).
  HTTP10_TRUNCATED_BODY: "The connection closed before the response body was complete (curl exit 18).",
  HTTP10_INCOMPLETE_HEAD: "The connection closed before the response head was complete (curl exit 52 or 8).",
  HTTP10_TOO_MANY_REDIRECTS: "More redirects than maxRedirects (curl exit 47).",
  HTTP10_REDIRECT_NOT_ALLOWED: 'A redirect with redirect: "error", or one fetch does not follow.',
  HTTP10_TIMEOUT: "The request took longer than its timeout (curl exit 28).",
  HTTP10_UNSUPPORTED_SCHEME: "A URL scheme other than http: and https:.",
  HTTP10_INVALID_URL: "A URL that cannot be parsed, or a relative one where an absolute one is needed (curl exit 3).",
  HTTP10_UNSUPPORTED_STATUS: "A status a fetch Response cannot carry (outside 200-599): use request().",
  HTTP10_BAD_CONTENT_ENCODING: "A gzip, deflate or br body that does not decode (curl exit 61).",
  // Anyone's: what the caller passed in.
  HTTP10_INVALID_OPTIONS: "Options that fail validation; the message names each one.",
  HTTP10_INVALID_ARGUMENT: "An argument a function cannot work with; the message says which and why.",
  // The DNS message codec and the stub resolver (src/resolve).
  HTTP10_DNS_TRUNCATED: "A DNS message ends inside a field, or a count or length claims more than is there.",
  HTTP10_DNS_POINTER_LOOP: "A DNS name's compression pointers lead back to one already followed.",
  HTTP10_DNS_NAME_TOO_LONG: "A DNS name longer than 255 bytes.",
  HTTP10_DNS_BAD_LABEL: "A DNS label that starts with the reserved bits 01 or 10, or is longer than 63 bytes.",
  HTTP10_DNS_BAD_RDATA: "A resource record whose data does not match its type (an A record not 4 bytes, ...).",
  HTTP10_DNS_BAD_MESSAGE:
    "A DNS message that cannot be read for another reason (bytes after its end, two OPT records).",
  HTTP10_DNS_CANNOT_ENCODE: "A DNS message that cannot be written (a name or field out of range).",
  HTTP10_DNS_BAD_SERVERS: "A name server list (curl's --dns-servers syntax) that cannot be read.",
  // getaddrinfo (src/resolve), as glibc names them.
  EAI_ADDRFAMILY: "The host has no address in the requested family.",
  EAI_AGAIN: "A temporary failure in name resolution (a server did not answer, or answered SERVFAIL).",
  EAI_BADFLAGS: "Invalid hints.",
  EAI_FAIL: "A permanent failure in name resolution.",
  EAI_FAMILY: "The address family is not supported.",
  EAI_NONAME: "The name or service is not known (NXDOMAIN).",
  EAI_SERVICE: "The service is not known for the socket type.",
  EAI_SOCKTYPE: "The socket type is not supported.",
});
