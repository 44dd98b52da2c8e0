/**
 * http10: a minimal HTTP/1.0 server and client for Deno and Bun, built from the socket up.
 *
 * This module is the stable, runtime-neutral API, named one by one. Each layer is also
 * importable on its own, with more of its parts, for people who build on one layer:
 * `./src/http10/mod.ts` (`@http10/http10/http10`), `./src/transport/mod.ts`, `./src/net/mod.ts`,
 * `./src/resolve/mod.ts`, `./src/body/mod.ts`, `./src/server/mod.ts`, `./src/client/mod.ts`,
 * `./src/errors/mod.ts`.
 *
 * - server: {@linkcode serve}, {@linkcode Router}, {@linkcode serveDir}
 * - client: {@linkcode fetch}, {@linkcode request}, {@linkcode Client}, {@linkcode Agent}
 * - net: {@linkcode listen}, {@linkcode dial}, {@linkcode dialHost}
 * - transport: {@linkcode BufReader}, {@linkcode writeAll}
 * - resolve: {@linkcode getaddrinfo}, {@linkcode getnameinfo}, {@linkcode inetPton}, {@linkcode inetNtop},
 *   {@linkcode queryDns} and the DNS message codec ({@linkcode decodeMessage}, {@linkcode encodeMessage})
 * - http10 (the codec): {@linkcode parseRequestHead}, {@linkcode parseResponseHead},
 *   {@linkcode serializeResponseHead}, {@linkcode HeaderList}, and the typed errors
 * - errors: {@linkcode Http10Error}, the root of every error, and {@linkcode ERROR_CODES_REGISTRY}
 *
 * @example
 * ```ts
 * import { fetch, serve } from "./mod.ts";
 *
 * const server = await serve((req) => new Response(`Hello from ${new URL(req.url).pathname}\n`), {
 *   port: 0,
 *   hostname: "127.0.0.1",
 * });
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/there`);
 * console.log(res.status, await res.text()); // 200 "Hello from /there\n"
 * await server.shutdown();
 * ```
 *
 * @module
 */

// The server: serve() and what it returns and takes; routing; static files; why a request's signal aborts.
export { type Handler, serve, type ServeHandlerInfo, type ServeOptions, type Server } from "./src/server/serve.ts";
export { InvalidOptionsError } from "./src/errors/invalid_options.ts";
export { type RouteContext, type RouteHandler, Router } from "./src/server/router.ts";
export { FileTruncatedError, serveDir, type ServeDirOptions } from "./src/server/static.ts";
export { contentType } from "./src/server/mime.ts";
export {
  ClientGoneError,
  ReusePortUnavailableError,
  ServerClosedError,
  WorkerFailedError,
} from "./src/server/errors.ts";
export { isWorker, workerId } from "./src/server/worker.ts";

// The client: fetch-compatible and raw requests, the client and its pool, its errors.
export { fetch } from "./src/client/fetch.ts";
export { request } from "./src/client/request.ts";
export { Client, type ClientRequestInit } from "./src/client/client.ts";
export { ClientResponse } from "./src/client/client_response.ts";
export { Agent, type AgentOptions } from "./src/client/agent.ts";
export { type ClientOptions, type ClientTlsOptions } from "./src/client/options.ts";
export {
  BadContentEncodingError,
  IncompleteHeadError,
  InvalidClientOptionsError,
  InvalidUrlError,
  RedirectNotAllowedError,
  TimeoutError,
  TooManyRedirectsError,
  UnsupportedSchemeError,
  UnsupportedStatusError,
} from "./src/client/errors.ts";
export { TruncatedBodyError } from "./src/body/errors.ts";

// Connections by name: every address tried, like open_clientfd and open_listenfd.
export { dial, dialHost, type DialOptions } from "./src/net/dial.ts";
export { listen, type ListenHostOptions } from "./src/net/listen.ts";

// Bytes over sockets: the contract, the read and write loops, the transport's errors.
export type { Conn, Listener, NetAddr } from "./src/transport/types.ts";
export { BufReader } from "./src/transport/buf_reader.ts";
export { writeAll } from "./src/transport/write_all.ts";
export { formatHostPort } from "./src/transport/host_port.ts";
export {
  ConnectError,
  ConnectionResetError,
  ConnectTimeoutError,
  LimitExceededError,
  ListenError,
  SocketClosedError,
  TlsCertificateError,
  TlsError,
  TlsHandshakeError,
  TransportError,
  UnexpectedEofError,
  UnsupportedRuntimeError,
} from "./src/transport/errors.ts";

// Names: getaddrinfo and friends.
export type { AddrInfo, AddrInfoHints } from "./src/resolve/types.ts";
export { getaddrinfo } from "./src/resolve/getaddrinfo.ts";
export { getnameinfo } from "./src/resolve/getnameinfo.ts";
export { GaiError, gaiStrerror } from "./src/resolve/gai_error.ts";
export { inetPton } from "./src/resolve/inet_pton.ts";
export { inetNtop } from "./src/resolve/inet_ntop.ts";
export { type DnsAnswer, type DnsOptions, queryDns } from "./src/resolve/dns_query.ts";
export { type DnsServer, formatDnsServer, InvalidDnsServersError, parseDnsServers } from "./src/resolve/dns_servers.ts";
export { decodeMessage, encodeMessage } from "./src/resolve/dns/message.ts";
export type { DnsMessage, DnsQuestion, DnsRecord } from "./src/resolve/dns/types.ts";
export { DnsMessageError } from "./src/resolve/dns/errors.ts";

// The codec, pure: parsers, serializers, the header list, framing rules, the protocol errors.
export { parseRequestHead, type RequestHead } from "./src/http10/parse_request.ts";
export { parseResponseHead, type ResponseHead } from "./src/http10/parse_response.ts";
export { serializeRequestHead, serializeResponseHead } from "./src/http10/serialize.ts";
export { HeaderList } from "./src/http10/header_list.ts";
export { ChunkedDecoder, encodeChunk } from "./src/http10/chunked.ts";
export {
  type BodyFraming,
  requestBodyFraming,
  requestWantsKeepAlive,
  responseBodyFraming,
} from "./src/http10/framing.ts";
export { STATUS_TEXT, statusText } from "./src/http10/status.ts";
export { formatHttpDate, parseHttpDate } from "./src/http10/date.ts";
export { HTTP_1_0, HTTP_1_1, type HttpVersion } from "./src/http10/version.ts";
export { DEFAULT_LIMITS, type Limits } from "./src/http10/limits.ts";
export { ERROR_CODES, HttpParseError } from "./src/http10/errors.ts";

// The root of every error, and every code with a sentence.
export { hasErrorCode, Http10Error } from "./src/errors/http10_error.ts";
export { InvalidArgumentError } from "./src/errors/invalid_options.ts";
export { ERROR_CODES_REGISTRY } from "./src/errors/codes.ts";
