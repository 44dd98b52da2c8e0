/**
 * fetch.ts, the curl-like command: its flag parser and helpers in-process, and the command
 * itself as a child process on the runtime running the tests, against fake servers on
 * 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type CliError, describeFailure, parseArgs, progressLine, showHead } from "../fetch.ts";
import { TruncatedBodyError } from "../src/client/errors.ts";
import { runScript } from "./_helpers/run_script.ts";
import { type FakeServer, latin1, latin1Bytes, type Reply, startFakeServer } from "./client/_fake_server.ts";

async function withServer<T>(
  script: Reply | Reply[] | ((req: { head: string }, i: number) => Reply),
  fn: (server: FakeServer) => Promise<T>,
): Promise<T> {
  const server = await startFakeServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

// On Deno, with the permissions the README gives (--allow-write only for -o).
const fetchTs = (args: string[], stdin?: string) =>
  runScript("fetch.ts", args, {
    stdin,
    timeoutMs: 30_000,
    permissions: ["--allow-net", "--allow-read", "--allow-write"],
  });

const OK_HEAD = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n";
const OK = { pieces: [`${OK_HEAD}hello\n`] };

// ---------------------------------------------------------------------------------------
// The flag parser and helpers.

test("parseArgs() reads curl's flags, bundled short flags and values in every spelling", () => {
  const f = parseArgs([
    "-sSfL",
    "-XPUT",
    "-H",
    "A: 1",
    "--header",
    "B: 2",
    "-d",
    "x=1",
    "--data-binary=@file",
    "--max-time",
    "1.5",
    "--connect-timeout=.25",
    "--max-redirs",
    "3",
    "-4",
    "--resolve",
    "name:80:[::1],127.0.0.1",
    "-ofile.out",
    "http://h/",
  ]);
  assert.ok(f !== "help");
  assert.deepEqual(f.urls, ["http://h/"]);
  assert.deepEqual([f.silent, f.showError, f.fail, f.location, f.include, f.head, f.verbose], [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
  assert.equal(f.method, "PUT");
  assert.deepEqual(f.headers, ["A: 1", "B: 2"]);
  assert.deepEqual(f.data, [{ value: "x=1", binary: false }, { value: "@file", binary: true }]);
  assert.equal(f.maxTime, 1.5);
  assert.equal(f.connectTimeout, 0.25);
  assert.equal(f.maxRedirs, 3);
  assert.equal(f.family, 4);
  assert.deepEqual(f.resolve, [{ key: "name:80", addresses: ["::1", "127.0.0.1"] }]);
  assert.deepEqual(f.outputs, ["file.out"]);
});

test("parseArgs() returns help for -h and --help", () => {
  assert.equal(parseArgs(["-h"]), "help");
  assert.equal(parseArgs(["--help", "http://x/"]), "help");
});

const BAD_ARGS: [string, string[], RegExp][] = [
  ["an unknown long option", ["--nope", "http://x/"], /option --nope: is unknown/],
  ["an unknown short option", ["-Q", "http://x/"], /option -Q: is unknown/],
  ["no URL", ["-s"], /no URL specified/],
  ["a flag without its value", ["http://x/", "-H"], /option -H: requires parameter/],
  ["a --max-time that is not a number", ["--max-time", "soon", "http://x/"], /--max-time needs a number/],
  ["a --max-time of 0", ["--max-time", "0", "http://x/"], /more than 0/],
  ["a malformed --resolve", ["--resolve", "name:80", "http://x/"], /--resolve needs HOST:PORT:ADDR/],
  ["a --resolve address that is a name", ["--resolve", "a:80:localhost", "http://x/"], /--resolve/],
  ["-I together with -d", ["-I", "-d", "x", "http://x/"], /only select one HTTP request method/],
  ["a method that is not a token", ["-X", "GET X", "http://x/"], /--request needs a method/],
];

for (const [what, argv, message] of BAD_ARGS) {
  test(`parseArgs() rejects ${what} with exit status 2`, () => {
    assert.throws(() => parseArgs(argv), (err: CliError) => {
      assert.equal(err.exitCode, 2);
      assert.match(err.message, message);
      return true;
    });
  });
}

test("parseArgs() takes everything after -- as the URL", () => {
  const f = parseArgs(["--", "-weird"]);
  assert.ok(f !== "help");
  assert.deepEqual(f.urls, ["-weird"]);
});

test("progressLine() draws a bar when the size is known and a count when not", () => {
  assert.equal(progressLine(512, 1024, 10), "[#####     ]  50.0%  512 B / 1.0 KiB");
  assert.equal(progressLine(3 * 1024 * 1024, 3 * 1024 * 1024, 4), "[####] 100.0%  3.0 MiB / 3.0 MiB");
  assert.equal(progressLine(2048, undefined), "2.0 KiB received");
});

test("showHead() makes CR and LF visible, one line each, with a prefix", () => {
  assert.equal(
    showHead(latin1Bytes("GET / HTTP/1.0\r\nHost: a\r\n\r\n"), "> "),
    "> GET / HTTP/1.0\\r\\n\n> Host: a\\r\\n\n> \\r\\n\n",
  );
  assert.equal(showHead(latin1Bytes("HTTP/1.0 200 OK\n\n"), "< "), "< HTTP/1.0 200 OK\\n\n< \\n\n");
});

test("describeFailure() gives curl's exit status and wording", () => {
  const url = new URL("http://example.test:8080/");
  assert.deepEqual(
    [describeFailure(new TruncatedBodyError(4, 10), url, 4)].map((e) => [e.exitCode, e.message]),
    [[18, "transfer closed with 6 bytes remaining to read"]],
  );
  assert.equal(describeFailure(new Error("odd"), url, 0).exitCode, 1);
});

// ---------------------------------------------------------------------------------------
// fetch.ts as a command.

test("fetch.ts --help prints the usage and exits 0", async () => {
  const r = await fetchTs(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.text, /^Usage: fetch\.ts \[options\] URL/);
  assert.match(r.text, /--resolve HOST:PORT:ADDR/);
});

test("fetch.ts exits 2 with curl's message for an unknown option", async () => {
  const r = await fetchTs(["--frobnicate", "http://127.0.0.1:1/"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^fetch: option --frobnicate: is unknown\n/);
  assert.equal(r.stdout.length, 0);
});

test("fetch.ts writes the body to stdout byte for byte", async () => {
  const body = new Uint8Array(256 * 4);
  for (let i = 0; i < body.length; i++) body[i] = i & 0xff;
  const head = latin1Bytes(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
  await withServer({ pieces: [head, body] }, async (server) => {
    const r = await fetchTs([`${server.origin}/bin`]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout, body);
    assert.equal(r.stderr, "");
  });
});

test("fetch.ts -i prints the head as received, then the body", async () => {
  await withServer(OK, async (server) => {
    const r = await fetchTs(["-i", server.origin]);
    assert.equal(r.code, 0);
    assert.equal(latin1(r.stdout), `${OK_HEAD}hello\n`);
  });
});

test("fetch.ts -I sends HEAD and prints the head only", async () => {
  await withServer({ pieces: [OK_HEAD] }, async (server) => {
    const r = await fetchTs(["-I", `${server.origin}/x`]);
    assert.equal(r.code, 0);
    assert.equal(latin1(r.stdout), OK_HEAD);
    assert.match(server.requests[0].head, /^HEAD \/x HTTP\/1\.0\r\n/);
  });
});

test("fetch.ts -v shows the address tried and both heads on stderr with \\r\\n visible", async () => {
  await withServer(OK, async (server) => {
    const r = await fetchTs(["-v", `${server.origin}/v`]);
    assert.equal(r.code, 0);
    assert.equal(r.text, "hello\n");
    const lines = r.stderr.split("\n");
    assert.equal(lines[0], `*   Trying 127.0.0.1:${server.port}...`);
    assert.equal(lines[1], `* Connected to 127.0.0.1 (127.0.0.1) port ${server.port}`);
    assert.equal(lines[2], "> GET /v HTTP/1.0\\r\\n");
    assert.ok(lines.includes(`> Host: 127.0.0.1:${server.port}\\r\\n`));
    assert.ok(lines.includes("> Connection: close\\r\\n"));
    assert.ok(lines.includes("> \\r\\n"));
    assert.ok(lines.includes("< HTTP/1.0 200 OK\\r\\n"));
    assert.ok(lines.includes("< Content-Length: 6\\r\\n"));
    assert.equal(lines.filter((l) => l === "< \\r\\n").length, 1);
  });
});

test("fetch.ts -o writes the body to a file (no progress bar when stderr is not a terminal)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "http10-fetch-"));
  try {
    await withServer(OK, async (server) => {
      const file = join(dir, "out.txt");
      const r = await fetchTs(["-o", file, server.origin]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.length, 0);
      assert.equal(r.stderr, "");
      assert.equal(await readFile(file, "utf8"), "hello\n");
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("fetch.ts exits 0 for a 404, and 22 with -f, printing no body", async () => {
  const reply = { pieces: ["HTTP/1.0 404 Not Found\r\nContent-Length: 9\r\n\r\nnot here\n"] };
  await withServer(reply, async (server) => {
    const plain = await fetchTs([server.origin]);
    assert.equal(plain.code, 0);
    assert.equal(plain.text, "not here\n");
    const failed = await fetchTs(["-f", server.origin]);
    assert.equal(failed.code, 22);
    assert.equal(failed.stdout.length, 0);
    assert.equal(failed.stderr, "fetch: (22) The requested URL returned error: 404\n");
  });
});

test("fetch.ts prints a redirect as it is, and follows it with -L", async () => {
  const script = (req: { head: string }) =>
    req.head.startsWith("GET /old ")
      ? { pieces: ["HTTP/1.0 302 Found\r\nLocation: /new\r\nContent-Length: 6\r\n\r\nmoved\n"] }
      : OK;
  await withServer(script, async (server) => {
    const plain = await fetchTs([`${server.origin}/old`]);
    assert.equal(plain.code, 0);
    assert.equal(plain.text, "moved\n");
    const followed = await fetchTs(["-L", "-i", `${server.origin}/old`]);
    assert.equal(followed.code, 0);
    assert.match(followed.text, /^HTTP\/1\.0 302 Found\r\n[^]*\r\n\r\nHTTP\/1\.0 200 OK\r\n[^]*\r\n\r\nhello\n$/);
  });
});

test("fetch.ts -d sends a form POST; -X, -H and repeated -d work as in curl", async () => {
  await withServer(OK, async (server) => {
    const post = await fetchTs(["-d", "a=1", "-d", "b=2", server.origin]);
    assert.equal(post.code, 0);
    const first = server.requests[0];
    assert.match(first.head, /^POST \/ HTTP\/1\.0\r\n/);
    assert.match(first.head, /\r\nContent-Type: application\/x-www-form-urlencoded\r\n/);
    assert.match(first.head, /\r\nContent-Length: 7\r\n/);
    assert.equal(latin1(first.body), "a=1&b=2");

    const put = await fetchTs([
      "-X",
      "PUT",
      "-H",
      "Content-Type: text/csv",
      "-H",
      "Accept:",
      "-H",
      "X-E;",
      "-d",
      "x",
      server.origin,
    ]);
    assert.equal(put.code, 0);
    const second = server.requests[1].head;
    assert.match(second, /^PUT \/ HTTP\/1\.0\r\n/);
    assert.match(second, /\r\nContent-Type: text\/csv\r\n/);
    assert.doesNotMatch(second, /Accept:|x-www-form-urlencoded/);
    assert.match(second, /\r\nX-E: \r\n/);
  });
});

test("fetch.ts -d @file drops line breaks, --data-binary @file keeps them, @- reads stdin", async () => {
  const dir = await mkdtemp(join(tmpdir(), "http10-fetch-"));
  try {
    const file = join(dir, "data.txt");
    await writeFile(file, "line1\r\nline2\n");
    await withServer(OK, async (server) => {
      await fetchTs(["-d", `@${file}`, server.origin]);
      await fetchTs(["--data-binary", `@${file}`, server.origin]);
      await fetchTs(["-d", "@-", server.origin], "from stdin");
      assert.deepEqual(server.requests.map((r) => latin1(r.body)), ["line1line2", "line1\r\nline2\n", "from stdin"]);
    });
    const missing = await fetchTs(["-d", `@${join(dir, "missing")}`, "http://127.0.0.1:1/"]);
    assert.equal(missing.code, 26);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("fetch.ts exits 1 for a scheme other than http and https, as curl", async () => {
  const r = await fetchTs(["ftp://example.com/"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'fetch: (1) Protocol "ftp" not supported\n');
});

test("fetch.ts exits 3 for a malformed URL", async () => {
  for (const url of ["http://exa mple.com/", "http://[::1/", "http://host:99999/"]) {
    const r = await fetchTs([url]);
    assert.equal(r.code, 3, url);
    assert.match(r.stderr, /^fetch: \(3\) URL rejected: /);
  }
});

test("fetch.ts exits 6 when the name does not resolve", async () => {
  // RFC 6761: .invalid names never resolve, and the resolver refuses them without asking
  // the system, so no DNS packet leaves the machine (tests/resolve checks that).
  const name = "no-such-host.invalid";
  const r = await fetchTs([`http://${name}/`]);
  assert.equal(r.code, 6);
  assert.equal(r.stderr, `fetch: (6) Could not resolve host: ${name}\n`);
});

test("fetch.ts exits 7 with curl's message when the port refuses", async () => {
  const server = await startFakeServer({});
  const port = server.port;
  await server.close();
  const r = await fetchTs([`http://127.0.0.1:${port}/`]);
  assert.equal(r.code, 7);
  assert.equal(r.stderr, `fetch: (7) Failed to connect to 127.0.0.1 port ${port}: Connection refused\n`);
});

test("fetch.ts -s silences the error message, -sS shows it again", async () => {
  const server = await startFakeServer({});
  const port = server.port;
  await server.close();
  const silent = await fetchTs(["-s", `http://127.0.0.1:${port}/`]);
  assert.equal(silent.code, 7);
  assert.equal(silent.stderr, "");
  const shown = await fetchTs(["-sS", `http://127.0.0.1:${port}/`]);
  assert.equal(shown.code, 7);
  assert.match(shown.stderr, /^fetch: \(7\) /);
});

test("fetch.ts exits 8 for a response that is not HTTP", async () => {
  await withServer({ pieces: ["ICY 200 OK\r\n\r\n"] }, async (server) => {
    const r = await fetchTs([server.origin]);
    assert.equal(r.code, 8);
    assert.match(r.stderr, /^fetch: \(8\) Weird server reply: Cannot parse status line/);
  });
});

test("fetch.ts exits 18 for a truncated body, after writing what arrived", async () => {
  await withServer({ pieces: ["HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhalf"] }, async (server) => {
    const r = await fetchTs([server.origin]);
    assert.equal(r.code, 18);
    assert.equal(r.text, "half");
    assert.equal(r.stderr, "fetch: (18) transfer closed with 6 bytes remaining to read\n");
  });
});

test("fetch.ts exits 28 when the server never answers within --max-time", async () => {
  await withServer({ hang: true }, async (server) => {
    const r = await fetchTs(["--max-time", "0.5", server.origin]);
    assert.equal(r.code, 28);
    assert.match(r.stderr, /^fetch: \(28\) Operation timed out after 500 milliseconds with 0 bytes received\n$/);
  });
});

test("fetch.ts --resolve tries the addresses in order: [::1] refuses, 127.0.0.1 answers", async () => {
  await withServer(OK, async (server) => {
    const r = await fetchTs([
      "-v",
      "--resolve",
      `name.test:${server.port}:[::1],127.0.0.1`,
      `http://name.test:${server.port}/`,
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.text, "hello\n");
    const lines = r.stderr.split("\n");
    assert.equal(lines[0], `*   Trying [::1]:${server.port}...`);
    assert.match(lines[1], new RegExp(`^\\* connect to ::1 port ${server.port} failed: `));
    assert.equal(lines[2], `*   Trying 127.0.0.1:${server.port}...`);
    assert.equal(lines[3], `* Connected to name.test (127.0.0.1) port ${server.port}`);
    assert.match(server.requests[0].head, new RegExp(`\\r\\nHost: name\\.test:${server.port}\\r\\n`));
  });
});

test("fetch.ts -4 and -6 keep names to one family", async () => {
  await withServer(OK, async (server) => {
    const v4 = await fetchTs(["-4", "-v", `http://localhost:${server.port}/`]);
    assert.equal(v4.code, 0);
    assert.doesNotMatch(v4.stderr, /Trying \[::1\]/);
    const v6 = await fetchTs(["-6", `http://127.0.0.1:${server.port}/`]);
    assert.equal(v6.code, 6);
  });
});
