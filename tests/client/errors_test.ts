import assert from "node:assert/strict";
import { test } from "node:test";
import {
  IncompleteHeadError,
  InvalidClientOptionsError,
  InvalidUrlError,
  RedirectNotAllowedError,
  TimeoutError,
  TooManyRedirectsError,
  TruncatedBodyError,
  UnsupportedSchemeError,
  UnsupportedStatusError,
} from "../../src/client/errors.ts";
import { Http10Error } from "../../src/http10/errors.ts";

const CASES: [Http10Error, string, string, RegExp][] = [
  [new TruncatedBodyError(4, 10), "TruncatedBodyError", "HTTP10_TRUNCATED_BODY", /promised 10 bytes, got 4/],
  [new TruncatedBodyError(7), "TruncatedBodyError", "HTTP10_TRUNCATED_BODY", /before the last chunk/],
  [new IncompleteHeadError(0), "IncompleteHeadError", "HTTP10_INCOMPLETE_HEAD", /^Empty reply from server/],
  [new IncompleteHeadError(12), "IncompleteHeadError", "HTTP10_INCOMPLETE_HEAD", /after 12 bytes/],
  [new TooManyRedirectsError(20, "http://a/"), "TooManyRedirectsError", "HTTP10_TOO_MANY_REDIRECTS", /20 followed/],
  [new RedirectNotAllowedError(302, "/x"), "RedirectNotAllowedError", "HTTP10_REDIRECT_NOT_ALLOWED", /302 to \/x/],
  [new TimeoutError(500), "TimeoutError", "HTTP10_TIMEOUT", /after 500 ms/],
  [
    new UnsupportedSchemeError("https:"),
    "UnsupportedSchemeError",
    "HTTP10_UNSUPPORTED_SCHEME",
    /^https is not supported: http10 speaks HTTP\/1\.0; use http:\/\/ or https:\/\/$/,
  ],
  [new UnsupportedSchemeError("ftp:"), "UnsupportedSchemeError", "HTTP10_UNSUPPORTED_SCHEME", /^ftp is not supported/],
  [
    new InvalidUrlError("http://[", "Location"),
    "InvalidUrlError",
    "HTTP10_INVALID_URL",
    /^Invalid Location: "http:\/\/\["$/,
  ],
  [new UnsupportedStatusError(101), "UnsupportedStatusError", "HTTP10_UNSUPPORTED_STATUS", /101/],
  [
    new InvalidClientOptionsError("timeout: bad"),
    "InvalidClientOptionsError",
    "HTTP10_INVALID_OPTIONS",
    /timeout: bad/,
  ],
];

for (const [err, name, code, message] of CASES) {
  test(`${name} has the code ${code} and says what was wrong (${err.message.slice(0, 30)}...)`, () => {
    assert.ok(err instanceof Http10Error);
    assert.ok(err instanceof Error);
    assert.equal(err.name, name);
    assert.equal(err.code, code);
    assert.match(err.message, message);
  });
}

test("TruncatedBodyError and IncompleteHeadError carry the byte counts", () => {
  const t = new TruncatedBodyError(4, 10);
  assert.equal(t.received, 4);
  assert.equal(t.expected, 10);
  assert.equal(new TruncatedBodyError(3).expected, undefined);
  assert.equal(new IncompleteHeadError(5).received, 5);
});
