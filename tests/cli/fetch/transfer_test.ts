import assert from "node:assert/strict";
import { test } from "node:test";
import { parseUrl } from "../../../cli/fetch/transfer.ts";

test("parseUrl() adds http:// as curl does, and splits an IPv6 zone id off", () => {
  assert.equal(parseUrl("127.0.0.1:8000/x").url.href, "http://127.0.0.1:8000/x");
  const zoned = parseUrl("http://[fe80::1%25eth0]:8000/p?q");
  assert.equal(zoned.url.href, "http://[fe80::1]:8000/p?q");
  assert.equal(zoned.zone, "eth0");
  assert.equal(parseUrl("https://[::1]/").zone, undefined);
  assert.throws(() => parseUrl("http://[::1/"), { code: "HTTP10_INVALID_URL" });
});
