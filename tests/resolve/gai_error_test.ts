import { test } from "node:test";
import assert from "node:assert/strict";
import { GaiError, gaiStrerror } from "../../src/resolve/gai_error.ts";

test("gaiStrerror() gives the gai_strerror(3) text of each code", () => {
  assert.equal(gaiStrerror("EAI_NONAME"), "Name or service not known");
  assert.equal(gaiStrerror("EAI_SERVICE"), "Servname not supported for ai_socktype");
  assert.equal(gaiStrerror("EAI_AGAIN"), "Temporary failure in name resolution");
  assert.equal(gaiStrerror("EAI_FAIL"), "Non-recoverable failure in name resolution");
  assert.equal(gaiStrerror("EAI_FAMILY"), "ai_family not supported");
  assert.equal(gaiStrerror("EAI_ADDRFAMILY"), "Address family for hostname not supported");
  assert.equal(gaiStrerror("EAI_SOCKTYPE"), "ai_socktype not supported");
  assert.equal(gaiStrerror("EAI_BADFLAGS"), "Bad value for ai_flags");
});

test("GaiError names the host after the code's text", () => {
  const err = new GaiError("EAI_NONAME", { host: "nowhere.test", service: 80 });
  assert.ok(err instanceof Error);
  assert.equal(err.name, "GaiError");
  assert.equal(err.code, "EAI_NONAME");
  assert.equal(err.host, "nowhere.test");
  assert.equal(err.service, "80");
  assert.equal(err.message, 'Name or service not known: "nowhere.test"');
});

test("GaiError names the service for EAI_SERVICE", () => {
  const err = new GaiError("EAI_SERVICE", {
    host: "localhost",
    service: "gopher",
    detail: "no tcp service of that name",
  });
  assert.equal(err.message, 'Servname not supported for ai_socktype: "gopher" (no tcp service of that name)');
});

test("GaiError quotes an empty host so the message still shows it", () => {
  assert.equal(new GaiError("EAI_NONAME", { host: "" }).message, 'Name or service not known: ""');
});

test("GaiError without a host or service is the bare text, and keeps a cause", () => {
  const cause = new Error("boom");
  const err = new GaiError("EAI_FAIL", { cause });
  assert.equal(err.message, "Non-recoverable failure in name resolution");
  assert.equal(err.host, null);
  assert.equal(err.service, null);
  assert.equal(err.cause, cause);
});
