import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type AddressAttempt,
  ConnectError,
  ConnectTimeoutError,
  LimitExceededError,
  ListenerClosedError,
  ListenError,
  TransportError,
  UnexpectedEofError,
} from "../../src/transport/errors.ts";

function refused(address: string, family: 4 | 6): AddressAttempt {
  const error = Object.assign(new Error("Connection refused"), { code: "ECONNREFUSED" });
  return { address, port: 80, family, error, cause: "ECONNREFUSED" };
}

test("ConnectError lists each address with its own cause", () => {
  const err = new ConnectError("example.com:80", [refused("::1", 6), refused("127.0.0.1", 4)]);
  assert.equal(
    err.message,
    "connect to example.com:80 failed: 2 addresses tried\n  [::1]:80: ECONNREFUSED\n  127.0.0.1:80: ECONNREFUSED",
  );
  assert.equal(err.code, "HTTP10_CONNECT_FAILED");
  assert.equal(err.cause, "ECONNREFUSED");
  assert.equal(err.attempts.length, 2);
  assert.equal(err.name, "ConnectError");
  assert.ok(err instanceof TransportError);
});

test("ConnectError says so when there was no address to try", () => {
  const err = new ConnectError("example.com:80", []);
  assert.equal(err.message, "connect to example.com:80 failed: no addresses to try");
  assert.equal(err.cause, undefined);
});

test("ListenError keeps the OS code such as EADDRINUSE visible", () => {
  const error = Object.assign(new Error("Address already in use"), { code: "EADDRINUSE" });
  const err = new ListenError("port 8080", [
    { address: "::", port: 8080, family: 6, error, cause: "EADDRINUSE" },
    { address: "0.0.0.0", port: 8080, family: 4, error, cause: "EADDRINUSE" },
  ]);
  assert.equal(
    err.message,
    "listen on port 8080 failed: 2 addresses tried\n  [::]:8080: EADDRINUSE\n  0.0.0.0:8080: EADDRINUSE",
  );
  assert.equal(err.code, "HTTP10_LISTEN_FAILED");
  assert.equal(err.cause, "EADDRINUSE");
});

test("ConnectTimeoutError gives the deadline and the addresses that failed before it", () => {
  const err = new ConnectTimeoutError("example.com:80", 500, [refused("::1", 6)]);
  assert.equal(err.code, "HTTP10_CONNECT_TIMEOUT");
  assert.equal(err.timeout, 500);
  assert.equal(
    err.message,
    "connect to example.com:80 timed out after 500 ms; failed before that:\n  [::1]:80: ECONNREFUSED",
  );
});

test("transport errors carry stable codes", () => {
  assert.equal(new UnexpectedEofError(3, 10).code, "HTTP10_UNEXPECTED_EOF");
  assert.equal(new LimitExceededError(10).code, "HTTP10_LIMIT_EXCEEDED");
  assert.equal(new ListenerClosedError().code, "HTTP10_LISTENER_CLOSED");
  assert.equal(new UnexpectedEofError(3).message, "Unexpected end of file after 3 bytes");
});
