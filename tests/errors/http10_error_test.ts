import { test } from "node:test";
import assert from "node:assert/strict";
import { hasErrorCode, Http10Error } from "../../src/errors/http10_error.ts";
import { InvalidArgumentError, InvalidOptionsError } from "../../src/errors/invalid_options.ts";
import { HttpParseError, InvalidMethodError } from "../../src/http10/errors.ts";
import { ConnectionResetError, TransportError } from "../../src/transport/errors.ts";
import { GaiError } from "../../src/resolve/gai_error.ts";
import { TimeoutError } from "../../src/client/errors.ts";
import { ClientGoneError } from "../../src/server/errors.ts";

test("Http10Error is the root of every layer's errors", () => {
  const errors: Error[] = [
    new InvalidMethodError("bad", 0),
    new ConnectionResetError("ECONNRESET"),
    new GaiError("EAI_NONAME", { host: "x.invalid" }),
    new TimeoutError(1000),
    new ClientGoneError("reset"),
    new InvalidOptionsError("Invalid x options"),
    new InvalidArgumentError("bad port"),
  ];
  for (const err of errors) {
    assert.ok(err instanceof Http10Error, err.name);
    assert.equal(typeof (err as Http10Error).code, "string");
    assert.equal(err.name, err.constructor.name);
  }
  assert.ok(errors[0] instanceof HttpParseError);
  assert.ok(errors[1] instanceof TransportError);
  assert.ok(!(errors[1] instanceof HttpParseError), "a subclass keeps the prototype test");
  assert.ok(!(new Error("x") instanceof Http10Error));
  assert.ok(!((null as unknown) instanceof Http10Error));
});

test("Http10Error is recognised across package copies by its Symbol.for brand", () => {
  // What a second copy of the package would throw: another class with the same brand.
  const brand = Symbol.for("http10.error");
  const foreign = Object.assign(new Error("from another copy"), { code: "HTTP10_TIMEOUT", [brand]: true });
  assert.ok(foreign instanceof Http10Error);
  assert.ok(hasErrorCode(foreign, "HTTP10_TIMEOUT"));
  assert.ok(!hasErrorCode(foreign, "HTTP10_CLIENT_GONE"));
  assert.ok(!hasErrorCode(new Error("plain"), "HTTP10_TIMEOUT"));
});

test("InvalidOptionsError.fromIssues() names each bad option, with the value given", () => {
  const err = InvalidOptionsError.fromIssues("serve()", [
    { path: ["port"], message: "Too big" },
    { path: [], message: "Unrecognized key" },
  ], { port: 70000 });
  assert.equal(err.code, "HTTP10_INVALID_OPTIONS");
  assert.equal(err.message, "Invalid serve() options:\n  port: Too big (got 70000)\n  options: Unrecognized key");
});
