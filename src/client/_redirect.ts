/**
 * What to send after a redirect: fetch's method rules, and which headers may follow.
 *
 * @module
 */
import { HeaderList } from "../http10/header_list.ts";
import type { RequestBody } from "./_request_body.ts";

/** True for the statuses fetch follows: 301, 302, 303, 307, 308. */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** A request as it goes out again after a redirect. */
export interface Redirected {
  method: string;
  body: RequestBody | null;
  headers: HeaderList;
}

// Headers that describe a body: they go when the body goes (fetch's "request-body-header name").
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
// Credentials, and a Host the caller chose, stay with the origin they were meant for.
const ORIGIN_HEADERS = ["authorization", "proxy-authorization", "cookie", "host"];

/**
 * The method, body and headers for following a `status` redirect from `from` to `to`
 * (the Fetch standard's HTTP-redirect fetch): 303 turns any method but HEAD into GET,
 * 301 and 302 turn POST into GET, and the body goes with the method; 307 and 308 keep
 * both. A redirect to another origin drops credentials and a caller-set Host.
 */
export function redirectRequest(
  status: number,
  method: string,
  body: RequestBody | null,
  headers: HeaderList,
  from: URL,
  to: URL,
): Redirected {
  const next = new HeaderList(headers);
  const toGet = (status === 303 && method !== "GET" && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST");
  if (toGet) {
    method = "GET";
    body = null;
    for (const name of BODY_HEADERS) next.delete(name);
  }
  if (from.origin !== to.origin) {
    for (const name of ORIGIN_HEADERS) next.delete(name);
  }
  return { method, body, headers: next };
}
