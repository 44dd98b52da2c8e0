import assert from "node:assert/strict";
import { test } from "node:test";
import * as errors from "../../src/http10/errors.ts";
import { ERROR_CODES, Http10Error, HttpParseError } from "../../src/http10/errors.ts";
import { STATUS_OF } from "./_harness.ts";

type ParseErrorClass = new (message: string, offset?: number, status?: number) => HttpParseError;

const classes = Object.entries(errors).filter(([name, value]) =>
  typeof value === "function" && name.endsWith("Error") && value !== Http10Error && value !== HttpParseError
) as [string, ParseErrorClass][];

test("errors.ts has one class per error code", () => {
  const codes = classes.map(([, C]) => new C("m").code).sort();
  assert.deepEqual(codes, Object.values(ERROR_CODES).sort());
});

test("ERROR_CODES are unique, stable strings starting with HTTP10_", () => {
  const values = Object.values(ERROR_CODES);
  assert.equal(new Set(values).size, values.length);
  for (const [key, code] of Object.entries(ERROR_CODES)) assert.equal(code, `HTTP10_${key}`);
});

for (const [name, C] of classes) {
  test(`${name} has its code, default status, offset, name and message`, () => {
    const err = new C("Something was wrong", 12);
    assert.ok(err instanceof HttpParseError);
    assert.ok(err instanceof Http10Error);
    assert.ok(err instanceof Error);
    assert.equal(err.status, STATUS_OF[err.code]);
    assert.equal(err.offset, 12);
    assert.equal(err.name, name);
    assert.equal(err.message, "Something was wrong");
    assert.equal(new C("m", 0, 500).status, 500);
    assert.equal(new C("m").offset, 0);
  });
}

test("Http10Error carries a code and a cause", () => {
  const cause = new Error("inner");
  const err = new Http10Error("HTTP10_SOMETHING", "outer", { cause });
  assert.equal(err.code, "HTTP10_SOMETHING");
  assert.equal(err.cause, cause);
  assert.equal(err.name, "Http10Error");
});
