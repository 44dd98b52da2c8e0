/**
 * fetch.ts's everyday curl flags, each compared with curl's own output (or the request
 * curl sends) against the same local server: a fake server for request headers, trailers
 * and retries; nginx for ranges, resuming and gzip; http10's serve.ts and nginx with TLS
 * for https.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { formatWriteOut } from "../cli/fetch/write_out.ts";
import { listen } from "../src/net/listen.ts";
import { writeAll } from "../src/transport/write_all.ts";
import { run, runScript, startScript } from "./_helpers/run_script.ts";
import { skipWithoutOpenssl, testCerts } from "./_helpers/certs.ts";
import { skipUnless } from "./_helpers/tools.ts";
import { startDnsmasq } from "./_helpers/dnsmasq.ts";
import { type FakeServer, type Reply, startFakeServer } from "./client/_fake_server.ts";
import { makeSite, type Peer, type Site, startNginx } from "./client/_peers.ts";

const curlSkip = skipUnless("curl");
const WRITE = ["--allow-net", "--allow-read", "--allow-write"];
// The permissions the README gives fetch.ts without -o, -O or -D.
const READ_ONLY = ["--allow-net", "--allow-read"];

const fetchTs = (args: string[], options: { permissions?: string[]; cwd?: string } = {}) =>
  runScript("fetch.ts", args, { timeoutMs: 30_000, permissions: options.permissions ?? WRITE, ...options });
const curl = (args: string[], cwd?: string) => run("curl", args, { timeoutMs: 30_000, cwd });

async function withServer<T>(
  script: Reply | Reply[] | ((req: { head: string }, i: number) => Reply),
  fn: (s: FakeServer) => Promise<T>,
) {
  const server = await startFakeServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "http10-fetch-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The value of header `name` in a raw request head, or undefined. */
function field(head: string, name: string): string | undefined {
  const m = new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)\\r\\n`, "i").exec(head);
  return m?.[1];
}

/** The request line of a raw head, without its version. */
function requestLine(head: string): string {
  return head.slice(0, head.indexOf("\r\n")).replace(/ HTTP\/1\.[01]$/, "");
}

const OK = { pieces: ["HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n"] };

test("-A, -u, -e, -b, -r, --json and -G -d send the request curl sends", { skip: curlSkip }, async () => {
  const cases: [string, string[], string[]][] = [
    ["-A", ["-A", "agent/1.0"], ["user-agent"]],
    ["-u", ["-u", "ann:sécret:x"], ["authorization"]],
    ["-e", ["-e", "http://from.example/page"], ["referer"]],
    ["-b", ["-b", "a=1; b=2", "-b", "c=3"], ["cookie"]],
    ["-r", ["-r", "0-99"], ["range"]],
    ["--json", ["--json", '{"a":1}'], ["content-type", "accept", "content-length"]],
    ["-G -d", ["-G", "-d", "q=1", "-d", "r=2"], []],
    ["-d", ["-d", "x=1"], ["content-type", "content-length"]],
  ];
  for (const [what, flags, names] of cases) {
    await withServer(OK, async (server) => {
      const url = `${server.origin}/p?s=0`;
      const theirs = await curl(["-s", ...flags, url]);
      const ours = await fetchTs(["-s", ...flags, url]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(theirs.code, 0);
      const [c, o] = server.requests.map((r) => r.head);
      assert.equal(requestLine(o), requestLine(c), what);
      for (const name of names) assert.equal(field(o, name), field(c, name), `${what}: ${name}`);
      assert.deepEqual(server.requests[1].body, server.requests[0].body, what);
      assert.equal(ours.text, theirs.text);
    });
  }
});

test(
  "-X POST -L keeps POST across 301, 302 and 303 as curl does; without -X, POST becomes GET",
  { skip: curlSkip },
  async () => {
    for (const status of [301, 302, 303, 307]) {
      for (const flags of [["-X", "POST", "-d", "x=1"], ["-d", "x=1"]]) {
        const script = (req: { head: string }) =>
          req.head.startsWith("POST /start")
            ? { pieces: [`HTTP/1.0 ${status} Moved\r\nLocation: /end\r\nContent-Length: 0\r\n\r\n`] }
            : OK;
        await withServer(script, async (server) => {
          await curl(["-s", "-L", ...flags, `${server.origin}/start`]);
          const ours = await fetchTs(["-s", "-L", ...flags, `${server.origin}/start`]);
          assert.equal(ours.code, 0, ours.stderr);
          const [, c, , o] = server.requests;
          const what = `${status} ${flags.join(" ")}`;
          assert.equal(requestLine(o.head), requestLine(c.head), what);
          assert.equal(o.body.length, c.body.length, what);
        });
      }
    }
  },
);

test("-w prints the variables curl prints, after the body", { skip: curlSkip }, async () => {
  await withServer(OK, async (server) => {
    const format = "%{http_code} %{size_download} %{url_effective} %{remote_ip} %{remote_port} %{content_type}\\n";
    const theirs = await curl(["-s", "-w", format, `${server.origin}/x`]);
    const ours = await fetchTs(["-s", "-w", format, `${server.origin}/x`]);
    assert.equal(ours.text, theirs.text);
    const timed = await fetchTs(["-s", "-o", "/dev/null", "-w", "%{time_total}", server.origin]);
    assert.match(timed.text, /^\d+\.\d{6}$/);
    assert.ok(Number(timed.text) > 0 && Number(timed.text) < 30);
  });
  // A failed transfer still prints, with 000.
  const failed = await fetchTs(["-s", "-w", "[%{http_code}] %{exitcode}", "http://127.0.0.1:1/"]);
  const theirs = await curl(["-s", "-w", "[%{http_code}] %{exitcode}", "http://127.0.0.1:1/"]);
  assert.equal(failed.text, theirs.text);
  assert.equal(failed.code, 7);
});

test("formatWriteOut() fills variables, escapes and %%, and warns about unknown variables", () => {
  const info = {
    httpCode: 404,
    sizeDownload: 12,
    sizeHeader: 40,
    timeTotal: 0.5,
    urlEffective: "https://a/b",
    remoteIp: "::1",
    remotePort: 8443,
    contentType: "text/html",
    numRedirects: 2,
    exitCode: 0,
    errorMessage: "",
  };
  assert.deepEqual(formatWriteOut("%{http_code}\\t%{time_total} 100%% %{scheme}\\n%{nope}", info), {
    text: "404\t0.500000 100% HTTPS\n",
    warnings: ["unknown --write-out variable: 'nope'"],
  });
});

test(
  "-D writes the response heads curl writes; -i prints chunked trailers after the body, as curl",
  { skip: curlSkip },
  async () => {
    const chunked = {
      pieces: [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 42\r\n\r\n",
      ],
    };
    await withServer(chunked, async (server) => {
      await withDir(async (dir) => {
        const theirs = await curl(["-s", "-i", "-D", join(dir, "curl.h"), server.origin]);
        const ours = await fetchTs(["-s", "-i", "-D", join(dir, "ours.h"), server.origin]);
        assert.equal(ours.code, 0, ours.stderr);
        assert.equal(ours.text, theirs.text);
        assert.match(ours.text, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nhelloX-Sum: 42\r\n$/);
        assert.equal(await readFile(join(dir, "ours.h"), "utf8"), await readFile(join(dir, "curl.h"), "utf8"));
      });
    });
  },
);

test("-i and -D start at the status line when a server sends empty lines before it", async () => {
  const reply = { pieces: ["\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"] };
  await withServer(reply, async (server) => {
    const r = await fetchTs(["-s", "-i", server.origin]);
    assert.equal(r.text, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
    const d = await fetchTs(["-s", "-D", "-", "-o", "/dev/null", server.origin]);
    assert.equal(d.text, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n");
  });
});

test(
  "-O names the file after the URL, like curl, and exits 23 when the URL has no file name",
  { skip: curlSkip },
  async () => {
    await withServer(OK, async (server) => {
      await withDir(async (dir) => {
        const ours = await fetchTs(["-s", "-O", `${server.origin}/dir/file.txt?v=1`], { cwd: dir });
        assert.equal(ours.code, 0, ours.stderr);
        assert.equal(ours.text, "");
        assert.equal(await readFile(join(dir, "file.txt"), "utf8"), "hello\n");
        const none = await fetchTs(["-O", `${server.origin}/dir/`], { cwd: dir });
        const theirs = await curl(["-s", "-O", `${server.origin}/dir/`], dir);
        assert.equal(none.code, theirs.code);
        assert.equal(none.code, 23);
      });
    });
  },
);

test("-o /dev/null works with the README's permissions for reading only", async () => {
  await withServer(OK, async (server) => {
    const r = await fetchTs(["-s", "-o", "/dev/null", "-w", "%{http_code}", server.origin], { permissions: READ_ONLY });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.text, "200");
  });
});

test(
  "several URLs are fetched in turn, with -o per URL, and the exit status is the last one's",
  { skip: curlSkip },
  async () => {
    await withServer(OK, async (server) => {
      await withDir(async (dir) => {
        for (const urls of [["http://127.0.0.1:1/", server.origin], [server.origin, "http://127.0.0.1:1/"]]) {
          const ours = await fetchTs(["-s", ...urls]);
          const theirs = await curl(["-s", ...urls]);
          assert.equal(ours.code, theirs.code);
          assert.equal(ours.text, theirs.text);
        }
        const r = await fetchTs([
          "-s",
          "-o",
          join(dir, "a"),
          `${server.origin}/a`,
          "-o",
          join(dir, "b"),
          `${server.origin}/b`,
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(await readFile(join(dir, "a"), "utf8"), "hello\n");
        assert.equal(await readFile(join(dir, "b"), "utf8"), "hello\n");
      });
    });
  },
);

test("--retry tries again after a 503, writing each answer as curl does", { skip: curlSkip }, async () => {
  const script = (_req: unknown, i: number) =>
    i % 2 === 0 ? { pieces: ["HTTP/1.0 503 Busy\r\nContent-Length: 4\r\n\r\nbusy"] } : OK;
  await withServer(script, async (server) => {
    const theirs = await curl(["-s", "--retry", "1", server.origin]);
    const ours = await fetchTs(["--retry", "1", server.origin]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.text, theirs.text);
    assert.equal(ours.text, "busyhello\n");
    assert.match(ours.stderr, /Will retry in 1 seconds\. 1 retries left\./);
    assert.equal(server.requests.length, 4);
  });
  // Out of retries, each answer is printed.
  await withServer({ pieces: ["HTTP/1.0 503 Busy\r\nContent-Length: 4\r\n\r\nbusy"] }, async (server) => {
    const ours = await fetchTs(["-s", "--retry", "1", server.origin]);
    assert.equal(ours.text, "busybusy");
    assert.equal(ours.code, 0);
  });
});

test("--http1.0 is accepted and changes nothing: we speak HTTP/1.0 anyway", async () => {
  await withServer(OK, async (server) => {
    const r = await fetchTs(["--http1.0", server.origin]);
    assert.equal(r.text, "hello\n");
    assert.match(server.requests[0].head, /^GET \/ HTTP\/1\.0\r\n/);
  });
});

test("--dns-servers refuses a list it cannot read, with exit 2", async () => {
  for (const list of ["a.example", "127.0.0.1:0", "[::1", ""]) {
    const bad = await fetchTs(["--dns-servers", list, "http://x/"]);
    assert.equal(bad.code, 2, list);
    assert.match(bad.stderr, /--dns-servers needs ADDR\[:PORT\]/, list);
  }
});

test("--dns-servers reaches a name only that server knows; without it the name does not resolve (exit 6)", {
  skip: skipUnless("dnsmasq"),
}, async () => {
  const dns = await startDnsmasq(["local=/test/", "host-record=name.test,127.0.0.1"], "name.test");
  try {
    await withServer(OK, async (server) => {
      const url = `http://name.test:${new URL(server.origin).port}/`;
      const r = await fetchTs(["--dns-servers", dns.server, url]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.text, "hello\n");
      assert.match(server.requests[0].head, /\r\nHost: name\.test:\d+\r\n/);
      const without = await fetchTs(["-sS", url]);
      assert.equal(without.code, 6, without.stderr);
    });
  } finally {
    await dns.stop();
  }
});

test("an IPv6 zone id in the URL reaches the connect call", async () => {
  const r = await fetchTs(["-v", "--connect-timeout", "2", "http://[fe80::1%25lo]:9/"]);
  assert.match(r.stderr, /\* {3}Trying \[fe80::1%lo\]:9\.\.\./);
  assert.ok(r.code === 7 || r.code === 28, `${r.code} ${r.stderr}`);
});

// ---------------------------------------------------------------------------------------
// Against nginx: ranges, resuming, gzip.

async function withNginx(fn: (nginx: Peer, site: Site) => Promise<void>, gzip = false): Promise<void> {
  const site = await makeSite();
  const nginx = await startNginx(site, { gzip });
  try {
    await fn(nginx, site);
  } finally {
    await nginx.stop();
    await site.remove();
  }
}

test("-r gets the same bytes from nginx as curl -r", { skip: curlSkip || skipUnless("nginx") }, async () => {
  await withNginx(async (nginx) => {
    for (const range of ["0-99", "1000-", "-77", "5-5"]) {
      const theirs = await curl(["-s", "-r", range, `${nginx.origin}/big.bin`]);
      const ours = await fetchTs(["-s", "-r", range, `${nginx.origin}/big.bin`]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.deepEqual(ours.stdout, theirs.stdout, range);
    }
  });
});

test("-C - -o resumes a partial file from nginx as curl does, and leaves a whole one alone", {
  skip: curlSkip || skipUnless("nginx"),
}, async () => {
  await withNginx(async (nginx, site) => {
    await withDir(async (dir) => {
      for (const who of ["curl", "ours"]) {
        const file = join(dir, who);
        await writeFile(file, site.big.subarray(0, 100_000));
        const args = ["-s", "-C", "-", "-o", file, `${nginx.origin}/big.bin`];
        const r = who === "curl" ? await curl(args) : await fetchTs(args);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(new Uint8Array(await readFile(file)), site.big, who);
        // Whole already: nginx answers 416, and the file stays as it is.
        const again = who === "curl" ? await curl(args) : await fetchTs(args);
        assert.equal(again.code, 0, `${who} ${again.stderr}`);
        assert.deepEqual(new Uint8Array(await readFile(file)), site.big, who);
      }
    });
  });
});

test(
  "--compressed decodes nginx's gzip as curl --compressed does",
  { skip: curlSkip || skipUnless("nginx") },
  async () => {
    await withNginx(async (nginx, site) => {
      const theirs = await curl(["-s", "--compressed", `${nginx.origin}/small.txt`]);
      const ours = await fetchTs(["-s", "--compressed", `${nginx.origin}/small.txt`]);
      assert.deepEqual(ours.stdout, theirs.stdout);
      assert.deepEqual(ours.stdout, site.small);
      const head = await fetchTs(["-s", "-i", "--compressed", `${nginx.origin}/small.txt`]);
      assert.match(head.text, /\r\nContent-Encoding: gzip\r\n/);
      // Without --compressed nothing is asked for, and nothing decoded.
      const plain = await fetchTs(["-s", "-D", "-", `${nginx.origin}/small.txt`]);
      assert.doesNotMatch(plain.text, /Content-Encoding/);
    }, true);
  },
);

// ---------------------------------------------------------------------------------------
// https.

test("fetch.ts --cacert fetches from serve.ts --cert/--key; a wrong CA or name exits 60, -k gets through", {
  skip: curlSkip || skipWithoutOpenssl(),
}, async () => {
  const { certFile, keyFile, caFile, otherCaFile, wrongNameCertFile } = testCerts();
  await withDir(async (dir) => {
    await writeFile(join(dir, "hi.txt"), "hi over tls\n");
    const start = (cert: string) =>
      startScript(
        "serve.ts",
        [dir, "--port", "0", "--host", "127.0.0.1", "--quiet", "--cert", cert, "--key", keyFile],
        /on https:\/\/127\.0\.0\.1:(\d+)\//,
      );
    const good = await start(certFile);
    const wrong = await start(wrongNameCertFile);
    try {
      const url = `https://localhost:${good.match[1]}/hi.txt`;
      const ok = await fetchTs(["-sS", "--cacert", caFile, url], { permissions: READ_ONLY });
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.text, "hi over tls\n");
      const cases: [string[], string][] = [
        [["--cacert", otherCaFile, url], "unknown issuer"],
        [[url], "no CA given"],
        [["--cacert", caFile, `https://localhost:${wrong.match[1]}/hi.txt`], "wrong name"],
        [["-k", `https://localhost:${wrong.match[1]}/hi.txt`], "-k"],
        [["--insecure", url], "--insecure"],
      ];
      for (const [args, what] of cases) {
        const theirs = await curl(["-s", ...args]);
        const ours = await fetchTs(["-s", ...args], { permissions: READ_ONLY });
        assert.equal(ours.code, theirs.code, `${what}: ${ours.stderr}`);
        assert.equal(ours.text, theirs.text, what);
      }
      const named = await fetchTs(["--cacert", caFile, `https://localhost:${wrong.match[1]}/`], {
        permissions: READ_ONLY,
      });
      assert.match(
        named.stderr,
        /^fetch: \(60\) SSL: no alternative certificate subject name matches target host name 'localhost'/,
      );
    } finally {
      await good.stop();
      await wrong.stop();
    }
  });
});

test("fetch.ts --cacert fetches from nginx with ssl, as curl --cacert", {
  skip: curlSkip || skipUnless("nginx") || skipWithoutOpenssl(),
}, async () => {
  const { certFile, keyFile, caFile } = testCerts();
  const site = await makeSite();
  const nginx = await startNginx(site, { tls: { certFile, keyFile } });
  try {
    const url = nginx.origin.replace("127.0.0.1", "localhost");
    for (const path of ["/small.txt", "/big.bin"]) {
      const theirs = await curl(["-s", "--cacert", caFile, `${url}${path}`]);
      const ours = await fetchTs(["-s", "--cacert", caFile, `${url}${path}`]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.deepEqual(ours.stdout, theirs.stdout);
    }
    const w = await fetchTs([
      "-s",
      "--cacert",
      caFile,
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{url_effective}",
      `${url}/small.txt`,
    ]);
    assert.equal(w.text, `200 ${url}/small.txt`);
  } finally {
    await nginx.stop();
    await site.remove();
  }
});

test("fetch.ts exits 35 when the https server speaks no TLS, as curl", { skip: curlSkip }, async () => {
  // A plain server that answers as soon as a client connects, whatever it sends.
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  void (async () => {
    for await (const conn of listener) {
      writeAll(conn, new TextEncoder().encode("HTTP/1.0 400 Bad Request\r\n\r\n")).catch(() => {})
        .finally(() => conn.close());
    }
  })().catch(() => {});
  try {
    const url = `https://127.0.0.1:${listener.addr.port}/`;
    const theirs = await curl(["-s", url]);
    const ours = await fetchTs(["-s", url]);
    assert.equal(ours.code, theirs.code);
    assert.equal(ours.code, 35);
  } finally {
    listener.close();
  }
});
