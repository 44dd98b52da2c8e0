/**
 * The HTTP version of a message, as numbers.
 *
 * @module
 */

/** An HTTP version: `HTTP/1.0` is `{ major: 1, minor: 0 }`; a Simple-Request is 0.9. */
export interface HttpVersion {
  /** The digit before the dot. */
  major: number;
  /** The digit after the dot. */
  minor: number;
}

/** HTTP/0.9, the version of a Simple-Request (RFC 1945 §4.1). */
export const HTTP_0_9: Readonly<HttpVersion> = Object.freeze({ major: 0, minor: 9 });
/** HTTP/1.0 (RFC 1945). */
export const HTTP_1_0: Readonly<HttpVersion> = Object.freeze({ major: 1, minor: 0 });
/** HTTP/1.1 (RFC 9112). */
export const HTTP_1_1: Readonly<HttpVersion> = Object.freeze({ major: 1, minor: 1 });

/** True for HTTP/1.1 and later 1.x: the versions with Host, chunked and persistent connections. */
export function atLeastHttp11(version: HttpVersion): boolean {
  return version.major > 1 || (version.major === 1 && version.minor >= 1);
}
