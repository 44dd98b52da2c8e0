/**
 * Real HTTP servers for client tests, each on 127.0.0.1 serving a temporary directory
 * that holds a small file, a ~2 MiB file of random bytes, and a subdirectory: serve.ts,
 * nginx and `python3 -m http.server`. Every start has a matching stop.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listen } from "../../src/net/listen.ts";
import { adapter } from "../../src/transport/runtime.ts";
import { startScript } from "../_helpers/run_script.ts";

/** A temporary directory of files to serve. */
export interface Site {
  dir: string;
  small: Uint8Array;
  big: Uint8Array;
  remove(): Promise<void>;
}

/** Makes a site: small.txt, big.bin (2 MiB + 123 bytes), sub/index.html. Readable by nginx's workers. */
export async function makeSite(): Promise<Site> {
  const dir = await mkdtemp(join(tmpdir(), "http10-site-"));
  await chmod(dir, 0o755);
  const small = new TextEncoder().encode("hello from a small file\n");
  const big = new Uint8Array(randomBytes(2 * 1024 * 1024 + 123));
  await writeFile(join(dir, "small.txt"), small, { mode: 0o644 });
  await writeFile(join(dir, "big.bin"), big, { mode: 0o644 });
  await mkdir(join(dir, "sub"), { mode: 0o755 });
  await writeFile(join(dir, "sub", "index.html"), "<p>sub</p>\n", { mode: 0o644 });
  return { dir, small, big, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A running peer. */
export interface Peer {
  name: string;
  origin: string;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const listener = await listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** Waits until something accepts on 127.0.0.1:port, or the child exits, or 15 s pass. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`peer exited with ${child.exitCode}:\n${output()}`);
    try {
      const conn = await adapter().connect({ hostname: "127.0.0.1", port });
      conn.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listened on port ${port} within 15 s:\n${output()}`);
}

function spawnPeer(
  cmd: string,
  args: string[],
): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (c: Uint8Array) => (text += new TextDecoder().decode(c)));
  child.stderr!.on("data", (c: Uint8Array) => (text += new TextDecoder().decode(c)));
  const exited = new Promise<void>((r) => child.on("close", () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(force);
    }
  };
  return { child, output: () => text, stop };
}

/** Starts the project's serve.ts on a free port. */
export async function startServeTs(site: Site): Promise<Peer> {
  const started = await startScript(
    "serve.ts",
    [site.dir, "--port", "0", "--host", "127.0.0.1", "--quiet"],
    /Serving .* on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  return {
    name: "serve.ts",
    origin: started.match[1],
    stop: async () => void (await started.stop()),
  };
}

/** How `startNginx` configures its server beyond serving the site. */
export interface NginxOptions {
  /** Listen with TLS (`ssl`), with these PEM files. */
  tls?: { certFile: string; keyFile: string };
  /** `gzip on` for every type, bodies of any size. */
  gzip?: boolean;
}

// gzip for every type and size, and for HTTP/1.0 requests too (nginx's default is 1.1 only).
const GZIP = "\n    gzip on;\n    gzip_types *;\n    gzip_min_length 1;\n    gzip_http_version 1.0;";

/** Starts nginx in the foreground with a temporary prefix, config, pid file and logs. */
export async function startNginx(site: Site, options: NginxOptions = {}): Promise<Peer> {
  const prefix = await mkdtemp(join(tmpdir(), "http10-nginx-"));
  const port = await freePort();
  const conf = `
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_timeout 10;
  server {
    listen 127.0.0.1:${port}${options.tls === undefined ? "" : " ssl"};
    root ${site.dir};${
    options.tls === undefined
      ? ""
      : `\n    ssl_certificate ${options.tls.certFile};\n    ssl_certificate_key ${options.tls.keyFile};`
  }${options.gzip === true ? GZIP : ""}
  }
}
`;
  await writeFile(join(prefix, "nginx.conf"), conf);
  const peer = spawnPeer("nginx", ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-g", "daemon off;"]);
  try {
    await waitForPort(port, peer.child, peer.output);
  } catch (err) {
    await peer.stop();
    await rm(prefix, { recursive: true, force: true });
    throw err;
  }
  return {
    name: "nginx",
    origin: `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    async stop() {
      await peer.stop();
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** Starts `python3 -m http.server` on a free port. */
export async function startPython(site: Site): Promise<Peer> {
  const port = await freePort();
  const peer = spawnPeer("python3", [
    "-m",
    "http.server",
    "--bind",
    "127.0.0.1",
    "--directory",
    site.dir,
    String(port),
  ]);
  try {
    await waitForPort(port, peer.child, peer.output);
  } catch (err) {
    await peer.stop();
    throw err;
  }
  return { name: "python3 http.server", origin: `http://127.0.0.1:${port}`, stop: peer.stop };
}
