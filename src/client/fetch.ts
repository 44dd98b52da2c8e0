/**
 * `fetch()`: the Fetch standard's function over HTTP/1.0, with the default client.
 *
 * @module
 */
import { defaultClient } from "./_default_client.ts";

/**
 * Fetches a resource over HTTP/1.0 with a client of default options and resolves with a
 * standard `Response` whose body streams from the connection. See `Client.fetch` for how
 * it differs from a browser's fetch; make a `Client` for timeouts, limits or a pool.
 *
 * @example
 * ```ts
 * const res = await fetch("http://127.0.0.1:8000/data.json");
 * if (res.ok) console.log(await res.json());
 * ```
 */
export function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return defaultClient().fetch(input, init);
}
