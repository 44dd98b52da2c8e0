import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, truncate, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import process from "node:process";
import { join, relative } from "node:path";
import { FileTruncatedError, serveDir, type ServeDirOptions } from "../../src/server/static.ts";
import { parseHttpDate } from "../../src/http10/date.ts";

// ---------------------------------------------------------------------------------------
// The test site. Each test builds its own in a fresh temporary directory and removes it
// in `finally`:
//
//   <base>/secret.txt            "TOP SECRET" — outside the root; must never be served
//   <base>/outside/secret.txt    "TOP SECRET"
//   <base>/root/                 the served root
//     a.txt                      "hello\n"
//     old.txt                    mtime 2020-01-02T03:04:05.678Z
//     page.html, README          (types)
//     with space.txt, ünï.txt, <b>&"x".txt
//     .secret                    a dotfile; .hidden/x.txt a file in a dot-directory
//     sub/b.css, sub/deeper/c.json
//     site/index.html            a directory with an index page
//     inlink -> sub/b.css        a symlink that stays inside
//     indir -> sub               a directory symlink that stays inside
//     outlink -> ../secret.txt   a symlink that leaves the root
//     outdir -> ../outside       a directory symlink that leaves the root
//     dangling -> nowhere
// ---------------------------------------------------------------------------------------

const SECRET = "TOP SECRET";
const OLD = new Date("2020-01-02T03:04:05.678Z");
const OLD_HTTP = "Thu, 02 Jan 2020 03:04:05 GMT";

interface Site {
  base: string;
  root: string;
}

async function withSite(fn: (site: Site) => Promise<void>): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), "http10-static-"));
  try {
    const root = join(base, "root");
    await mkdir(join(root, "sub", "deeper"), { recursive: true });
    await mkdir(join(root, "site"));
    await mkdir(join(root, ".hidden"));
    await mkdir(join(base, "outside"));
    await writeFile(join(base, "secret.txt"), SECRET);
    await writeFile(join(base, "outside", "secret.txt"), SECRET);
    await writeFile(join(root, "a.txt"), "hello\n");
    await writeFile(join(root, "old.txt"), "old\n");
    await utimes(join(root, "old.txt"), OLD, OLD);
    await writeFile(join(root, "page.html"), "<p>hi</p>\n");
    await writeFile(join(root, "README"), "read me\n");
    await writeFile(join(root, "with space.txt"), "space\n");
    await writeFile(join(root, "ünï.txt"), "unicode\n");
    await writeFile(join(root, '<b>&"x".txt'), "tricky\n");
    await writeFile(join(root, ".secret"), "dot\n");
    await writeFile(join(root, ".hidden", "x.txt"), "hidden\n");
    await writeFile(join(root, "sub", "b.css"), "b { color: red }\n");
    await writeFile(join(root, "sub", "deeper", "c.json"), "{}\n");
    await writeFile(join(root, "site", "index.html"), "<h1>index</h1>\n");
    await symlink(join("sub", "b.css"), join(root, "inlink"));
    await symlink("sub", join(root, "indir"));
    await symlink(join("..", "secret.txt"), join(root, "outlink"));
    await symlink(join(base, "outside"), join(root, "outdir"));
    await symlink("nowhere", join(root, "dangling"));
    await fn({ base, root });
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** `size` pseudo-random bytes (xorshift32), the same every run. */
function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Request {
  return new Request(`http://localhost${path}`, { method, headers });
}

/**
 * A Request-like object whose url is exactly the text given, as a server might build
 * from the unparsed request-target; `new Request()` would normalize "/../" away.
 */
function rawGet(path: string): Request {
  return { method: "GET", url: `http://localhost${path}`, headers: new Headers() } as unknown as Request;
}

/** Reads a body chunk by chunk. */
async function chunks(response: Response): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

/** The number of open file descriptors of this process, where /proc tells it. */
function openFds(): number {
  return readdirSync("/proc/self/fd").length;
}
const NO_PROC = existsSync("/proc/self/fd") ? false : "needs /proc/self/fd to count open files";

// --- files ---------------------------------------------------------------------------------

test("serveDir() serves a small file with Content-Type, Content-Length and Last-Modified", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/old.txt"));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(res.headers.get("content-length"), "4");
    assert.equal(res.headers.get("last-modified"), OLD_HTTP);
    assert.equal(await res.text(), "old\n");
  });
});

test("serveDir() picks the Content-Type by extension, octet-stream without one", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    assert.equal((await handler(get("/page.html"))).headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal((await handler(get("/sub/b.css"))).headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal((await handler(get("/README"))).headers.get("content-type"), "application/octet-stream");
  });
});

test("serveDir() serves nested files and percent-encoded names", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    assert.equal(await (await handler(get("/sub/deeper/c.json"))).text(), "{}\n");
    assert.equal(await (await handler(get("/with%20space.txt"))).text(), "space\n");
    assert.equal(await (await handler(get("/ünï.txt"))).text(), "unicode\n");
    assert.equal(await (await handler(get("/%3Cb%3E%26%22x%22.txt"))).text(), "tricky\n");
  });
});

test("serveDir() ignores the query string when mapping a path", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/a.txt?x=1#frag"));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello\n");
  });
});

test("serveDir() answers HEAD with the headers of GET and no body", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    const getRes = await handler(get("/old.txt"));
    const headRes = await handler(get("/old.txt", {}, "HEAD"));
    assert.equal(headRes.status, 200);
    assert.deepEqual([...headRes.headers], [...getRes.headers]);
    assert.equal(headRes.body, null);
    await getRes.body?.cancel();
  });
});

test("serveDir() answers a file path with a trailing slash with 404", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/a.txt/"));
    assert.equal(res.status, 404);
  });
});

test("serveDir() answers a missing file with a plain-text 404", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/nope.txt"));
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(res.headers.get("content-length"), "14");
    assert.equal(await res.text(), "404 Not Found\n");
  });
});

test("serveDir() answers a missing file under HEAD with the 404 headers and no body", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/nope.txt", {}, "HEAD"));
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-length"), "14");
    assert.equal(res.body, null);
  });
});

test("serveDir() answers a path below a file (ENOTDIR) with 404", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/a.txt/more"));
    assert.equal(res.status, 404);
  });
});

test("serveDir() serves a symlink that stays inside the root", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    const file = await handler(get("/inlink"));
    assert.equal(file.status, 200);
    assert.equal(await file.text(), "b { color: red }\n");
    const viaDir = await handler(get("/indir/deeper/c.json"));
    assert.equal(viaDir.status, 200);
    assert.equal(await viaDir.text(), "{}\n");
  });
});

test("serveDir() answers a dangling symlink with 404", async () => {
  await withSite(async ({ root }) => {
    assert.equal((await serveDir(root)(get("/dangling"))).status, 404);
  });
});

test("serveDir() works when the root itself is a symlink or a relative path", async () => {
  await withSite(async ({ base, root }) => {
    await symlink(root, join(base, "root-link"));
    const viaLink = await serveDir(join(base, "root-link"))(get("/sub/b.css"));
    assert.equal(viaLink.status, 200);
    assert.equal(await viaLink.text(), "b { color: red }\n");
    const viaRelative = await serveDir(relative(process.cwd(), root))(get("/a.txt"));
    assert.equal(viaRelative.status, 200);
    assert.equal(await viaRelative.text(), "hello\n");
  });
});

test("serveDir() answers every path with 404 while the root does not exist", async () => {
  await withSite(async ({ base }) => {
    const handler = serveDir(join(base, "later"));
    assert.equal((await handler(get("/"))).status, 404);
    await mkdir(join(base, "later"));
    await writeFile(join(base, "later", "x.txt"), "now\n");
    const res = await handler(get("/x.txt"));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "now\n");
  });
});

test("serveDir() answers a file it may not read with 403", {
  skip: process.getuid?.() === 0 && "root reads every file",
}, async () => {
  await withSite(async ({ root }) => {
    await chmod(join(root, "a.txt"), 0o000);
    const res = await serveDir(root)(get("/a.txt"));
    assert.equal(res.status, 403);
    assert.equal(await res.text(), "403 Forbidden\n");
  });
});

test("serveDir() answers a directory it may not read with 403", {
  skip: process.getuid?.() === 0 && "root reads every directory",
}, async () => {
  await withSite(async ({ root }) => {
    await chmod(join(root, "sub"), 0o000);
    try {
      const handler = serveDir(root);
      const listing = await handler(get("/sub/"));
      assert.equal(listing.status, 403);
      assert.equal(await listing.text(), "403 Forbidden\n");
      const file = await handler(get("/sub/b.css"));
      assert.equal(file.status, 403);
      await file.body?.cancel();
    } finally {
      await chmod(join(root, "sub"), 0o755); // so that the site can be removed
    }
  });
});

// --- methods ---------------------------------------------------------------------------------

for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
  test(`serveDir() answers ${method} with 405 and Allow: GET, HEAD`, async () => {
    await withSite(async ({ root }) => {
      const res = await serveDir(root)(get("/a.txt", {}, method));
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
      assert.equal(await res.text(), "405 Method Not Allowed\n");
    });
  });
}

// --- large files ---------------------------------------------------------------------------

test("serveDir() streams a 3 MiB file byte for byte in chunks of at most 256 KiB", async () => {
  await withSite(async ({ root }) => {
    const data = randomBytes(3 * 1024 * 1024);
    await writeFile(join(root, "big.bin"), data);
    const res = await serveDir(root)(get("/big.bin"));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-length"), String(data.length));
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
    const parts = await chunks(res);
    assert.ok(parts.length >= 12, `expected many chunks, got ${parts.length}`);
    assert.ok(parts.every((c) => c.length <= 256 * 1024));
    assert.ok(Buffer.concat(parts).equals(data), "the body differs from the file");
  });
});

test("serveDir() reads a file of exactly streamThreshold bytes whole and streams a larger one", async () => {
  await withSite(async ({ root }) => {
    // A body read whole keeps what the file held when the response was made; a stream
    // reads when it is consumed. Rewriting the file in between tells the two apart.
    const handler = serveDir(root, { streamThreshold: 10 });
    await writeFile(join(root, "ten.txt"), "AAAAAAAAAA");
    await writeFile(join(root, "eleven.txt"), "AAAAAAAAAAA");
    const whole = await handler(get("/ten.txt"));
    const streamed = await handler(get("/eleven.txt"));
    await writeFile(join(root, "ten.txt"), "BBBBBBBBBB");
    await writeFile(join(root, "eleven.txt"), "BBBBBBBBBBB");
    assert.equal(await whole.text(), "AAAAAAAAAA");
    assert.equal(await streamed.text(), "BBBBBBBBBBB");
  });
});

test("serveDir() closes a streamed file once the body has been read", { skip: NO_PROC }, async () => {
  await withSite(async ({ root }) => {
    await writeFile(join(root, "big.bin"), randomBytes(1024 * 1024));
    const handler = serveDir(root);
    const before = openFds();
    const res = await handler(get("/big.bin"));
    const reader = res.body!.getReader();
    await reader.read();
    assert.equal(openFds(), before + 1, "the file is open while streaming");
    while (!(await reader.read()).done);
    assert.equal(openFds(), before);
  });
});

test("serveDir() closes a streamed file when the reader cancels", { skip: NO_PROC }, async () => {
  await withSite(async ({ root }) => {
    await writeFile(join(root, "big.bin"), randomBytes(1024 * 1024));
    const handler = serveDir(root);
    const before = openFds();
    const res = await handler(get("/big.bin"));
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.equal(first.value?.length, 256 * 1024);
    assert.equal(openFds(), before + 1, "the file is open while streaming");
    await reader.cancel();
    assert.equal(openFds(), before);
  });
});

test("serveDir() opens no file for a streamed response nobody reads, nor for HEAD", { skip: NO_PROC }, async () => {
  await withSite(async ({ root }) => {
    await writeFile(join(root, "big.bin"), randomBytes(1024 * 1024));
    const handler = serveDir(root);
    const before = openFds();
    const headRes = await handler(get("/big.bin", {}, "HEAD"));
    assert.equal(headRes.body, null);
    assert.equal(headRes.headers.get("content-length"), String(1024 * 1024));
    const unread = await handler(get("/big.bin"));
    assert.equal(openFds(), before);
    await unread.body!.cancel();
  });
});

test("serveDir() errors the stream with FileTruncatedError and closes the file when the file shrinks", {
  skip: NO_PROC,
}, async () => {
  await withSite(async ({ root }) => {
    const path = join(root, "big.bin");
    await writeFile(path, randomBytes(1024 * 1024));
    const handler = serveDir(root);
    const before = openFds();
    const res = await handler(get("/big.bin"));
    const reader = res.body!.getReader();
    await reader.read();
    await truncate(path, 300 * 1024);
    await assert.rejects(
      async () => {
        while (!(await reader.read()).done);
      },
      (e: unknown) => e instanceof FileTruncatedError && e.code === "HTTP10_FILE_TRUNCATED" && e.sent === 300 * 1024,
    );
    assert.equal(openFds(), before);
  });
});

test("serveDir() sends no more than Content-Length when the file grows while streaming", async () => {
  await withSite(async ({ root }) => {
    const path = join(root, "big.bin");
    await writeFile(path, randomBytes(200 * 1024));
    const res = await serveDir(root)(get("/big.bin"));
    await writeFile(path, randomBytes(300 * 1024));
    const body = Buffer.concat(await chunks(res));
    assert.equal(body.length, 200 * 1024);
  });
});

// --- If-Modified-Since ---------------------------------------------------------------------

// old.txt was modified at 03:04:05.678; HTTP dates have whole seconds.
const CONDITIONAL: [ifModifiedSince: string, status: number, why: string][] = [
  [OLD_HTTP, 304, "the same second as the file"],
  ["Thu, 02 Jan 2020 03:04:06 GMT", 304, "a later date"],
  ["Thu, 02 Jan 2020 03:04:04 GMT", 200, "an earlier date"],
  ["Wed, 01 Jan 2020 00:00:00 GMT", 200, "a day earlier"],
  ["not a date", 200, "an invalid date (ignored)"],
  ["", 200, "an empty value (ignored)"],
  ["Fri, 01 Jan 2100 00:00:00 GMT", 200, "a date in the future (ignored)"],
];

for (const [since, status, why] of CONDITIONAL) {
  test(`serveDir() answers If-Modified-Since with ${why} with ${status}`, async () => {
    await withSite(async ({ root }) => {
      const res = await serveDir(root)(get("/old.txt", { "if-modified-since": since }));
      assert.equal(res.status, status);
      assert.equal(res.headers.get("last-modified"), OLD_HTTP);
      assert.equal(await res.text(), status === 304 ? "" : "old\n");
    });
  });
}

test("serveDir() answers a 304 with no body and no Content-Length, for GET and HEAD", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    for (const method of ["GET", "HEAD"]) {
      const res = await handler(get("/old.txt", { "if-modified-since": OLD_HTTP }, method));
      assert.equal(res.status, 304);
      assert.equal(res.body, null);
      assert.equal(res.headers.get("content-length"), null);
    }
  });
});

test("serveDir() never sends a Last-Modified later than now", async () => {
  await withSite(async ({ root }) => {
    const future = new Date(Date.now() + 24 * 3600 * 1000);
    await utimes(join(root, "a.txt"), future, future);
    const res = await serveDir(root)(get("/a.txt"));
    const lastModified = parseHttpDate(res.headers.get("last-modified")!);
    assert.ok(lastModified !== null && lastModified.getTime() <= Date.now());
    await res.body?.cancel();
  });
});

// --- directories ---------------------------------------------------------------------------

test("serveDir() redirects a directory without a trailing slash with 301, keeping the query", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/sub?x=1&y=2"));
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "http://localhost/sub/?x=1&y=2");
    assert.equal(await res.text(), "301 Moved Permanently\n");
  });
});

test("serveDir() redirects to the percent-encoded path it was asked for", async () => {
  await withSite(async ({ root }) => {
    await mkdir(join(root, "a dir"));
    const res = await serveDir(root)(get("/a%20dir"));
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "http://localhost/a%20dir/");
  });
});

test("serveDir() keeps a redirect on the request's own origin even for a path starting with //", async () => {
  await withSite(async ({ root }) => {
    await mkdir(join(root, "evil.example"), { recursive: true });
    const res = await serveDir(root)(get("//evil.example"));
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "http://localhost//evil.example/");
  });
});

test("serveDir() serves index.html for a directory with one", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/site/"));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.ok(res.headers.get("last-modified"));
    assert.equal(await res.text(), "<h1>index</h1>\n");
  });
});

test("serveDir() lists a directory with index.html when index is false", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root, { index: false })(get("/site/"));
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<a href="index\.html">index\.html<\/a>/);
  });
});

test("serveDir() ignores an index.html that is a directory or a symlink out of the root", async () => {
  await withSite(async ({ base, root }) => {
    await mkdir(join(root, "odd", "index.html"), { recursive: true });
    await mkdir(join(root, "leaky"));
    await writeFile(join(base, "index.html"), SECRET);
    await symlink(join(base, "index.html"), join(root, "leaky", "index.html"));
    const handler = serveDir(root);
    const odd = await handler(get("/odd/"));
    assert.match(await odd.text(), /Index of \/odd\//);
    const leaky = await handler(get("/leaky/"));
    const html = await leaky.text();
    assert.match(html, /Index of \/leaky\//);
    assert.doesNotMatch(html, new RegExp(SECRET));
  });
});

test("serveDir() answers a directory with neither index nor listing with 403", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root, { listing: false });
    const res = await handler(get("/sub/"));
    assert.equal(res.status, 403);
    assert.equal(await res.text(), "403 Forbidden\n");
    assert.equal((await handler(get("/site/"))).status, 200);
  });
});

test("serveDir() lists a directory with names, trailing slashes for directories, sizes and times", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/"));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    assert.equal(res.headers.get("content-length"), String(new TextEncoder().encode(html).length));
    assert.match(html, /<title>Index of \/<\/title>/);
    assert.match(html, /<a href="sub\/">sub\/<\/a>/);
    assert.match(html, /<a href="site\/">site\/<\/a>/);
    assert.match(html, /<a href="indir\/">indir\/<\/a>/, "a directory symlink inside the root is a directory");
    assert.match(html, /<a href="inlink">inlink<\/a><\/td><td>17<\/td>/, "a file symlink shows its target's size");
    assert.match(html, /<a href="old\.txt">old\.txt<\/a><\/td><td>4<\/td><td>2020-01-02 03:04:05<\/td>/);
    assert.match(html, /<a href="with%20space\.txt">with space\.txt<\/a>/);
    assert.match(html, /<a href="%C3%BCn%C3%AF\.txt">ünï\.txt<\/a>/);
    assert.ok(html.indexOf('href="sub/"') < html.indexOf('href="a.txt"'), "directories come first");
  });
});

test("serveDir() escapes names in a listing: HTML in text, percent-encoding in hrefs", async () => {
  await withSite(async ({ root }) => {
    const html = await (await serveDir(root)(get("/"))).text();
    assert.ok(html.includes('<a href="%3Cb%3E%26%22x%22.txt">&lt;b&gt;&amp;&quot;x&quot;.txt</a>'));
    assert.ok(!html.includes('<b>&"x"'));
  });
});

test("serveDir() escapes the path in a listing's title", async () => {
  await withSite(async ({ root }) => {
    await mkdir(join(root, "<i>"));
    const html = await (await serveDir(root)(get("/%3Ci%3E/"))).text();
    assert.match(html, /<title>Index of \/&lt;i&gt;\/<\/title>/);
    assert.ok(!html.includes("<i>"));
  });
});

test("serveDir() links to the parent in a subdirectory listing but not at the root", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    const top = await (await handler(get("/"))).text();
    const sub = await (await handler(get("/sub/"))).text();
    assert.ok(!top.includes('href="../"'));
    assert.ok(sub.includes('<a href="../">../</a>'));
    assert.match(sub, /<a href="deeper\/">deeper\/<\/a>/);
    assert.match(sub, /<a href="b\.css">b\.css<\/a>/);
  });
});

test("serveDir() leaves dotfiles, links out of the root and dangling links out of a listing", async () => {
  await withSite(async ({ root }) => {
    const html = await (await serveDir(root)(get("/"))).text();
    for (const name of [".secret", ".hidden", "outlink", "outdir", "dangling"]) {
      assert.ok(!html.includes(name), `${name} is listed`);
    }
  });
});

test("serveDir() lists dotfiles when dotfiles is true", async () => {
  await withSite(async ({ root }) => {
    const html = await (await serveDir(root, { dotfiles: true })(get("/"))).text();
    assert.match(html, /<a href="\.secret">\.secret<\/a>/);
    assert.match(html, /<a href="\.hidden\/">\.hidden\/<\/a>/);
  });
});

test("serveDir() answers HEAD on a listing with its headers and no body", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    const getRes = await handler(get("/sub/"));
    const headRes = await handler(get("/sub/", {}, "HEAD"));
    assert.equal(headRes.status, 200);
    assert.equal(headRes.body, null);
    assert.equal(headRes.headers.get("content-length"), getRes.headers.get("content-length"));
    await getRes.body?.cancel();
  });
});

// --- dotfiles ------------------------------------------------------------------------------

test("serveDir() hides dotfiles and dot-directories with 404 by default", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    for (const path of ["/.secret", "/%2esecret", "/.hidden/x.txt", "/.hidden/"]) {
      const res = await handler(get(path));
      assert.equal(res.status, 404, path);
      assert.equal(await res.text(), "404 Not Found\n");
    }
  });
});

test("serveDir() serves dotfiles when dotfiles is true", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root, { dotfiles: true });
    assert.equal(await (await handler(get("/.secret"))).text(), "dot\n");
    assert.equal(await (await handler(get("/.hidden/x.txt"))).text(), "hidden\n");
  });
});

// --- traversal -----------------------------------------------------------------------------

// Each path is tried twice: through `new Request()` (whose URL parser resolves dot
// segments first) and as raw text (what a server might pass on unparsed). Every one
// must be refused without a byte from outside the root.
const TRAVERSAL: [path: string, status: number][] = [
  ["/../secret.txt", 404],
  ["/../../../../../../etc/passwd", 404],
  ["/sub/../../secret.txt", 404],
  ["/%2e%2e/secret.txt", 404],
  ["/%2E%2E/secret.txt", 404],
  ["/.%2e/secret.txt", 404],
  ["/%2e./secret.txt", 404],
  ["/..%2fsecret.txt", 404],
  ["/..%2Fsecret.txt", 404],
  ["/%2e%2e%2fsecret.txt", 404],
  ["/sub/..%2f..%2fsecret.txt", 404],
  ["/..\\secret.txt", 404],
  ["/sub\\..\\..\\secret.txt", 404],
  ["/..%5csecret.txt", 404],
  ["/%2e%2e%5csecret.txt", 404],
  ["/a.txt%00", 404],
  ["/a/%00", 404],
  ["/secret.txt%00.html", 404],
  ["/%252e%252e/secret.txt", 404], // decoded once it is the name "%2e%2e": no such directory
  ["/%252e%252e%252fsecret.txt", 404],
  ["/outlink", 404],
  ["/outdir/secret.txt", 404],
  ["/outdir/", 404],
  ["/outdir", 404],
  ["/indir/../../secret.txt", 404],
  ["//etc/passwd", 404],
  ["/%c0%ae%c0%ae/secret.txt", 400], // overlong UTF-8 for "..": not UTF-8 at all
  ["/%%32%65%%32%65/secret.txt", 400], // "%%32%65": a malformed escape
  ["/%2", 400],
  ["/%zz", 400],
];

for (const [path, status] of TRAVERSAL) {
  for (const [how, make] of [["parsed", get], ["raw", rawGet]] as const) {
    test(`serveDir() refuses ${JSON.stringify(path)} (${how}) with ${status}`, async () => {
      await withSite(async ({ root }) => {
        const res = await serveDir(root, { dotfiles: true })(make(path));
        const body = await res.text();
        assert.equal(res.status, status, body);
        assert.ok(!body.includes(SECRET), "a file outside the root was served");
        assert.ok(!body.includes("root:"), "/etc/passwd was served");
      });
    });
  }
}

test("serveDir() lets the URL parser resolve a dot segment inside the root but refuses it raw", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root, { dotfiles: true }); // so ".." is refused as a dot segment
    const parsed = await handler(get("/sub/../a.txt"));
    assert.equal(parsed.status, 200);
    assert.equal(await parsed.text(), "hello\n");
    const raw = await handler(rawGet("/sub/../a.txt"));
    assert.equal(raw.status, 404);
    await raw.body?.cancel();
  });
});

test("serveDir() refuses an encoded slash even where it would resolve inside the root", async () => {
  await withSite(async ({ root }) => {
    const handler = serveDir(root);
    for (const path of ["/sub%2fb.css", "/sub%2Fb.css", "/sub%2fdeeper%2f"]) {
      const res = await handler(get(path));
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});

test("serveDir() refuses a backslash even where a file has that name", async () => {
  await withSite(async ({ root }) => {
    // On POSIX "\\" is an ordinary name character; on Windows it separates directories.
    await writeFile(join(root, "x\\y.txt"), "backslash\n");
    const handler = serveDir(root);
    for (const path of ["/x%5cy.txt", "/x%5Cy.txt"]) {
      const res = await handler(get(path));
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
    const raw = await handler(rawGet("/x\\y.txt"));
    assert.equal(raw.status, 404);
    await raw.body?.cancel();
  });
});

test("serveDir() refuses a NUL byte in a path with 404 rather than passing it to the file system", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/a.txt%00"));
    assert.equal(res.status, 404);
    assert.equal(await res.text(), "404 Not Found\n");
  });
});

test("serveDir() answers a malformed percent-escape with a plain-text 400", async () => {
  await withSite(async ({ root }) => {
    const res = await serveDir(root)(get("/a%zz.txt"));
    assert.equal(res.status, 400);
    assert.equal(await res.text(), "400 Bad Request\n");
  });
});

// --- options -------------------------------------------------------------------------------

test("serveDir() throws InvalidOptionsError for options it cannot use", () => {
  const bad: unknown[] = [
    { streamThreshold: -1 },
    { streamThreshold: 1.5 },
    { index: "yes" },
    { listing: 1 },
    { dotfile: true }, // a typo
  ];
  for (const options of bad) {
    assert.throws(
      () => serveDir(".", options as ServeDirOptions),
      (e: unknown) => (e as { code?: string }).code === "HTTP10_INVALID_OPTIONS",
      JSON.stringify(options),
    );
  }
});
