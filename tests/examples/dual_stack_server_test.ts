import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { runScript, RUNTIME, startScript } from "../_helpers/run_script.ts";
import { connectPeer } from "./_net_peer.ts";

const SCRIPT = "examples/dual_stack_server.ts";
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net"];

test("examples/dual_stack_server.ts takes an IPv4 and an IPv6 client on one socket, printed as 127.0.0.1 and ::1", async () => {
  const server = await startScript(SCRIPT, ["0"], /dual-stack server listening on \[::\]:(\d+) \(IPv4 and IPv6\)/, {
    permissions: PERMISSIONS,
  });
  try {
    const port = Number(server.match[1]);
    const v4 = await connectPeer(port, "127.0.0.1");
    const v6 = await connectPeer(port, "::1");
    try {
      assert.equal(await v4.closed, "hello 127.0.0.1, you came over IPv4\n");
      assert.equal(await v6.closed, "hello ::1, you came over IPv6\n");
      await server.waitFor(/^connected from \[::1\]:/m);
      const log = server.output();
      assert.match(log, new RegExp(`^connected from 127\\.0\\.0\\.1:${v4.localPort} \\(IPv4\\)$`, "m"));
      assert.match(log, new RegExp(`^connected from \\[::1\\]:${v6.localPort} \\(IPv6\\)$`, "m"));
      assert.doesNotMatch(log, /::ffff:/);
    } finally {
      v4.destroy();
      v6.destroy();
    }
    assert.equal(await server.stop(), 0);
  } finally {
    await server.stop();
  }
});

if (RUNTIME === "bun") {
  test("examples/dual_stack_server.ts --v6only takes IPv6 clients and refuses IPv4 ones (Bun)", async () => {
    const server = await startScript(
      SCRIPT,
      ["--v6only", "0"],
      /dual-stack server listening on \[::\]:(\d+) \(IPv6 only\)/,
      {
        permissions: PERMISSIONS,
      },
    );
    try {
      const port = Number(server.match[1]);
      const v6 = await connectPeer(port, "::1");
      try {
        assert.equal(await v6.closed, "hello ::1, you came over IPv6\n");
      } finally {
        v6.destroy();
      }
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ port, host: "127.0.0.1" });
        socket.once("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.once("error", (err: Error & { code?: string }) => resolve(err.code ?? err.message));
      });
      assert.equal(refused, "ECONNREFUSED");
    } finally {
      await server.stop();
    }
  });
} else {
  test("examples/dual_stack_server.ts --v6only says Deno cannot set IPV6_V6ONLY, and exits 1 (Deno)", async () => {
    const r = await runScript(SCRIPT, ["--v6only", "0"], { permissions: PERMISSIONS });
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    assert.equal(
      r.stderr,
      "dual_stack_server: --v6only needs the IPV6_V6ONLY socket option, which this runtime cannot set" +
        " (Deno's listen has no such option); run it on Bun to see IPv6-only listening\n",
    );
  });
}

test("examples/dual_stack_server.ts says which families a listener on one family takes", async () => {
  const server = await startScript(
    SCRIPT,
    ["--host", "127.0.0.1", "0"],
    /listening on 127\.0\.0\.1:\d+ \(IPv4 only\)/,
    {
      permissions: PERMISSIONS,
    },
  );
  assert.equal(await server.stop(), 0);
});

test("examples/dual_stack_server.ts prints usage and exits 2 on a bad command line", async () => {
  for (const args of [[], ["1", "2"], ["-6", "80"], ["--v6only=yes", "80"], ["--host"]]) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(
      r.stderr,
      /^dual_stack_server: .*\nusage: dual_stack_server \[--host H\] \[--v6only\] PORT\n$/,
      args.join(" "),
    );
    assert.equal(r.text, "");
  }
});
