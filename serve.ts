/**
 * A static file server on http10, and the demo of the framework.
 *
 *     deno run --allow-net --allow-read serve.ts [dir] [--port N] [--host H] [flags]
 *     bun serve.ts [dir] [--port N] [--host H] [flags]
 *
 * @module
 */
import process from "node:process";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { serve, urlOf } from "./src/server/serve.ts";
import { isWorker } from "./src/server/worker.ts";
import { MAX_WORKERS } from "./src/server/options.ts";
import { serveDir } from "./src/server/static.ts";
import { unsupportedRuntimeMessage } from "./src/transport/runtime.ts";

const USAGE = `Usage: serve.ts [DIR] [--port N] [--host H] [--quiet | --verbose] [--no-listing]
                [--dotfiles] [--cors] [--gzip] [--no-etag] [--header "Name: value"]...
                [--cert FILE --key FILE] [--workers N|auto]

Serves the files under DIR (default: the current directory) over HTTP/1.0 (HTTPS with --cert).

  -p, --port N        port to listen on, 0 for any free port (default 8000)
  -H, --host H        address or name to listen on (default 0.0.0.0, every IPv4 address;
                      "::" for IPv6 and IPv4, 127.0.0.1 for this machine only)
  -q, --quiet         no access log
  -v, --verbose       access log on stdout (the default; overrides an earlier --quiet)
      --no-listing    answer 403 for a directory without index.html instead of a listing
      --dotfiles      serve and list names starting with "." (hidden, 404, by default)
      --cors          Access-Control-Allow-Origin: * on every answer; answer preflights
      --gzip          compress text, JSON, JavaScript, SVG... on the fly for clients that
                      accept gzip (FILE.gz / FILE.br beside a file are always used)
      --no-etag       send no ETag (Last-Modified still validates)
      --header "Name: value"   add a header to every answer (repeatable)
      --cert FILE     serve HTTPS with this PEM certificate chain (needs --key)
      --key FILE      the PEM private key of --cert
  -w, --workers N     serve with N worker threads sharing the port, "auto" for one per
                      CPU core (default 1; on Deno, run with --unstable-net)
  -h, --help          show this help`;

const WORKERS = `--workers must be a whole number from 1 to ${MAX_WORKERS}, or auto`;

/** What the command line asks for. */
export interface Flags {
  dir: string;
  port: number;
  host: string;
  quiet: boolean;
  listing: boolean;
  dotfiles: boolean;
  cors: boolean;
  gzip: boolean;
  etag: boolean;
  headers: [string, string][];
  cert?: string;
  key?: string;
  workers: number | "auto";
}

/** "Name: value" → a header pair, or a message saying what is wrong with it. */
function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(":");
  const name = colon < 0 ? "" : text.slice(0, colon).trim();
  const value = colon < 0 ? "" : text.slice(colon + 1).trim();
  try {
    if (name === "") throw new Error();
    new Headers([[name, value]]); // the fetch standard's own check of names and values
  } catch {
    throw new Error(`--header must be "Name: value" with a valid name and value (got ${JSON.stringify(text)})`);
  }
  return [name, value];
}

/** Parses the command line; throws a message a person can act on. */
export function parseArgs(argv: string[]): Flags | "help" {
  const headers: [string, string][] = [];
  const raw = {
    dir: ".",
    port: "8000",
    host: "0.0.0.0",
    quiet: false,
    listing: true,
    dotfiles: false,
    cors: false,
    gzip: false,
    etag: true,
    headers,
    cert: undefined as string | undefined,
    key: undefined as string | undefined,
    workers: "1",
  };
  let dirSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag: string) => {
      const eq = a.indexOf("=");
      if (eq !== -1) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (a === "-h" || a === "--help") return "help";
    else if (a === "-p" || a === "--port" || a.startsWith("--port=")) raw.port = value("--port");
    else if (a === "-H" || a === "--host" || a.startsWith("--host=")) raw.host = value("--host");
    else if (a === "-q" || a === "--quiet") raw.quiet = true;
    else if (a === "-v" || a === "--verbose") raw.quiet = false;
    else if (a === "--no-listing") raw.listing = false;
    else if (a === "--cert" || a.startsWith("--cert=")) raw.cert = value("--cert");
    else if (a === "--key" || a.startsWith("--key=")) raw.key = value("--key");
    else if (a === "-w" || a === "--workers" || a.startsWith("--workers=")) raw.workers = value("--workers");
    else if (a === "--dotfiles") raw.dotfiles = true;
    else if (a === "--cors") raw.cors = true;
    else if (a === "--gzip") raw.gzip = true;
    else if (a === "--no-etag") raw.etag = false;
    else if (a === "--header" || a.startsWith("--header=")) headers.push(parseHeader(value("--header")));
    else if (a.startsWith("-") && a !== "-") throw new Error(`unknown option ${a}`);
    else if (dirSeen) throw new Error(`only one directory can be served (got ${raw.dir} and ${a})`);
    else {
      raw.dir = a;
      dirSeen = true;
    }
  }
  if (!/^\d+$/.test(raw.port)) throw new Error(`--port must be a number (got ${raw.port})`);
  const port = Number(raw.port);
  if (port > 65535) throw new Error(`--port must be 0 to 65535 (got ${raw.port})`);
  const workers = raw.workers === "auto" ? "auto" : /^\d+$/.test(raw.workers) ? Number(raw.workers) : NaN;
  if (workers !== "auto" && !(workers >= 1 && workers <= MAX_WORKERS)) {
    throw new Error(`${WORKERS} (got ${raw.workers})`);
  }
  if (raw.host === "") throw new Error("--host must not be empty");
  if (raw.cert === "") throw new Error("--cert needs a file name");
  if (raw.key === "") throw new Error("--key needs a file name");
  if ((raw.cert === undefined) !== (raw.key === undefined)) throw new Error("--cert and --key go together: give both");
  return { ...raw, port, workers };
}

async function main(): Promise<number> {
  const unsupported = unsupportedRuntimeMessage();
  if (unsupported !== undefined) {
    process.stderr.write(`serve.ts: ${unsupported}\n`);
    process.stderr.write("serve.ts: run it with `deno run --allow-net --allow-read serve.ts` or `bun serve.ts`\n");
    return 1;
  }
  let flags;
  try {
    flags = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`serve.ts: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = resolve(flags.dir);
  try {
    if (!(await stat(root)).isDirectory()) throw new Error("not a directory");
  } catch (err) {
    process.stderr.write(
      `serve.ts: cannot serve ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return 1;
  }

  let tls: { cert: string; key: string } | undefined;
  try {
    if (flags.cert !== undefined) {
      tls = { cert: await readFile(flags.cert, "utf8"), key: await readFile(flags.key!, "utf8") };
    }
  } catch (err) {
    process.stderr.write(`serve.ts: cannot read the certificate or key: ${(err as Error).message}\n`);
    return 1;
  }
  const scheme = tls === undefined ? "http" : "https";

  let server;
  try {
    const handler = serveDir(root, {
      listing: flags.listing,
      dotfiles: flags.dotfiles,
      cors: flags.cors,
      gzip: flags.gzip,
      etag: flags.etag,
      headers: flags.headers,
    });
    server = await serve(handler, {
      port: flags.port,
      hostname: flags.host,
      accessLog: !flags.quiet,
      workers: flags.workers,
      ...tls,
      onListen(addr) {
        const local = addr.hostname === "0.0.0.0" || addr.hostname === "::"
          ? ` (${scheme}://localhost:${addr.port}/)`
          : "";
        process.stdout.write(`Serving ${root} on ${urlOf(addr, tls !== undefined)}${local}\n`);
      },
    });
  } catch (err) {
    process.stderr.write(`serve.ts: ${(err as Error).message}\n`);
    return 1;
  }

  // A last line of defence: one failing request must never take the whole server down.
  process.on("unhandledRejection", (reason) => console.error("serve.ts: unhandled rejection:", reason));
  // In a worker, the main thread's shutdown() drains this server: the signals are its to handle.
  if (isWorker()) {
    await server.finished;
    return 0;
  }
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}; finishing in-flight requests...\n`);
    server.shutdown();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  await server.finished;
  return 0;
}

// Node before 24.2 has no import.meta.main: run there too, to say that it is not supported.
// In a worker of --workers, Bun says false (Deno true): the worker runs main() too.
if ((import.meta.main ?? true) || isWorker()) process.exit(await main());
