/**
 * serve.ts, the static file server, against real clients on loopback: curl (HTTP/1.0 and
 * its default), and ApacheBench (`ab`, an HTTP/1.0 client) with and without keep-alive.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, runScript, RUNTIME, type Started, startScript } from "./_helpers/run_script.ts";
import { skipUnless } from "./_helpers/tools.ts";
import { skipWithoutOpenssl, testCerts } from "./_helpers/certs.ts";

/** The permissions the README gives for `deno run serve.ts`. */
const PERMISSIONS = ["--allow-net", "--allow-read"];
const READY = /Serving .* on (http:\/\/127\.0\.0\.1:(\d+)\/)/;

async function withSite(
  fn: (url: string, dir: string, server: Started) => Promise<void>,
  args: string[] = [],
  permissions = PERMISSIONS,
) {
  const dir = await mkdtemp(join(tmpdir(), "http10-serve-"));
  await writeFile(join(dir, "hello.txt"), "Hello, World!\n");
  await writeFile(join(dir, "index.html"), "<h1>home</h1>\n");
  await mkdir(join(dir, "sub"));
  await writeFile(join(dir, "sub", "a.json"), '{"a":1}\n');
  const big = new Uint8Array(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  await writeFile(join(dir, "big.bin"), big);
  const server = await startScript("serve.ts", [dir, "--port", "0", "--host", "127.0.0.1", ...args], READY, {
    permissions,
  });
  try {
    await fn(server.match[1], dir, server);
  } finally {
    const code = await server.stop();
    await rm(dir, { recursive: true, force: true });
    assert.equal(code, 0, `serve.ts exits 0 on SIGTERM:\n${server.output()}`);
  }
}

test(
  "serve.ts serves files to curl --http1.0, with an HTTP/1.0 status line",
  { skip: skipUnless("curl") },
  async () => {
    await withSite(async (url, _dir, server) => {
      const r = await run("curl", ["-s", "-i", "--http1.0", `${url}hello.txt`]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.text, /^HTTP\/1\.0 200 OK\r\n/);
      assert.match(r.text, /\r\nContent-Type: text\/plain; charset=utf-8\r\n/i);
      assert.match(r.text, /\r\nContent-Length: 14\r\n/i);
      assert.match(r.text, /\r\nLast-Modified: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/i);
      assert.ok(r.text.endsWith("\r\n\r\nHello, World!\n"));
      await server.waitFor(/127\.0\.0\.1 - - \[.*\] "GET \/hello\.txt HTTP\/1\.0" 200 14/);
    });
  },
);

test("serve.ts serves curl's default HTTP/1.1 requests, index.html, listings and a large file", {
  skip: skipUnless("curl"),
}, async () => {
  await withSite(async (url) => {
    const index = await run("curl", ["-s", "-f", url]);
    assert.equal(index.text, "<h1>home</h1>\n");
    const listing = await run("curl", ["-s", "-f", `${url}sub/`]);
    assert.match(listing.text, /a\.json/);
    const redirect = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", `${url}sub`]);
    assert.equal(redirect.text, `301 ${url}sub/`);
    const big = await run("curl", ["-s", "-f", `${url}big.bin`]);
    assert.equal(big.stdout.length, 3 * 1024 * 1024);
    for (let i = 0; i < big.stdout.length; i += 4099) assert.equal(big.stdout[i], (i * 7919) & 0xff);
    const missing = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `${url}nope`]);
    assert.equal(missing.text, "404");
    const post = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-d", "x=1", `${url}hello.txt`]);
    assert.equal(post.text, "405");
    const traversal = await run("curl", [
      "-s",
      "--path-as-is",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      `${url}../../etc/passwd`,
    ]);
    assert.ok(["403", "404"].includes(traversal.text), `traversal answered ${traversal.text}`);
  });
});

test("serve.ts answers If-Modified-Since with 304 (curl -z)", { skip: skipUnless("curl") }, async () => {
  await withSite(async (url) => {
    const later = new Date(Date.now() + 60_000).toUTCString();
    const r = await run("curl", [
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-H",
      `If-Modified-Since: ${later}`,
      `${url}hello.txt`,
    ]);
    // A date in the future is ignored (RFC 9110 §13.1.3), so the file comes back whole.
    assert.equal(r.text, "200");
    const r2 = await run("curl", [
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-z",
      `${url}hello.txt`,
      `${url}hello.txt`,
    ]);
    assert.ok(["200", "304"].includes(r2.text));
    const head = await run("curl", ["-s", "-I", "--http1.0", `${url}hello.txt`]);
    const lm = head.text.match(/Last-Modified: (.*)\r\n/i)![1];
    const r3 = await run("curl", ["-s", "-i", "--http1.0", "-H", `If-Modified-Since: ${lm}`, `${url}hello.txt`]);
    assert.match(r3.text, /^HTTP\/1\.0 304 Not Modified\r\n/);
    assert.ok(r3.text.endsWith("\r\n\r\n"), "a 304 has no body");
  }, ["--quiet"]);
});

function abFigures(text: string) {
  const num = (label: string) => Number(text.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? NaN);
  return {
    complete: num("Complete requests"),
    failed: num("Failed requests"),
    keepAlive: num("Keep-Alive requests"),
    non2xx: num("Non-2xx responses"),
  };
}

test("serve.ts takes ab -n 5000 -c 50 with 0 failed requests", { skip: skipUnless("ab") }, async () => {
  await withSite(async (url) => {
    const r = await run("ab", ["-q", "-n", "5000", "-c", "50", `${url}hello.txt`], { timeoutMs: 90_000 });
    assert.equal(r.code, 0, r.stderr + r.text);
    const f = abFigures(r.text);
    assert.equal(f.complete, 5000, r.text);
    assert.equal(f.failed, 0, r.text);
    assert.ok(Number.isNaN(f.non2xx), "every response is 2xx");
  }, ["--quiet"]);
});

test(
  "serve.ts keeps HTTP/1.0 connections alive for ab -k with 0 failed requests",
  { skip: skipUnless("ab") },
  async () => {
    await withSite(async (url) => {
      const r = await run("ab", ["-q", "-k", "-n", "5000", "-c", "50", `${url}hello.txt`], { timeoutMs: 90_000 });
      assert.equal(r.code, 0, r.stderr + r.text);
      const f = abFigures(r.text);
      assert.equal(f.complete, 5000, r.text);
      assert.equal(f.failed, 0, r.text);
      assert.equal(f.keepAlive, 5000, "every request rode a kept-alive connection");
    }, ["--quiet"]);
  },
);

test("serve.ts rejects a bad command line with a usage message and exit 2", async () => {
  const r = await runScript("serve.ts", ["--port", "eighty"], { permissions: PERMISSIONS });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port must be a number/);
  assert.match(r.stderr, /Usage: serve\.ts/);
  const r2 = await runScript("serve.ts", ["--bogus"], { permissions: PERMISSIONS });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /unknown option --bogus/);
  const r3 = await runScript("serve.ts", ["/nonexistent/dir/for/http10"], { permissions: PERMISSIONS });
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /cannot serve .*ENOENT/);
  const help = await runScript("serve.ts", ["--help"], { permissions: PERMISSIONS });
  assert.equal(help.code, 0);
  assert.match(help.text, /--port N/);
});

test("serve.ts --workers 2 serves a directory from worker threads sharing the port", async () => {
  // Deno shares a port only with --unstable-net, as the README says.
  await withSite(
    async (url, _dir, server) => {
      const port = Number(new URL(url).port);
      for (let i = 0; i < 10; i++) {
        const response = await rawGet(port, "/hello.txt");
        assert.match(response, /^HTTP\/1\.0 200 OK\r\n/);
        assert.ok(response.endsWith("\r\n\r\nHello, World!\n"), response);
      }
      await server.waitFor(/(GET \/hello\.txt HTTP\/1\.0" 200 14\n[^]*){10}/);
      assert.equal(server.output().match(/Serving /g)?.length, 1, "the URL is printed once, not per worker");
    },
    ["--workers", "2"],
    [...PERMISSIONS, "--unstable-net"],
  );
});

test("serve.ts --workers takes 1 to 256 or auto; anything else is exit 2 with the usage", async () => {
  for (const bad of ["abc", "0", "257", "1.5", ""]) {
    const r = await runScript("serve.ts", ["--workers", bad], { permissions: PERMISSIONS });
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--workers must be a whole number from 1 to 256, or auto/);
    assert.match(r.stderr, /Usage: serve\.ts/);
  }
});

test("serve.ts --workers 2 on Deno without --unstable-net says which flag to add, exit 1", {
  skip: RUNTIME !== "deno" && "Bun shares ports without a flag",
}, async () => {
  const r = await runScript("serve.ts", [".", "--port", "0", "--host", "127.0.0.1", "--workers", "2"], {
    permissions: PERMISSIONS,
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--unstable-net/);
  assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
});

/** One GET on a fresh connection (HTTP/1.0, so the server closes it); the whole response. */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

test("serve.ts reports a port in use clearly", async () => {
  await withSite(async (url) => {
    const port = new URL(url).port;
    const r = await runScript("serve.ts", [".", "--port", port, "--host", "127.0.0.1"], { permissions: PERMISSIONS });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /EADDRINUSE|in use/i);
    assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
  }, ["--quiet"]);
});

test("serve.ts --cert --key serves HTTPS that curl --cacert verifies; the URL and the access log say https", {
  skip: skipUnless("curl") || skipWithoutOpenssl(),
}, async () => {
  const { certFile, keyFile, caFile, otherCaFile } = testCerts();
  const dir = await mkdtemp(join(tmpdir(), "http10-serve-"));
  await writeFile(join(dir, "hello.txt"), "Hello, TLS!\n");
  const server = await startScript(
    "serve.ts",
    [dir, "--port", "0", "--host", "127.0.0.1", "--cert", certFile, "--key", keyFile],
    /Serving .* on (https:\/\/127\.0\.0\.1:(\d+)\/)/,
    { permissions: PERMISSIONS },
  );
  try {
    const port = server.match[2];
    const ok = await run("curl", ["-sS", "--cacert", caFile, `https://localhost:${port}/hello.txt`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.text, "Hello, TLS!\n");
    await server.waitFor(/"GET \/hello\.txt HTTP\/1\.1" 200 12 https/);
    const byIp = await run("curl", ["-s", "--http1.0", "--cacert", caFile, `${server.match[1]}hello.txt`]);
    assert.equal(byIp.text, "Hello, TLS!\n");
    // The wrong CA: curl refuses the certificate (60), and the server goes on serving.
    const wrong = await run("curl", ["-s", "--cacert", otherCaFile, `https://localhost:${port}/hello.txt`]);
    assert.equal(wrong.code, 60);
    const again = await run("curl", ["-s", "-k", `https://localhost:${port}/hello.txt`]);
    assert.equal(again.text, "Hello, TLS!\n");
  } finally {
    const code = await server.stop();
    await rm(dir, { recursive: true, force: true });
    assert.equal(code, 0, server.output());
    assert.doesNotMatch(server.output(), /connection error/, "a refused handshake is not logged as an error");
  }
});

test("serve.ts wants --cert and --key together", async () => {
  const r = await runScript("serve.ts", [".", "--cert", "x.pem"], { permissions: PERMISSIONS });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--cert and --key go together/);
});

test("serve.ts exits by itself on SIGTERM within its grace period while a client is stuck on a download", async () => {
  await withSite(async (url, dir, server) => {
    // Larger than the socket buffers of both ends, so the response cannot finish by itself.
    await writeFile(join(dir, "huge.bin"), new Uint8Array(64 * 1024 * 1024));
    const port = Number(new URL(url).port);
    const stuck = net.connect({ host: "127.0.0.1", port });
    await new Promise((r) => stuck.once("connect", r));
    stuck.write("GET /huge.bin HTTP/1.0\r\n\r\n");
    await new Promise((r) => stuck.once("data", r)); // the download has begun...
    stuck.pause(); // ...and the client stops reading
    // SIGKILL only after 30 s: an exit code of 0 means it stopped itself after the 5 s grace period.
    const code = await server.stop(30_000);
    assert.equal(code, 0, server.output());
    assert.match(server.output(), /Received SIGTERM/);
    stuck.destroy();
  });
});

test("parseArgs() reads serve.ts's file-serving flags", async () => {
  const { parseArgs } = await import("../serve.ts");
  const f = parseArgs([
    "site",
    "--cors",
    "--dotfiles",
    "--gzip",
    "--no-etag",
    "--no-listing",
    "-q",
    "-v",
    "--header",
    "Cache-Control: no-cache",
    "--header=X-A: b: c",
  ]);
  assert.notEqual(f, "help");
  if (f === "help") return;
  assert.equal(f.dir, "site");
  assert.deepEqual(
    [f.cors, f.dotfiles, f.gzip, f.etag, f.listing, f.quiet],
    [true, true, true, false, false, false],
  );
  assert.deepEqual(f.headers, [["Cache-Control", "no-cache"], ["X-A", "b: c"]]);
  const d = parseArgs([]);
  assert.notEqual(d, "help");
  if (d === "help") return;
  assert.deepEqual([d.cors, d.dotfiles, d.gzip, d.etag, d.listing, d.quiet, d.headers], [
    false,
    false,
    false,
    true,
    true,
    false,
    [],
  ]);
  assert.throws(() => parseArgs(["--header", "no colon"]), /--header must be "Name: value"/);
  assert.throws(() => parseArgs(["--header", "bad name: x"]), /--header must be "Name: value"/);
  assert.throws(() => parseArgs(["--header"]), /--header needs a value/);
});

test("serve.ts --help lists every flag", async () => {
  const help = await runScript("serve.ts", ["--help"], { permissions: PERMISSIONS });
  for (
    const flag of [
      "--port",
      "--host",
      "--quiet",
      "--verbose",
      "--no-listing",
      "--dotfiles",
      "--cors",
      "--gzip",
      "--no-etag",
      "--header",
    ]
  ) {
    assert.ok(help.text.split("\n\n")[0].includes(flag), `${flag} in the usage line`);
    assert.match(help.text, new RegExp(`^ +(-\\w, )?${flag}`, "m"), `${flag} explained`);
  }
});

test("serve.ts --cors --dotfiles --gzip --header answer curl as documented", { skip: skipUnless("curl") }, async () => {
  await withSite(async (url, dir) => {
    await writeFile(join(dir, ".env"), "dot\n");
    await writeFile(join(dir, "app.js"), "console.log('hello');\n".repeat(100));
    const dot = await run("curl", ["-s", "-f", `${url}.env`]);
    assert.equal(dot.text, "dot\n");
    const r = await run("curl", ["-s", "-i", "--compressed", "-H", "Origin: http://x.example", `${url}app.js`]);
    assert.match(r.text, /\r\nContent-Encoding: gzip\r\n/i);
    assert.match(r.text, /\r\nAccess-Control-Allow-Origin: \*\r\n/i);
    assert.match(r.text, /\r\nX-Test: one\r\n/i);
    assert.match(r.text, /\r\nCache-Control: no-store\r\n/i);
    assert.ok(r.text.endsWith("console.log('hello');\n"));
    const pre = await run("curl", [
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "-X",
      "OPTIONS",
      "-H",
      "Origin: http://x.example",
      "-H",
      "Access-Control-Request-Method: GET",
      `${url}app.js`,
    ]);
    assert.equal(pre.text, "204");
  }, ["--quiet", "--cors", "--dotfiles", "--gzip", "--header", "X-Test: one", "--header", "Cache-Control: no-store"]);
});

test("serve.ts hides dotfiles by default", { skip: skipUnless("curl") }, async () => {
  await withSite(async (url, dir) => {
    await writeFile(join(dir, ".env"), "dot\n");
    const r = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `${url}.env`]);
    assert.equal(r.text, "404");
  }, ["--quiet"]);
});
