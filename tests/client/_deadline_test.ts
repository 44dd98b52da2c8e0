import assert from "node:assert/strict";
import { test } from "node:test";
import { Deadline } from "../../src/client/_deadline.ts";

test("Deadline has no signal when there is neither a caller's signal nor a timeout", () => {
  const deadline = new Deadline(undefined, undefined);
  assert.equal(deadline.signal, undefined);
  deadline.dispose();
});

test("Deadline aborts with the caller's reason, or with TimeoutError", async () => {
  const user = new AbortController();
  const watched = new Deadline(user.signal, undefined);
  user.abort(new Error("stop"));
  assert.equal((watched.signal!.reason as Error).message, "stop");

  const timed = new Deadline(null, 5);
  // The deadline's own timer does not keep the process alive: wait with one that does.
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal((timed.signal!.reason as { code: string }).code, "HTTP10_TIMEOUT");
  timed.dispose();
});
