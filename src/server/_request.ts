/**
 * The `Request` a handler receives, built lazily. A WHATWG `Request` costs microseconds to
 * construct (about 10 µs on Deno, more than parsing, answering and writing together), and
 * most handlers read only `method`, `url` and a header or two. So the handler gets a
 * stand-in that answers those from the parsed head, and builds the real `Request` the
 * first time anything else is asked of it (the body, `signal`, `clone()`, `text()`, ...).
 *
 * Its `signal` aborts when the client leaves or the server stops before the response is
 * done ({@linkcode abortRequest}); if that happens before the real request exists, the real
 * request is built with a signal that is already aborted.
 *
 * The stand-in's prototype chain holds `Request.prototype`, so `req instanceof Request` is
 * true; every other member of `Request.prototype`, and every runtime-internal slot of a real
 * `Request` (Deno keeps its internals in symbol-keyed properties), is forwarded to the real
 * request. That is what lets `fetch(req)` and `new Request(req)` take it like any request.
 *
 * @module
 */
import type { RequestHead } from "../http10/parse_request.ts";
import type { NetAddr } from "../transport/types.ts";
import { formatHostPort } from "../transport/host_port.ts";

/**
 * The absolute URL of a request: the absolute-form target as given; otherwise `scheme`
 * ("https" on a TLS server), then the Host header, or (HTTP/1.0 without Host) the address
 * the request arrived on.
 */
export function requestUrl(head: RequestHead, local: NetAddr, scheme: "http" | "https" = "http"): string {
  const t = head.target;
  if (t.charCodeAt(0) === 0x2f /* / */) return `${scheme}://${hostOf(head, local)}${t}`;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(t)) return t;
  if (t === "*") return `${scheme}://${hostOf(head, local)}/*`;
  return `${scheme}://${hostOf(head, local)}${t}`;
}

function hostOf(head: RequestHead, local: NetAddr): string {
  const host = head.headers.get("host");
  if (host) return host;
  return formatHostPort(local.hostname, local.port);
}

const REAL = Symbol("http10.realRequest");
const ABORT = Symbol("http10.abortRequest");

/** What the stand-in holds until (and unless) the real request is built. */
class LazyRequest {
  #head: RequestHead;
  #local: NetAddr;
  #body: (() => ReadableStream<Uint8Array> | null) | null;
  #url: string | undefined = undefined;
  #headers: Headers | undefined = undefined;
  #real: Request | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  /** Why the request was aborted before the real request was built; undefined if it was not. */
  #abortReason: unknown = undefined;
  #scheme: "http" | "https";

  constructor(
    head: RequestHead,
    local: NetAddr,
    body: (() => ReadableStream<Uint8Array> | null) | null,
    scheme: "http" | "https",
  ) {
    this.#head = head;
    this.#local = local;
    this.#body = body;
    this.#scheme = scheme;
  }

  get method(): string {
    return this.#head.method;
  }

  get url(): string {
    return this.#url ??= requestUrl(this.#head, this.#local, this.#scheme);
  }

  get headers(): Headers {
    // Built once and kept: a handler that holds the object sees its own changes.
    return this.#headers ??= this.#real?.headers ?? this.#head.headers.toHeaders();
  }

  /** The real Request, built on first use with the same URL, method, headers and body. */
  [REAL](): Request {
    if (this.#real !== undefined) return this.#real;
    const method = this.#head.method;
    const stream = method === "GET" || method === "HEAD" ? null : this.#body?.() ?? null;
    const controller = this.#controller = new AbortController();
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
    this.#real = new Request(this.url, {
      method,
      headers: this.headers,
      body: stream,
      signal: controller.signal,
      // deno-lint-ignore no-explicit-any
      ...(stream !== null ? { duplex: "half" } as any : {}),
    });
    return this.#real;
  }

  /** Aborts the request's signal with `reason`, now or when the signal is first made. */
  [ABORT](reason: unknown): void {
    if (this.#controller !== undefined) this.#controller.abort(reason);
    else this.#abortReason ??= reason;
  }
}

const OWN = new Set<PropertyKey>(["constructor", "method", "url", "headers", Symbol.toStringTag]);

function forward(key: PropertyKey, descriptor: PropertyDescriptor): void {
  const real = (self: LazyRequest) => self[REAL]() as unknown as Record<PropertyKey, unknown>;
  if (typeof descriptor.value === "function") {
    Object.defineProperty(LazyRequest.prototype, key, {
      configurable: true,
      writable: true,
      value: function (this: LazyRequest, ...args: unknown[]) {
        const target = real(this);
        return (target[key] as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
  } else {
    Object.defineProperty(LazyRequest.prototype, key, {
      configurable: true,
      get(this: LazyRequest) {
        return real(this)[key];
      },
      set(this: LazyRequest, value: unknown) {
        real(this)[key] = value;
      },
    });
  }
}

for (const key of Reflect.ownKeys(Request.prototype)) {
  if (!OWN.has(key)) forward(key, Object.getOwnPropertyDescriptor(Request.prototype, key)!);
}
// Slots a runtime keeps on each instance (Deno's brand, inner request, signal, ...).
for (const key of Reflect.ownKeys(new Request("http://localhost/"))) {
  if (!OWN.has(key) && !(key in LazyRequest.prototype)) forward(key, { value: undefined });
}
// console.log(req) on Bun (and Node) prints the real Request, not the stand-in's getters.
Object.defineProperty(LazyRequest.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  configurable: true,
  value(this: LazyRequest) {
    return this[REAL]();
  },
});
Object.setPrototypeOf(LazyRequest.prototype, Request.prototype);

/**
 * A `Request` for `head`, built lazily (see the module comment). `body` makes the body
 * stream; it is called at most once, and only for a method other than GET and HEAD.
 */
export function lazyRequest(
  head: RequestHead,
  local: NetAddr,
  body: (() => ReadableStream<Uint8Array> | null) | null,
  scheme: "http" | "https" = "http",
): Request {
  return new LazyRequest(head, local, body, scheme) as unknown as Request;
}

/**
 * Aborts the `signal` of a request made by {@linkcode lazyRequest} with `reason` (a request
 * the handler never asked more of is aborted when, and if, its signal is made).
 */
export function abortRequest(request: Request, reason: unknown): void {
  (request as unknown as LazyRequest)[ABORT](reason);
}
