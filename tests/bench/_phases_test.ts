/**
 * The breakdown's pure part (bench/_phases.ts): charging a profile's samples to the phases
 * of a request. The inputs are fixed profiles, as `--cpu-prof` writes them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type CpuProfile, phaseOf, splitProfile } from "../../bench/_phases.ts";

const SRC = "file:///repo/src";

test("phaseOf() names the phase of a frame of ours and leaves the runtime's frames out", () => {
  assert.equal(phaseOf(`${SRC}/http10/parse_request.ts`, "parseRequestHead"), "parse");
  assert.equal(phaseOf(`${SRC}/transport/deno.ts`, "write"), "write");
  assert.equal(phaseOf(`${SRC}/transport/deno.ts`, "close"), "close");
  assert.equal(phaseOf(`${SRC}/transport/buf_reader.ts`, "fill"), "read");
  assert.equal(phaseOf(`${SRC}/server/serve.ts`, "#acceptLoop"), "accept");
  assert.equal(phaseOf(`${SRC}/server/_response_fields.ts`, "beginHead"), "response fields");
  assert.equal(phaseOf("file:///repo/bench/servers/http10.ts", ""), "handler");
  assert.equal(phaseOf("ext:deno_fetch/23_response.js", "Response"), null);
  assert.equal(phaseOf("", "(program)"), null);
});

test("splitProfile() charges runtime frames to the innermost frame of ours, skips idle and the window's outside", () => {
  const profile: CpuProfile = {
    startTime: 1000,
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 3, 4, 7] },
      { id: 2, callFrame: { functionName: "(idle)", url: "" } },
      { id: 3, callFrame: { functionName: "(garbage collector)", url: "" } },
      { id: 4, callFrame: { functionName: "answer", url: `${SRC}/server/_connection.ts` }, children: [5] },
      { id: 5, callFrame: { functionName: "write", url: `${SRC}/transport/deno.ts` }, children: [6] },
      { id: 6, callFrame: { functionName: "op_write", url: "" } },
      { id: 7, callFrame: { functionName: "runMicrotasks", url: "ext:core/01_core.js" } },
    ],
    // Samples at 1010, 1020, ... each standing for 10 µs; the last one is outside the window.
    samples: [6, 6, 4, 3, 2, 7, 6],
    timeDeltas: [10, 10, 10, 10, 10, 10, 10],
  };
  const split = splitProfile(profile, 0, 1065);
  assert.equal(split.total, 50);
  assert.equal(split.byPhase.write, 20);
  assert.equal(split.byPhase["request loop"], 10);
  assert.equal(split.byPhase.gc, 10);
  assert.equal(split.byPhase.runtime, 10);
  assert.equal(split.top[0].name, "op_write ← write (src/transport/deno.ts)");
  assert.equal(split.top[0].us, 20);
});
