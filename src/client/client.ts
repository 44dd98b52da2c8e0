/**
 * The HTTP/1.0 client: `Client`, with `request()` (the response as received) and a
 * fetch-compatible `fetch()`, over `dial()` and the codec.
 *
 * @module
 */
import { BodyTooLargeError } from "../http10/errors.ts";
import { type BodyFraming, connectionHasToken, parseContentLength, responseBodyFraming } from "../http10/framing.ts";
import { HeaderList } from "../http10/header_list.ts";
import type { ResponseHead, ResponseParseOptions } from "../http10/parse_response.ts";
import { serializeRequestHead } from "../http10/serialize.ts";
import { GaiError } from "../resolve/gai_error.ts";
import { getaddrinfo } from "../resolve/getaddrinfo.ts";
import { ipFamily } from "../resolve/ip_family.ts";
import type { AddrInfo } from "../resolve/types.ts";
import { BufReader, type BufReaderOptions } from "../transport/buf_reader.ts";
import { BufferPool } from "../transport/buffer_pool.ts";
import { dial, dialHost } from "../net/dial.ts";
import { ConnectionResetError } from "../transport/errors.ts";
import type { Conn } from "../transport/types.ts";
import { writeAll } from "../transport/write_all.ts";
import { BodyReader } from "../body/body_reader.ts";
import { concat } from "../body/concat.ts";
import { acceptEncoding } from "./content_decoding.ts";
import { Deadline } from "./_deadline.ts";
import { readResponseHead } from "./_read_head.ts";
import { isRedirect, redirectRequest } from "./_redirect.ts";
import { type RequestBody, requestBody } from "./_request_body.ts";
import { httpUrl, originForm, Target } from "./_url.ts";
import { ClientResponse } from "./client_response.ts";
import { IncompleteHeadError, RedirectNotAllowedError, TooManyRedirectsError } from "./errors.ts";
import { type ClientOptions, resolveClientOptions, type ResolvedClientOptions } from "./options.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";
import { methodCarriesBody, NORMALIZED_METHODS } from "../http10/methods.ts";

/** What one request sends: fetch's `RequestInit`, reduced to what HTTP/1.0 can say. */
export interface ClientRequestInit {
  /** The method; fetch's standard methods are upper-cased ("get" → "GET"). Default "GET". */
  method?: string;
  /** Request headers. Host, Connection and Content-Length are the client's to set. */
  headers?: HeadersInit | HeaderList;
  /** The body, sent with a Content-Length (a stream is read to its end first). */
  body?: BodyInit | Uint8Array | null;
  /** Aborting it stops the request, and the body stream, with `signal.reason`. */
  signal?: AbortSignal | null;
  /** "follow" (default) redirects, return them as they are ("manual"), or reject ("error"). */
  redirect?: "follow" | "manual" | "error";
  /**
   * Send the same method after every redirect, as curl does for `-X` with `-L`; the body
   * still goes or stays by fetch's rules (dropped on 301, 302 and 303). Default false.
   */
  keepMethod?: boolean;
}

// Methods that may be sent twice (RFC 9110 §9.2.2): retried once if a pooled connection had gone stale.
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
// A head and a body up to this size go out in one write.
const ONE_WRITE = 16384;
// Redirect bodies up to this size are read off, so the connection can be reused; larger ones close it.
const DRAIN_LIMIT = 65536;
const REDIRECT_MODES = new Set(["follow", "manual", "error"]);
// The options of a request given none (never changed: read only).
const NO_INIT: ClientRequestInit = Object.freeze({});
// The headers of a request given none: only ever read (a redirect makes a new list).
const NO_HEADERS = new HeaderList();
// Parsed request URLs kept per client, by their text; the cache is emptied when it gets this big.
const MAX_TARGETS = 256;

// One pool of read buffers for every client.
const pool = new BufferPool();

/** A response on its way; when the request has a signal, a promise settled once its body is done with. */
interface Sent {
  response: ClientResponse;
  settled: Promise<void> | undefined;
}

/** A failure on a reused connection before any response byte: the server had closed it. */
class StaleConnection {
  constructor(readonly error: unknown) {}
}

/**
 * An HTTP/1.0 client with its options (validated once, here). Every request sends an
 * HTTP/1.0 request line, a Host, and `Connection: close` — or `Connection: keep-alive`
 * when the client has an {@linkcode Agent}.
 *
 * @example
 * ```ts
 * const client = new Client({ timeout: 10_000, maxRedirects: 5 });
 * const res = await client.request("http://127.0.0.1:8000/index.html");
 * console.log(res.status, await res.text());
 *
 * const standard = await client.fetch("http://127.0.0.1:8000/data.json");
 * console.log(await standard.json());
 * ```
 */
export class Client {
  readonly #o: ResolvedClientOptions;
  readonly #targets = new Map<string, Target>();
  // Made once, not per request.
  readonly #limits: Required<ResponseParseOptions>;
  readonly #readerOptions: BufReaderOptions;

  /** Creates a client; throws `InvalidClientOptionsError` naming each bad option. */
  constructor(options: ClientOptions = {}) {
    const o = this.#o = resolveClientOptions(options);
    this.#limits = { maxHeadSize: o.maxHeadSize, maxHeaderCount: o.maxHeaderCount };
    this.#readerOptions = { pool, maxSize: Math.max(65536, o.maxHeadSize + 1) };
  }

  /**
   * Sends a request and resolves once the final response head has arrived, following
   * redirects unless told not to. The body streams as you read it.
   *
   * Rejects with `InvalidUrlError`, `UnsupportedSchemeError`, `GaiError`, `ConnectError`,
   * `ConnectTimeoutError`, `TimeoutError`, `IncompleteHeadError`, `InvalidStatusLineError`
   * and the codec's other parse errors, `HeaderTooLargeError`, `BodyTooLargeError` (a
   * Content-Length over the limit), `TooManyRedirectsError`, `RedirectNotAllowedError`,
   * or `signal.reason`. The body stream fails with `TruncatedBodyError`,
   * `BodyTooLargeError`, `InvalidChunkError`, `TimeoutError` or `signal.reason`.
   *
   * @example
   * ```ts
   * import { Client } from "./client.ts";
   *
   * const client = new Client();
   * const res = await client.request("http://127.0.0.1:8000/form", {
   *   method: "POST",
   *   body: new URLSearchParams({ q: "http" }),
   * });
   * ```
   */
  request(input: string | URL, init: ClientRequestInit = NO_INIT): Promise<ClientResponse> {
    return this.#request(input, init, false);
  }

  /** `request()`; with `offerCodings`, the head also offers the codings `fetch()` decodes. */
  async #request(input: string | URL, init: ClientRequestInit, offerCodings: boolean): Promise<ClientResponse> {
    let target = this.#target(input);
    let method = init.method ?? "GET";
    const upper = method.toUpperCase();
    if (NORMALIZED_METHODS.has(upper)) method = upper;
    const mode = init.redirect ?? "follow";
    if (!REDIRECT_MODES.has(mode)) {
      throw new InvalidArgumentError(`redirect must be "follow", "manual" or "error": ${mode}`);
    }
    // The caller's headers, copied (so that a redirect's changes stay ours); none: the one empty list.
    let headers = init.headers === undefined
      ? NO_HEADERS
      : new HeaderList(init.headers as Iterable<[string, string]> | Record<string, string>);
    // No promise to wait for when there is no body (most requests).
    let body = init.body === undefined || init.body === null ? null : await requestBody(init.body);

    const deadline = new Deadline(init.signal, this.#o.timeout);
    try {
      for (let redirects = 0;; redirects++) {
        const { response, settled } = await this.#send(
          target,
          method,
          headers,
          body,
          deadline,
          redirects > 0,
          offerCodings,
        );
        const location = isRedirect(response.status) ? response.headers.getAll("location")[0] : undefined;
        if (location === undefined || mode === "manual") {
          if (settled === undefined) deadline.dispose();
          else settled.then(() => deadline.dispose());
          return response;
        }
        if (mode === "error") {
          await response.cancel();
          throw new RedirectNotAllowedError(response.status, location);
        }
        if (redirects >= this.#o.maxRedirects) {
          await response.cancel();
          throw new TooManyRedirectsError(this.#o.maxRedirects, target.url.href);
        }
        let next: URL;
        try {
          next = httpUrl(location, target.url);
        } catch (err) {
          await response.cancel();
          throw err;
        }
        await (this.#o.agent === undefined ? response.cancel() : drain(response));
        const asked = method;
        ({ method, body, headers } = redirectRequest(response.status, method, body, headers, target.url, next));
        if (init.keepMethod === true) method = asked;
        target = new Target(next);
      }
    } catch (err) {
      deadline.dispose();
      throw err;
    }
  }

  /**
   * The Fetch standard's `fetch()` over this client: resolves to a standard `Response`
   * whose body streams from the connection, with `url` and `redirected` set.
   *
   * Like a browser's fetch it sends `Accept-Encoding: gzip, deflate` (and `br` where the
   * runtime decodes it) unless the request or the client sets one, and decodes the body;
   * a body that does not decode fails with `BadContentEncodingError`. `request()` does neither.
   *
   * Differences from a browser's fetch: errors are the typed errors `request()` gives (not
   * a bare `TypeError`), so that callers can switch on `code`; only `http:` and `https:` URLs; a 101
   * response rejects with `UnsupportedStatusError`; `RequestInit` fields other than
   * method, headers, body, signal and redirect are ignored.
   *
   * @example
   * ```ts
   * import { Client } from "./client.ts";
   *
   * const client = new Client();
   * const res = await client.fetch("http://127.0.0.1:8000/", { signal: AbortSignal.timeout(5000) });
   * ```
   */
  async fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    let url: string | URL;
    let req: ClientRequestInit;
    if (input instanceof Request) {
      url = input.url;
      req = {
        method: init.method ?? input.method,
        headers: init.headers ?? input.headers,
        body: init.body !== undefined ? init.body : input.body === null ? null : await input.arrayBuffer(),
        signal: init.signal !== undefined ? init.signal : input.signal,
        redirect: init.redirect ?? input.redirect,
      };
    } else {
      url = input;
      req = init as ClientRequestInit;
    }
    // Offer the codings we can decode (unless the caller or the client's defaults chose), and decode.
    const offer = !this.#o.headers.some(([name]) => name.toLowerCase() === "accept-encoding");
    const response = await this.#request(url, req, offer);
    return response.toResponse({ decode: true });
  }

  /** The parsed URL and what goes with it: from the cache for a URL given as text. */
  #target(input: string | URL): Target {
    if (typeof input !== "string") return new Target(httpUrl(input));
    let target = this.#targets.get(input);
    if (target === undefined) {
      target = new Target(httpUrl(input));
      if (this.#targets.size >= MAX_TARGETS) this.#targets.clear();
      this.#targets.set(input, target);
    }
    return target;
  }

  /** One request and its response on one connection, pooled or new. */
  async #send(
    target: Target,
    method: string,
    headers: HeaderList,
    body: RequestBody | null,
    deadline: Deadline,
    redirected: boolean,
    offerCodings: boolean,
  ): Promise<Sent> {
    const { url, poolKey: key } = target;
    let head: Uint8Array;
    if (headers.size === 0 && body === null && NORMALIZED_METHODS.has(method)) {
      // The same head every time: serialized once per URL, method, and whether codings are offered.
      const cacheKey = offerCodings ? `${method} +codings` : method;
      head = target.heads.get(cacheKey) ?? this.#requestHead(url, method, headers, body, offerCodings);
      target.heads.set(cacheKey, head);
    } else {
      head = this.#requestHead(url, method, headers, body, offerCodings);
    }
    for (;;) {
      const pooled = this.#o.agent?.take(key);
      const conn = pooled ?? await this.#connect(target, deadline.signal);
      this.#o.onConnect?.({ url, conn, reused: pooled !== undefined });
      try {
        return await this.#exchange(conn, pooled !== undefined, key, url, method, head, body, deadline, redirected);
      } catch (err) {
        if (!(err instanceof StaleConnection)) throw err;
        if (!IDEMPOTENT.has(method)) throw err.error;
        // The server closed the idle connection before our request reached it: try another.
      }
    }
  }

  /** Resolves the host (or takes its fixed addresses) and connects to the first that accepts. */
  #connect(target: Target, signal: AbortSignal | undefined): Promise<Conn> {
    const { host, port } = target;
    // https: TLS verified for the URL's host name (SNI), whichever address answers.
    const tls = target.secure ? { ...this.#o.tls, serverName: host } : undefined;
    const options = { ...this.#o.dial, timeout: this.#o.connectTimeout, signal, host, tls };
    // A numeric host's addresses never change: looked up once per URL.
    if (target.numericAddrs !== undefined) return dial(target.numericAddrs, options);
    const fixed = this.#o.resolve.get(target.key);
    if (fixed === undefined) {
      if (ipFamily(host) === 0) return dialHost(host, port, { ...options, hints: this.#o.hints });
      return getaddrinfo(host, port, { socktype: "stream", ...this.#o.hints }).then((addrs) => {
        target.numericAddrs = addrs;
        return dial(addrs, options);
      });
    }
    const family = this.#o.hints.family ?? 0;
    const addrs: AddrInfo[] = [];
    for (const a of fixed) {
      if (family === 0 || a.family === family) {
        addrs.push({ family: a.family, address: a.address, port, socktype: "stream", protocol: "tcp" });
      }
    }
    if (addrs.length === 0) {
      return Promise.reject(new GaiError("EAI_ADDRFAMILY", { host, service: port, detail: "from resolve" }));
    }
    return dial(addrs, options);
  }

  /** The request head: Host first, then the defaults, the caller's headers, and framing. */
  #requestHead(
    url: URL,
    method: string,
    headers: HeaderList,
    body: RequestBody | null,
    offerCodings: boolean,
  ): Uint8Array {
    const out = new HeaderList();
    out.append("Host", headers.get("host") ?? url.host);
    for (const [name, value] of this.#o.headers) if (!headers.has(name)) out.append(name, value);
    if (offerCodings && !headers.has("accept-encoding")) out.append("Accept-Encoding", acceptEncoding());
    if ((url.username !== "" || url.password !== "") && !headers.has("authorization")) {
      out.append("Authorization", basicAuth(url));
    }
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      if (lower === "host" || lower === "connection" || lower === "content-length") continue;
      if (lower === "transfer-encoding" || lower === "keep-alive") continue;
      out.append(name, value);
    }
    if (body !== null && body.contentType !== null && !headers.has("content-type")) {
      out.append("Content-Type", body.contentType);
    }
    if (body !== null || methodCarriesBody(method)) out.append("Content-Length", String(body?.bytes.length ?? 0));
    out.append("Connection", this.#o.agent === undefined ? "close" : "keep-alive");
    return serializeRequestHead(method, originForm(url), out);
  }

  /** Writes the request and reads the response head; the body streams from there. */
  async #exchange(
    conn: Conn,
    reused: boolean,
    key: string,
    url: URL,
    method: string,
    head: Uint8Array,
    body: RequestBody | null,
    deadline: Deadline,
    redirected: boolean,
  ): Promise<Sent> {
    const { signal } = deadline;
    const o = this.#o;
    // Aborting closes the socket, which ends any pending read or write at once.
    const onAbort = signal === undefined ? undefined : () => conn.close();
    if (onAbort !== undefined) signal!.addEventListener("abort", onAbort, { once: true });
    const reader = new BufReader(conn, this.#readerOptions);
    let released = false;
    const release = (reuse: boolean) => {
      if (released) return;
      released = true;
      if (onAbort !== undefined) signal!.removeEventListener("abort", onAbort);
      reader.release();
      if (reuse && o.agent !== undefined && signal?.aborted !== true) o.agent.put(key, conn);
      else conn.close();
    };

    let responseHead: ResponseHead;
    try {
      signal?.throwIfAborted();
      o.onRequestHead?.(head, url);
      let writeError: unknown;
      try {
        if (body === null) {
          // One write takes the whole head almost always: no writeAll frame for it.
          const n = await conn.write(head);
          if (n < head.length) await writeAll(conn, head.subarray(n));
        } else if (head.length + body.bytes.length <= ONE_WRITE) await writeAll(conn, concat([head, body.bytes]));
        else {
          await writeAll(conn, head);
          await writeAll(conn, body.bytes);
        }
      } catch (err) {
        // The server may have answered (a 413, say) and closed: read what it said first.
        signal?.throwIfAborted();
        writeError = err;
      }
      try {
        responseHead = await readResponseHead(
          reader,
          this.#limits,
          o.onResponseHead === undefined ? undefined : (raw, parsed) => o.onResponseHead!(raw, parsed, url),
        );
      } catch (err) {
        signal?.throwIfAborted();
        const nothing = writeError !== undefined || (err instanceof IncompleteHeadError && err.received === 0) ||
          err instanceof ConnectionResetError;
        if (reused && nothing) throw new StaleConnection(writeError ?? err);
        throw writeError ?? err;
      }
    } catch (err) {
      release(false);
      throw err instanceof StaleConnection || signal?.aborted !== true ? err : signal.reason;
    }

    try {
      const { status, version, headers } = responseHead;
      const framing: BodyFraming = status === 101
        ? { kind: "none" }
        : responseBodyFraming(method, status, version, headers);
      if (framing.kind === "length" && o.maxBodySize !== undefined && framing.length > o.maxBodySize) {
        throw new BodyTooLargeError(`Response body of ${framing.length} bytes is larger than ${o.maxBodySize}`);
      }
      const keepAlive = (framing.kind === "length" || framing.kind === "none") && status !== 101 &&
        connectionHasToken(headers, "keep-alive") && !connectionHasToken(headers, "close");
      if (framing.kind === "none") {
        release(keepAlive && reader.bufferedLength === 0);
        const response = new ClientResponse({
          url,
          redirected,
          head: responseHead,
          body: null,
          trailers: () => new HeaderList(),
          remoteAddr: conn,
        });
        return { response, settled: undefined };
      }
      let settle: (() => void) | undefined;
      const settled = signal === undefined ? undefined : new Promise<void>((resolve) => (settle = resolve));
      const source = new BodyReader({
        reader,
        framing,
        maxBodySize: o.maxBodySize,
        signal,
        // Lenient with a server's chunk line endings, as curl is.
        allowBareLf: true,
        onEnd(clean) {
          release(clean && keepAlive);
          settle?.();
        },
      });
      const response = new ClientResponse({
        url,
        redirected,
        head: responseHead,
        source,
        trailers: () => source.trailers(),
        // The connection itself, so that its address is looked up only if someone asks.
        remoteAddr: conn,
      });
      return { response, settled };
    } catch (err) {
      release(false);
      throw err;
    }
  }
}

/** Reads a redirect's small body off (so its pooled connection can be reused), or cancels it. */
async function drain(response: ClientResponse): Promise<void> {
  if (response.body === null) return;
  const length = parseContentLength(response.headers.get("content-length") ?? "");
  if (length === null || response.headers.has("transfer-encoding") || length > DRAIN_LIMIT) {
    return await response.cancel();
  }
  try {
    await response.bytes();
  } catch {
    // A broken redirect body does not matter: the next request goes out anyway.
  }
}

/** `Basic` credentials from a URL's userinfo (percent-decoded, then UTF-8). */
function basicAuth(url: URL): string {
  const bytes = new TextEncoder().encode(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}
