import assert from "node:assert/strict";
import { test } from "node:test";
import { errnoOf, ioError } from "../../src/transport/_errno.ts";
import { ConnectionResetError, SocketClosedError } from "../../src/transport/errors.ts";

test("errnoOf() prefers an errno-like code", () => {
  assert.equal(errnoOf(Object.assign(new Error("Failed to connect"), { code: "ECONNREFUSED" })), "ECONNREFUSED");
});

test("errnoOf() maps Deno's error class names to errno names", () => {
  const named = (name: string) => Object.assign(new Error("x"), { name });
  assert.equal(errnoOf(named("ConnectionRefused")), "ECONNREFUSED");
  assert.equal(errnoOf(named("AddrInUse")), "EADDRINUSE");
  assert.equal(errnoOf(named("ConnectionReset")), "ECONNRESET");
  assert.equal(errnoOf(named("BrokenPipe")), "EPIPE");
});

test("errnoOf() falls back to the message, then to the value itself", () => {
  assert.equal(errnoOf(new Error("something odd")), "something odd");
  assert.equal(errnoOf("plain"), "plain");
});

test("ioError() turns resets into ConnectionResetError and a bad resource into SocketClosedError", () => {
  const reset = ioError(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
  assert.ok(reset instanceof ConnectionResetError);
  assert.equal(reset.cause, "ECONNRESET");
  assert.equal(reset.code, "HTTP10_CONNECTION_RESET");
  assert.ok(ioError(Object.assign(new Error("x"), { name: "BrokenPipe" })) instanceof ConnectionResetError);
  assert.ok(ioError(Object.assign(new Error("Bad resource ID"), { name: "BadResource" })) instanceof SocketClosedError);
  const other = new Error("other");
  assert.equal(ioError(other), other);
});
