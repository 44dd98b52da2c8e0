/**
 * A real browser against serve.ts: headless Chromium loads a test page (HTML, CSS, a
 * classic script, a module script, PNG, GIF and SVG images, an XHTML frame, a directory
 * listing fetched by the script), then reloads it. Driven over the DevTools protocol
 * (one WebSocket, both runtimes have it); serve.ts's access log confirms that every
 * resource arrived with 200 and that the reload revalidated with 304s.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startScript } from "./_helpers/run_script.ts";
import { hasTool } from "./_helpers/tools.ts";

const CHROMIUM = "/usr/bin/chromium";

function skipReason(): false | string {
  if (hasTool(CHROMIUM)) return false;
  if (process.env.CI) throw new Error("chromium is required in CI (.ci/run installs it)");
  return "chromium is not installed";
}

// A 1×1 PNG and a 1×1 GIF, the smallest valid images of each kind.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const GIF = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";

const INDEX = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>http10 browser test</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
<script src="app.js"></script>
<script type="module" src="mod.mjs"></script>
</head><body>
<h1 id="title">files</h1>
<img id="png" src="pixel.png"><img id="gif" src="pixel.gif"><img id="svg" src="shape.svg">
<iframe id="frame" src="page.xhtml"></iframe>
</body></html>
`;

const APP = `window.results = { classic: true };
window.addEventListener("load", async () => {
  const r = window.results;
  r.color = getComputedStyle(document.getElementById("title")).color;
  r.images = [...document.images].map((i) => [i.id, i.naturalWidth]);
  r.xhtml = document.getElementById("frame").contentDocument?.getElementById("x")?.textContent ?? null;
  const listing = await fetch("files/");
  r.listing = [listing.status, (await listing.text()).includes('href="note.txt"')];
  r.done = true;
});
`;

/** Files of the test site: path → content. */
const SITE: Record<string, string | Uint8Array> = {
  "index.html": INDEX,
  "style.css": "h1 { color: rgb(1, 2, 3); }\n",
  "app.js": APP,
  // A module script runs only when served with a JavaScript type (strict MIME checking).
  "mod.mjs": "window.results.module = true;\n",
  "pixel.png": Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0)),
  "pixel.gif": Uint8Array.from(atob(GIF), (c) => c.charCodeAt(0)),
  "shape.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n',
  "page.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="x">xhtml</p></body></html>\n',
  "files/note.txt": "a note\n",
};

/** Chromium with the DevTools protocol on a free port; resolves with its WebSocket URL. */
function startChromium(profile: string): Promise<{ child: ChildProcess; browserWs: string }> {
  const child = spawn(CHROMIUM, [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${text}`)), 30_000);
    child.stderr!.on("data", (c: Uint8Array) => {
      text += new TextDecoder().decode(c);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ child, browserWs: m[1] });
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited with ${code}:\n${text}`));
    });
  });
}

/** A minimal DevTools protocol session over one WebSocket: commands and awaited events. */
class Cdp {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #waiters: { method: string; resolve: (params: unknown) => void }[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data));
      if (msg.id !== undefined) {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(JSON.stringify(msg.error)));
        else p?.resolve(msg.result);
      } else {
        const i = this.#waiters.findIndex((w) => w.method === msg.method);
        if (i >= 0) this.#waiters.splice(i, 1)[0].resolve(msg.params);
      }
    };
  }

  static open(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new Cdp(ws));
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#next++;
    this.#ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  /** Resolves with the next event named `method` (register before causing it). */
  once(method: string): Promise<unknown> {
    return new Promise((resolve) => this.#waiters.push({ method, resolve }));
  }

  close(): void {
    this.#ws.close();
  }
}

/** Access-log lines of serve.ts: [path, status]. */
function logged(output: string): [string, number][] {
  return [...output.matchAll(/"GET (\S+) HTTP\/1\.1" (\d{3})/g)].map((m) => [m[1], Number(m[2])]);
}

test("Chromium loads a page and everything on it from serve.ts, and a reload revalidates with 304", {
  skip: skipReason(),
  timeout: 120_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "http10-browser-site-"));
  const profile = await mkdtemp(join(tmpdir(), "http10-browser-profile-"));
  let server: Awaited<ReturnType<typeof startScript>> | undefined;
  let chromium: ChildProcess | undefined;
  let cdp: Cdp | undefined;
  try {
    await chmod(dir, 0o755);
    await mkdir(join(dir, "files"));
    for (const [path, content] of Object.entries(SITE)) await writeFile(join(dir, path), content);
    server = await startScript(
      "serve.ts",
      [dir, "--port", "0", "--host", "127.0.0.1"],
      /Serving .* on (http:\/\/127\.0\.0\.1:\d+)/,
    );
    const origin = server.match[1];
    const started = await startChromium(profile);
    chromium = started.child;
    const debug = new URL(started.browserWs);
    const targets = await (await fetch(`http://${debug.host}/json/list`)).json() as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const page = targets.find((t) => t.type === "page");
    assert.ok(page, "chromium has a page");
    cdp = await Cdp.open(page.webSocketDebuggerUrl);
    await cdp.send("Page.enable");

    const results = async () => {
      for (let i = 0; i < 100; i++) {
        const r = await cdp!.send("Runtime.evaluate", {
          expression: "JSON.stringify(window.results ?? null)",
          returnByValue: true,
        }) as { result: { value: string } };
        const value = JSON.parse(r.result.value);
        if (value?.done) return value;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("the page's script did not finish");
    };

    let loaded = cdp.once("Page.loadEventFired");
    await cdp.send("Page.navigate", { url: `${origin}/` });
    await loaded;
    const first = await results();
    assert.deepEqual(first, {
      classic: true,
      module: true,
      color: "rgb(1, 2, 3)",
      images: [["png", 1], ["gif", 1], ["svg", 4]],
      xhtml: "xhtml",
      listing: [200, true],
      done: true,
    });
    const resources = [
      "/",
      "/style.css",
      "/app.js",
      "/mod.mjs",
      "/pixel.png",
      "/pixel.gif",
      "/shape.svg",
      "/page.xhtml",
    ];
    await server.waitFor(/"GET \/files\/ HTTP\/1\.1" 200/);
    const firstLog = logged(server.output());
    for (const path of [...resources, "/files/"]) {
      assert.ok(firstLog.some(([p, s]) => p === path && s === 200), `${path} arrived with 200:\n${server.output()}`);
    }

    const before = firstLog.length;
    loaded = cdp.once("Page.loadEventFired");
    await cdp.send("Page.reload", { ignoreCache: false });
    await loaded;
    const second = await results();
    assert.deepEqual(second, first);
    await server.waitFor(/"GET \/ HTTP\/1\.1" 304/);
    const reload = logged(server.output()).slice(before);
    // The page itself is revalidated; whatever else the browser asks again is too, and
    // nothing is sent whole a second time except the listing (a directory has no validator).
    // (The page names an empty data: icon, so the browser asks no /favicon.ico at any time.)
    assert.ok(reload.some(([p, s]) => p === "/" && s === 304), `the reload revalidated the page:\n${server.output()}`);
    for (const [path, status] of reload) {
      if (path !== "/files/") assert.equal(status, 304, `${path} on reload`);
    }
  } finally {
    cdp?.close();
    if (chromium !== undefined && chromium.exitCode === null && chromium.signalCode === null) {
      const exited = new Promise((r) => chromium!.on("close", r));
      process.kill(chromium.pid!, "SIGTERM");
      const force = setTimeout(() => chromium!.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(force);
    }
    await server?.stop();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
});
