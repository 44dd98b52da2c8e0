/**
 * http10's HTTP/1.0 client: `request()` for the response as received, a fetch-compatible
 * `fetch()`, and `Client` for options (timeouts, limits, redirects, an `Agent` pool).
 *
 * @example
 * ```ts
 * import { Client, fetch } from "./mod.ts";
 *
 * const res = await fetch("http://127.0.0.1:8000/");
 * console.log(res.status, await res.text());
 *
 * const client = new Client({ timeout: 5000 });
 * const raw = await client.request("http://127.0.0.1:8000/", { method: "HEAD" });
 * console.log(raw.version, raw.reason, [...raw.headers]);
 * ```
 *
 * @module
 */
export * from "./client.ts";
export * from "./client_response.ts";
export * from "./request.ts";
export * from "./fetch.ts";
export * from "./agent.ts";
export * from "./options.ts";
export * from "./errors.ts";
export * from "./content_decoding.ts";
