import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { runScript, startScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/upper_tcp_client.ts";
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net", "--allow-read", "--allow-sys"];

/** A node:net server on 127.0.0.1 that hands each connection to `onConnection`. */
async function netServer(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as { port: number }).port };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

test("examples/upper_tcp_client.ts sends each stdin line to upper_tcp_server.ts and prints each reply", async () => {
  const server = await startScript(
    "examples/upper_tcp_server.ts",
    ["--host", "127.0.0.1", "0"],
    /listening on 127\.0\.0\.1:(\d+)/,
    {
      permissions: ["--allow-net"],
    },
  );
  try {
    const port = server.match[1];
    const r = await runScript(SCRIPT, ["127.0.0.1", port], {
      stdin: "hello\nTwo Words\n\nlast line, no newline",
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "HELLO\nTWO WORDS\n\nLAST LINE, NO NEWLINE\n");
    assert.equal(r.stderr, `connected to 127.0.0.1:${port}\n`);
  } finally {
    await server.stop();
  }
});

test("examples/upper_tcp_client.ts tries every address of a name: localhost goes on to 127.0.0.1", async () => {
  const { server, port } = await netServer((socket) => {
    socket.on("data", (d: Uint8Array) => socket.write(new TextDecoder().decode(d).toUpperCase()));
    socket.on("end", () => socket.end());
  });
  try {
    // localhost is ::1 then 127.0.0.1; nothing listens on ::1 at this port, so the first is refused.
    const r = await runScript(SCRIPT, ["localhost", String(port)], { stdin: "hi\n", permissions: PERMISSIONS });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "HI\n");
    assert.equal(r.stderr, `connected to 127.0.0.1:${port}\n`);
  } finally {
    await closeServer(server);
  }
});

test("examples/upper_tcp_client.ts says so when the server closes the connection, and exits 1", async () => {
  // Answers the first line, then closes: the second line gets no answer.
  const { server, port } = await netServer((socket) => {
    let text = "";
    socket.on("data", (d: Uint8Array) => {
      text += new TextDecoder().decode(d);
      if (text.includes("\n")) socket.end("FIRST\n");
    });
    socket.on("error", () => {});
  });
  try {
    const r = await runScript(SCRIPT, ["127.0.0.1", String(port)], {
      stdin: "first\nsecond\nthird\n",
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 1);
    assert.equal(r.text, "FIRST\n");
    assert.match(r.stderr, /\nupper_tcp_client: server closed the connection( \(ECONNRESET\))?\n$/);
  } finally {
    await closeServer(server);
  }
});

test("examples/upper_tcp_client.ts says so when the server closes in the middle of a reply", async () => {
  const { server, port } = await netServer((socket) => {
    socket.once("data", () => socket.end("HALF A LI"));
    socket.on("error", () => {});
  });
  try {
    const r = await runScript(SCRIPT, ["127.0.0.1", String(port)], {
      stdin: "half a line\n",
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    assert.match(r.stderr, /\nupper_tcp_client: server closed the connection in the middle of a reply\n$/);
  } finally {
    await closeServer(server);
  }
});

test("examples/upper_tcp_client.ts reports a refused connection in plain words, and exits 1", async () => {
  // A port that was just free: nothing listens on it.
  const { server, port } = await netServer(() => {});
  await closeServer(server);
  const r = await runScript(SCRIPT, ["127.0.0.1", String(port)], { stdin: "hello\n", permissions: PERMISSIONS });
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.equal(
    r.stderr,
    `upper_tcp_client: connect to 127.0.0.1:${port} failed: 1 address tried\n  127.0.0.1:${port}: ECONNREFUSED\n`,
  );
});

test("examples/upper_tcp_client.ts reports a host name that cannot resolve, and exits 1", async () => {
  const r = await runScript(SCRIPT, ["no..such.host", "5000"], { permissions: PERMISSIONS });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'upper_tcp_client: Name or service not known: "no..such.host" (empty label in host name)\n');
});

test("examples/upper_tcp_client.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [[], ["localhost"], ["localhost", "0"], ["localhost", "http"], ["a", "1", "b"], ["-v", "a", "1"]]
  ) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^upper_tcp_client: .*\nusage: upper_tcp_client HOST PORT\n$/, args.join(" "));
    assert.equal(r.text, "");
  }
});
