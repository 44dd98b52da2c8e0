/**
 * The response `request()` resolves to: the head as received, and the body as a stream.
 *
 * @module
 */
import type { HeaderList } from "../http10/header_list.ts";
import type { ResponseHead } from "../http10/parse_response.ts";
import type { HttpVersion } from "../http10/version.ts";
import type { NetAddr } from "../transport/types.ts";
import { contentCodings, decodeBody } from "./content_decoding.ts";
import { UnsupportedStatusError } from "./errors.ts";
import { concat } from "../body/concat.ts";

/** What a {@linkcode ClientResponse} is made of; the client builds it. */
export interface ClientResponseInit {
  url: URL;
  redirected: boolean;
  head: ResponseHead;
  /** The body as a stream, or null; leave it out when `source` gives the body. */
  body?: ReadableStream<Uint8Array> | null;
  /** The body read straight from the connection: whole, or as a stream made when asked for. */
  source?: BodySource;
  trailers: () => HeaderList;
  /** The address that answered, or where to read it when asked (so that it costs nothing until then). */
  remoteAddr: NetAddr | { readonly remoteAddr: NetAddr };
}

/** A body that can be taken whole without a stream; {@linkcode BodyReader} is one. */
export interface BodySource {
  readAll(): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  cancel(): void;
}

// Statuses whose Response must have a null body (Fetch standard).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A response as `request()` gives it: status, reason, version and headers exactly as the
 * server sent them, and the body as a stream of bytes read from the connection while you
 * read it. Read the body to its end or `cancel()` it: until then the connection stays open
 * (and, with an agent, cannot be reused).
 *
 * @example
 * ```ts
 * import { request } from "./request.ts";
 *
 * const res = await request("http://127.0.0.1:8000/");
 * console.log(res.status, res.reason, res.headers.get("content-type"));
 * console.log(await res.text());
 * ```
 */
export class ClientResponse {
  /** The URL of this response (after redirects), without a fragment. */
  readonly url: string;
  /** True when redirects were followed to get here. */
  readonly redirected: boolean;
  /** The status code, 101 or 200–599 (other 1xx are interim and skipped). */
  readonly status: number;
  /** The reason phrase as sent; may be empty. */
  readonly reason: string;
  /** The HTTP version of the status line. */
  readonly version: HttpVersion;
  /** The header fields, in order, as received (obs-folds joined). */
  readonly headers: HeaderList;
  readonly #remote: NetAddr | { readonly remoteAddr: NetAddr };
  readonly #trailers: () => HeaderList;
  // The stream, once there is one (made on demand from #source).
  #body: ReadableStream<Uint8Array> | null | undefined;
  readonly #source: BodySource | undefined;
  #used = false;

  /** Made by the client; not meant to be called directly. */
  constructor(init: ClientResponseInit) {
    this.url = init.url.href;
    this.redirected = init.redirected;
    this.status = init.head.status;
    this.reason = init.head.reason;
    this.version = init.head.version;
    this.headers = init.head.headers;
    this.#body = init.body ?? (init.source === undefined ? null : undefined);
    this.#source = init.source;
    this.#remote = init.remoteAddr;
    this.#trailers = init.trailers;
  }

  /** The address that answered. */
  get remoteAddr(): NetAddr {
    const remote = this.#remote;
    return "remoteAddr" in remote ? remote.remoteAddr : remote;
  }

  /** The body, or null when the response has none (HEAD, 1xx, 204, 304). */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) this.#body = this.#source!.stream();
    return this.#body;
  }

  /** True for a 2xx status, as `Response.ok`. */
  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  /** The trailer fields of a chunked body; empty until the body has been read to its end. */
  get trailers(): HeaderList {
    return this.#trailers();
  }

  /** The whole body as one array (empty when there is none). */
  bytes(): Promise<Uint8Array> {
    if (this.#body === undefined) {
      // Straight from the connection: no stream, no per-chunk promises, no async frame.
      if (this.#used) return Promise.reject(new TypeError("Body has already been consumed"));
      this.#used = true;
      return this.#source!.readAll();
    }
    return this.#streamBytes(this.#body);
  }

  async #streamBytes(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
    if (body === null) return new Uint8Array(0);
    // A reader read to the end, not `for await`: releasing its lock costs Deno a TypeError.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return chunks.length === 0 ? new Uint8Array(0) : concat(chunks);
  }

  /** The whole body decoded as UTF-8. */
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  /** The whole body parsed as JSON. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** Discards the body and closes the connection (it cannot be reused). */
  async cancel(): Promise<void> {
    if (this.#body === undefined) return this.#source!.cancel();
    await this.#body?.cancel();
  }

  /**
   * The same response as a standard `Response`, sharing the body stream. `url` and
   * `redirected` are set as fetch sets them. Statuses that must have no body in a
   * `Response` (205, for one) get none: their body is cancelled.
   *
   * With `decode`, a body in content codings it can undo (gzip, deflate, br where the
   * runtime has it) is decoded, as fetch does; the headers stay as received.
   *
   * @throws {UnsupportedStatusError} for 101, which a `Response` cannot carry; the body
   * is cancelled first.
   */
  toResponse(options: { decode?: boolean } = {}): Response {
    if (this.status < 200 || this.status > 599) {
      this.body?.cancel();
      throw new UnsupportedStatusError(this.status);
    }
    let body = this.body;
    if (body !== null && NULL_BODY_STATUSES.has(this.status)) {
      body.cancel();
      body = null;
    }
    if (body !== null && options.decode === true) {
      const codings = contentCodings(this.headers.get("content-encoding"));
      if (codings !== undefined && codings.length > 0) body = decodeBody(body, codings);
    }
    const response = new Response(body, {
      status: this.status,
      statusText: this.reason,
      headers: this.headers.toHeaders(),
    });
    Object.defineProperty(response, "url", { value: this.url });
    Object.defineProperty(response, "redirected", { value: this.redirected });
    return response;
  }
}
