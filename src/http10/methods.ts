/**
 * Facts about request methods that both roles need: which carry a body, and how the fetch
 * standard treats method names (it upper-cases six, and refuses three).
 *
 * @module
 */

/**
 * Methods whose names a fetch `Request` upper-cases (fetch's "normalize a method"), so
 * that "get" given to `new Request` becomes GET. Methods are otherwise case-sensitive
 * (RFC 9110 §9.1).
 */
export const NORMALIZED_METHODS: ReadonlySet<string> = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** Methods a fetch `Request` may not carry at all (fetch's "forbidden method", compared case-insensitively). */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * True for the methods whose requests mean to carry content (POST, PUT, PATCH): an
 * HTTP/1.0 request with one of them must say how long its body is (RFC 1945 §7.2.2, §8.3),
 * so a client sends `Content-Length: 0` even for an empty body.
 *
 * @example
 * ```ts
 * methodCarriesBody("POST"); // true
 * methodCarriesBody("GET"); // false
 * ```
 */
export function methodCarriesBody(method: string): boolean {
  return method === "POST" || method === "PUT" || method === "PATCH";
}
