/**
 * `request()`: one HTTP/1.0 request with the default client.
 *
 * @module
 */
import { defaultClient } from "./_default_client.ts";
import type { ClientRequestInit } from "./client.ts";
import type { ClientResponse } from "./client_response.ts";

/**
 * Sends a request with a client of default options (no pool, no timeout, 20 redirects)
 * and resolves with the response as received: status, reason, version, the header list,
 * and the body as a stream. Make a `Client` for other options.
 *
 * @example
 * ```ts
 * const res = await request("http://127.0.0.1:8000/", { method: "HEAD" });
 * console.log(res.status, res.headers.get("content-length"));
 * ```
 */
export function request(input: string | URL, init?: ClientRequestInit): Promise<ClientResponse> {
  return defaultClient().request(input, init);
}
