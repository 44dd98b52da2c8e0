import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { runScript, startScript } from "../_helpers/run_script.ts";

const SCRIPT = "examples/upper_udp_client.ts";
// The permissions examples/README.md gives it on Deno: a missing one fails the test.
const PERMISSIONS = ["--allow-net", "--allow-read", "--allow-sys"];

/**
 * A node:dgram socket on 127.0.0.1 that hands every datagram to `onMessage` (which may
 * answer, or not: a socket that never answers makes a lost reply, with no ICMP anywhere).
 */
async function udpServer(onMessage: (text: string, from: RemoteInfo, socket: Socket) => void): Promise<Socket> {
  const socket = createSocket("udp4");
  socket.on("message", (msg: Uint8Array, from: RemoteInfo) => onMessage(new TextDecoder().decode(msg), from, socket));
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return socket;
}

test("examples/upper_udp_client.ts sends MESSAGE to upper_udp_server.ts and prints the reply", async () => {
  const server = await startScript(
    "examples/upper_udp_server.ts",
    ["--host", "127.0.0.1", "0"],
    /listening on 127\.0\.0\.1:(\d+)/,
    {
      permissions: ["--allow-net"],
    },
  );
  try {
    const r = await runScript(SCRIPT, ["127.0.0.1", server.match[1], "hello, udp"], { permissions: PERMISSIONS });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "HELLO, UDP\n");
    assert.equal(r.stderr, "");
    await server.waitFor(/^10 bytes from 127\.0\.0\.1:\d+$/m);
  } finally {
    await server.stop();
  }
});

test("examples/upper_udp_client.ts gives up after the bounded tries when nothing answers, and exits 1", async () => {
  const seen: string[] = [];
  const silent = await udpServer((text) => seen.push(text));
  try {
    const port = silent.address().port;
    const r = await runScript(SCRIPT, ["--tries", "2", "--timeout", "100", "127.0.0.1", String(port), "anyone?"], {
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    assert.equal(
      r.stderr,
      "upper_udp_client: no reply within 100 ms (try 1 of 2)\n" +
        "upper_udp_client: no reply within 100 ms (try 2 of 2)\n" +
        `upper_udp_client: giving up after 2 tries: no reply from 127.0.0.1:${port}` +
        " (the datagrams were lost, or nothing answers on that port)\n",
    );
    assert.deepEqual(seen, ["anyone?", "anyone?"]); // one datagram per try, no more
  } finally {
    silent.close();
  }
});

test("examples/upper_udp_client.ts sends again when a reply does not come, and takes the later one", async () => {
  let count = 0;
  // Drops the first datagram, as a lossy network would, and answers the next one.
  const lossy = await udpServer((text, from, socket) => {
    if (++count > 1) socket.send(`${text.toUpperCase()} (try ${count})`, from.port, from.address);
  });
  try {
    const r = await runScript(SCRIPT, ["--timeout", "300", "127.0.0.1", String(lossy.address().port), "again"], {
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 0, r.stderr);
    // The first reply is the answer to the second datagram (even if it came after a third try).
    assert.equal(r.text, "AGAIN (try 2)\n");
    assert.match(r.stderr, /^upper_udp_client: no reply within 300 ms \(try 1 of 3\)\n/);
  } finally {
    lossy.close();
  }
});

test("examples/upper_udp_client.ts ignores a datagram that does not come from the server", async () => {
  const stranger = createSocket("udp4");
  await new Promise<void>((r) => stranger.bind(0, "127.0.0.1", r));
  // The stranger writes to the client first; then the server answers.
  const server = await udpServer((text, from, socket) => {
    stranger.send("NOT THE SERVER", from.port, from.address, () => {
      socket.send(text.toUpperCase(), from.port, from.address);
    });
  });
  try {
    const r = await runScript(SCRIPT, ["127.0.0.1", String(server.address().port), "who is it"], {
      permissions: PERMISSIONS,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "WHO IS IT\n");
  } finally {
    server.close();
    stranger.close();
  }
});

test("examples/upper_udp_client.ts reports a host name that cannot resolve, and exits 1", async () => {
  const r = await runScript(SCRIPT, ["bad host", "5000", "hi"], { permissions: PERMISSIONS });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'upper_udp_client: Name or service not known: "bad host" (character " " not allowed in a host name)\n',
  );
});

test("examples/upper_udp_client.ts prints usage and exits 2 on a bad command line", async () => {
  for (
    const args of [
      [],
      ["localhost", "5000"],
      ["localhost", "0", "hi"],
      ["localhost", "5000", "hi", "extra"],
      ["--tries", "0", "localhost", "5000", "hi"],
      ["--tries", "101", "localhost", "5000", "hi"],
      ["--timeout", "1.5", "localhost", "5000", "hi"],
      ["--timeout", "localhost", "5000", "hi"],
      ["localhost", "5000", "x".repeat(8193)],
    ]
  ) {
    const r = await runScript(SCRIPT, args, { permissions: PERMISSIONS });
    assert.equal(r.code, 2, args.join(" ").slice(0, 60));
    assert.match(
      r.stderr,
      /^upper_udp_client: .*\nusage: upper_udp_client \[--tries N\] \[--timeout MS\] HOST PORT MESSAGE\n$/,
      args.join(" ").slice(0, 60),
    );
    assert.equal(r.text, "");
  }
});

test("examples/upper_udp_client.ts retries and gives up when nothing listens (ICMP port unreachable)", async () => {
  // A port that was bound and closed again: each datagram to it draws an ICMP "port unreachable".
  const gone = await udpServer(() => {});
  const port = gone.address().port;
  await new Promise<void>((r) => gone.close(() => r()));
  const r = await runScript(SCRIPT, ["--tries", "2", "--timeout", "100", "127.0.0.1", String(port), "anyone?"], {
    permissions: PERMISSIONS,
    timeoutMs: 10_000,
  });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.text, "");
  assert.equal(
    r.stderr,
    "upper_udp_client: no reply within 100 ms (try 1 of 2)\n" +
      "upper_udp_client: no reply within 100 ms (try 2 of 2)\n" +
      `upper_udp_client: giving up after 2 tries: no reply from 127.0.0.1:${port}` +
      " (the datagrams were lost, or nothing answers on that port)\n",
  );
});
