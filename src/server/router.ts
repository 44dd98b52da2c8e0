/**
 * A small router: a method plus a path pattern with named parameters (`/users/:id`) and
 * an optional trailing wildcard (`/files/*`). Routes are tried in the order they were
 * added. No match gives 404; a path that matches under other methods gives 405 with Allow.
 *
 * @module
 */
import type { Handler, ServeHandlerInfo } from "./options.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/** What a route handler gets besides the request. */
export interface RouteContext {
  /** Named parameters, percent-decoded: `/users/:id` on `/users/42` gives `{ id: "42" }`. The wildcard is `"*"`. */
  params: Record<string, string>;
  /** The remote and local address of the connection. */
  info: ServeHandlerInfo;
  /** The parsed request URL. */
  url: URL;
}

/** A route handler. */
export type RouteHandler = (request: Request, ctx: RouteContext) => Response | Promise<Response>;

interface Route {
  method: string;
  pattern: string;
  parts: string[];
  wildcard: boolean;
  handler: RouteHandler;
}

/**
 * Routes requests by method and path.
 *
 * @example
 * ```ts
 * import { Router } from "./router.ts";
 * import { serve } from "./serve.ts";
 *
 * const router = new Router()
 *   .get("/", () => new Response("home\n"))
 *   .get("/users/:id", (_req, { params }) => Response.json({ id: params.id }));
 * await serve(router.handler);
 * ```
 */
export class Router {
  #routes: Route[] = [];

  /** Adds a route for `method` ("*" for any method). */
  add(method: string, pattern: string, handler: RouteHandler): this {
    if (!pattern.startsWith("/")) {
      throw new InvalidArgumentError(`Route pattern must start with "/": ${JSON.stringify(pattern)}`);
    }
    const raw = pattern.split("/").slice(1);
    const wildcard = raw.at(-1) === "*";
    const parts = wildcard ? raw.slice(0, -1) : raw;
    const names = new Set<string>();
    for (const p of parts) {
      if (p.startsWith(":")) {
        const name = p.slice(1);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          throw new InvalidArgumentError(`Bad parameter name ${JSON.stringify(p)} in route ${JSON.stringify(pattern)}`);
        }
        if (names.has(name)) {
          throw new InvalidArgumentError(`Parameter :${name} appears twice in route ${JSON.stringify(pattern)}`);
        }
        names.add(name);
      } else if (p === "*") {
        throw new InvalidArgumentError(`A wildcard may only end a route: ${JSON.stringify(pattern)}`);
      }
    }
    this.#routes.push({ method: method.toUpperCase(), pattern, parts, wildcard, handler });
    return this;
  }

  /** Adds a GET route (which also answers HEAD). */
  get(pattern: string, handler: RouteHandler): this {
    return this.add("GET", pattern, handler);
  }
  /** Adds a POST route. */
  post(pattern: string, handler: RouteHandler): this {
    return this.add("POST", pattern, handler);
  }
  /** Adds a PUT route. */
  put(pattern: string, handler: RouteHandler): this {
    return this.add("PUT", pattern, handler);
  }
  /** Adds a DELETE route. */
  delete(pattern: string, handler: RouteHandler): this {
    return this.add("DELETE", pattern, handler);
  }
  /** Adds a route for every method. */
  all(pattern: string, handler: RouteHandler): this {
    return this.add("*", pattern, handler);
  }

  /** The router as a `serve()` handler. */
  readonly handler: Handler = (request, info) => this.handle(request, info);

  /** Answers one request: the first matching route, else 404 or 405. */
  handle(request: Request, info: ServeHandlerInfo): Response | Promise<Response> {
    const url = new URL(request.url);
    const segments = url.pathname.split("/").slice(1);
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const params = match(route, segments);
      if (params === null) continue;
      const m = request.method;
      if (route.method === "*" || route.method === m || (m === "HEAD" && route.method === "GET")) {
        return route.handler(request, { params, info, url });
      }
      allowed.add(route.method);
      if (route.method === "GET") allowed.add("HEAD");
    }
    if (allowed.size > 0) {
      return new Response("405 Method Not Allowed\n", {
        status: 405,
        headers: { allow: [...allowed].join(", "), "content-type": "text/plain; charset=utf-8" },
      });
    }
    return new Response("404 Not Found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}

function match(route: Route, segments: string[]): Record<string, string> | null {
  const { parts, wildcard } = route;
  if (wildcard ? segments.length < parts.length : segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const s = segments[i];
    if (p.startsWith(":")) {
      if (s === "") return null;
      const v = decode(s);
      if (v === null) return null;
      params[p.slice(1)] = v;
    } else if (p !== s) {
      return null;
    }
  }
  if (wildcard) params["*"] = segments.slice(parts.length).join("/");
  return params;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
