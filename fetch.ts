/**
 * A curl-like command over http10's HTTP/1.0 client and raw TCP.
 *
 *     deno run --allow-net --allow-read fetch.ts [options] URL
 *     bun fetch.ts [options] URL
 *
 * The body goes to stdout byte for byte; messages go to stderr. Flags and exit codes are
 * curl's, for the flags it has (see `USAGE`).
 *
 * @module
 */
import process from "node:process";
import { open, readFile } from "node:fs/promises";
import { z } from "zod";
import { Client } from "./src/client/client.ts";
import type { ClientResponse } from "./src/client/client_response.ts";
import {
  IncompleteHeadError,
  InvalidUrlError,
  TimeoutError,
  TooManyRedirectsError,
  TruncatedBodyError,
  UnsupportedSchemeError,
} from "./src/client/errors.ts";
import { USER_AGENT } from "./src/client/options.ts";
import { BodyTooLargeError, HeaderTooLargeError, HttpParseError } from "./src/http10/errors.ts";
import { GaiError } from "./src/resolve/gai_error.ts";
import { ipFamily } from "./src/resolve/ip_family.ts";
import { ConnectError, ConnectionResetError, ConnectTimeoutError } from "./src/transport/errors.ts";
import { detectRuntime } from "./src/transport/runtime.ts";

const USAGE = `Usage: fetch.ts [options] URL

Fetches URL over HTTP/1.0 and writes the body to stdout, like curl.

  -i, --include             print the status line and headers, then the body
  -I, --head                send HEAD and print the response head
  -v, --verbose             on stderr: each address tried, the request and response heads
  -o, --output FILE         write the body to FILE (with a progress bar on a terminal)
  -L, --location            follow redirects
      --max-redirs N        follow at most N redirects (default 20)
  -X, --request METHOD      send METHOD instead of GET
  -H, --header "NAME: VALUE"  add a header (repeatable); "NAME:" drops a default one
  -d, --data DATA           send DATA as a form body (POST); @FILE reads FILE without
                            its line breaks, @- reads stdin; repeated -d join with &
      --data-binary DATA    like -d, but @FILE is sent exactly as it is
      --max-time SECONDS    give up on the whole transfer after SECONDS (0.5 works)
      --connect-timeout SECONDS  give up connecting after SECONDS
  -4, --ipv4                resolve names to IPv4 addresses only
  -6, --ipv6                resolve names to IPv6 addresses only
      --resolve HOST:PORT:ADDR[,ADDR...]  connect to these addresses, in this order,
                            for HOST:PORT (IPv6 in brackets)
  -s, --silent              no progress bar and no error messages
  -S, --show-error          error messages even with -s
  -f, --fail                on HTTP status 400 and above: no body, exit 22
  -h, --help                show this help

Exit status: 0 for any response (whatever its status), 1 unsupported scheme (https),
2 bad usage, 3 bad URL, 6 could not resolve, 7 could not connect, 8 bad response,
18 truncated body, 22 HTTP error with -f, 23 could not write output, 26 could not read
data, 28 timeout, 47 too many redirects, 52 empty reply, 56 connection reset.`;

/** A failure with curl's exit code and message. */
export class CliError extends Error {
  /** The exit status. */
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** One -d / --data-binary argument. */
interface DataArg {
  value: string;
  binary: boolean;
}

const seconds = (flag: string) =>
  z.string().regex(/^(\d+\.?\d*|\.\d+)$/, `${flag} needs a number of seconds`).transform(Number)
    .refine((s) => s > 0 && s <= 2_147_483, `${flag} must be more than 0 seconds`);

const ResolveEntry = z.string().transform((entry, ctx) => {
  const m = /^([^:\s]+):(\d{1,5}):(.+)$/.exec(entry);
  const addresses = m?.[3].split(",").map((a) => (a.startsWith("[") && a.endsWith("]") ? a.slice(1, -1) : a));
  if (m === null || Number(m[2]) > 65535 || addresses!.some((a) => ipFamily(a) === 0)) {
    ctx.addIssue({
      code: "custom",
      message: `--resolve needs HOST:PORT:ADDR[,ADDR...] with numeric addresses: ${entry}`,
    });
    return z.NEVER;
  }
  return { key: `${m[1]}:${Number(m[2])}`, addresses: addresses! };
});

const Flags = z.object({
  url: z.string({ message: "no URL specified" }),
  include: z.boolean(),
  head: z.boolean(),
  verbose: z.boolean(),
  output: z.string().min(1, "--output needs a file name").optional(),
  location: z.boolean(),
  maxRedirs: z.string().regex(/^\d+$/, "--max-redirs needs a number").transform(Number),
  method: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "--request needs a method name").optional(),
  headers: z.array(z.string()),
  data: z.array(z.object({ value: z.string(), binary: z.boolean() })),
  maxTime: seconds("--max-time").optional(),
  connectTimeout: seconds("--connect-timeout").optional(),
  family: z.union([z.literal(0), z.literal(4), z.literal(6)]),
  resolve: z.array(ResolveEntry),
  silent: z.boolean(),
  showError: z.boolean(),
  fail: z.boolean(),
}).refine((f) => !(f.head && f.data.length > 0), {
  message: "You can only select one HTTP request method! You asked for both POST (-d, --data) and HEAD (-I, --head).",
});

/** The command line, validated. */
export type Flags = z.infer<typeof Flags>;

// Flags without a value, by short and long name.
const SWITCHES: Record<string, keyof Flags> = {
  i: "include",
  include: "include",
  I: "head",
  head: "head",
  v: "verbose",
  verbose: "verbose",
  L: "location",
  location: "location",
  s: "silent",
  silent: "silent",
  S: "showError",
  "show-error": "showError",
  f: "fail",
  fail: "fail",
};
// Flags that take a value.
const VALUED = new Set([
  "o",
  "output",
  "X",
  "request",
  "H",
  "header",
  "d",
  "data",
  "data-binary",
  "max-time",
  "connect-timeout",
  "max-redirs",
  "resolve",
]);

/**
 * Parses the command line (without the runtime and script). Returns "help" for -h.
 *
 * @throws {CliError} with exit status 2 for an unknown option, a missing value, or a bad one.
 * @example
 * ```ts
 * parseArgs(["-sL", "-H", "Accept: text/html", "http://127.0.0.1:8000/"]);
 * ```
 */
export function parseArgs(argv: string[]): Flags | "help" {
  const raw: Record<string, unknown> = {
    include: false,
    head: false,
    verbose: false,
    location: false,
    silent: false,
    showError: false,
    fail: false,
    maxRedirs: "20",
    headers: [],
    data: [],
    family: 0,
    resolve: [],
  };
  const set = (name: string, value: string) => {
    switch (name) {
      case "o":
      case "output":
        raw.output = value;
        break;
      case "X":
      case "request":
        raw.method = value;
        break;
      case "H":
      case "header":
        (raw.headers as string[]).push(value);
        break;
      case "d":
      case "data":
        (raw.data as DataArg[]).push({ value, binary: false });
        break;
      case "data-binary":
        (raw.data as DataArg[]).push({ value, binary: true });
        break;
      case "max-time":
        raw.maxTime = value;
        break;
      case "connect-timeout":
        raw.connectTimeout = value;
        break;
      case "max-redirs":
        raw.maxRedirs = value;
        break;
      case "resolve":
        (raw.resolve as string[]).push(value);
        break;
    }
  };
  const usage = (message: string) => new CliError(2, `${message}\nfetch: try 'fetch.ts --help' for more information`);
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const needValue = (name: string): string => {
      if (i + 1 >= argv.length) throw usage(`option -${name.length > 1 ? "-" : ""}${name}: requires parameter`);
      return argv[++i];
    };
    if (!options || arg === "-" || !arg.startsWith("-")) {
      if (raw.url !== undefined) throw usage(`only one URL can be fetched (got ${raw.url} and ${arg})`);
      raw.url = arg;
    } else if (arg === "--") {
      options = false;
    } else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (name === "help") return "help";
      if (name === "ipv4" || name === "ipv6") raw.family = name === "ipv4" ? 4 : 6;
      else if (name in SWITCHES) raw[SWITCHES[name]] = true;
      else if (VALUED.has(name)) set(name, eq < 0 ? needValue(name) : arg.slice(eq + 1));
      else throw usage(`option ${arg}: is unknown`);
    } else {
      // A bundle of short flags ("-sSL"); one that takes a value takes the rest, or the next argument.
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (c === "h") return "help";
        if (c === "4" || c === "6") raw.family = Number(c);
        else if (c in SWITCHES) raw[SWITCHES[c]] = true;
        else if (VALUED.has(c)) {
          set(c, k + 1 < arg.length ? arg.slice(k + 1) : needValue(c));
          break;
        } else throw usage(`option -${c}: is unknown`);
      }
    }
  }
  const parsed = Flags.safeParse(raw);
  if (!parsed.success) throw usage(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

/** Where output goes: stdout or a file, with writes that wait for the bytes to be taken. */
interface Sink {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

function stdoutSink(): Sink {
  return {
    write: (bytes) => writeTo(process.stdout, bytes),
    close: () => Promise.resolve(),
  };
}

async function fileSink(path: string): Promise<Sink> {
  const file = await open(path, "w");
  return {
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) off += (await file.write(bytes, off)).bytesWritten;
    },
    close: () => file.close(),
  };
}

function writeTo(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

/** "12.0 KiB": a byte count for people. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return `${value.toFixed(1)} ${units[u]}`;
}

/**
 * One line of the progress bar: a bar and a percentage when the size is known, else the
 * count so far.
 *
 * @example
 * ```ts
 * progressLine(512, 1024, 10); // "[#####     ]  50.0%  512 B / 1.0 KiB"
 * ```
 */
export function progressLine(received: number, total: number | undefined, width = 40): string {
  if (total === undefined || total === 0) return `${formatBytes(received)} received`;
  const fraction = Math.min(1, received / total);
  const filled = Math.round(fraction * width);
  const percent = (fraction * 100).toFixed(1).padStart(5);
  return `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${percent}%  ${formatBytes(received)} / ${
    formatBytes(total)
  }`;
}

/** A head with CR and LF shown as `\r` and `\n`, one line per line, each after `prefix`. */
export function showHead(head: Uint8Array, prefix: string): string {
  let text = "";
  for (const b of head) text += String.fromCharCode(b);
  let out = "";
  for (const line of text.split(/(?<=\n)/)) {
    if (line !== "") out += `${prefix}${line.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}\n`;
  }
  return out;
}

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ETIMEDOUT: "Connection timed out",
  ENETUNREACH: "Network is unreachable",
  EHOSTUNREACH: "No route to host",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ECONNRESET: "Connection reset by peer",
  EACCES: "Permission denied",
};

/** curl's exit status and message for an error from the client. */
export function describeFailure(err: unknown, url: URL | undefined, received: number): CliError {
  if (err instanceof CliError) return err;
  const host = url?.hostname ?? "";
  const port = url === undefined ? "" : url.port || "80";
  if (err instanceof UnsupportedSchemeError) return new CliError(1, err.message);
  if (err instanceof InvalidUrlError) return new CliError(3, `URL rejected: ${err.message}`);
  if (err instanceof GaiError) return new CliError(6, `Could not resolve host: ${err.host ?? host}`);
  if (err instanceof ConnectError) {
    const cause = err.cause === undefined ? "Couldn't connect to server" : ERRNO_TEXT[err.cause] ?? err.cause;
    return new CliError(7, `Failed to connect to ${host} port ${port}: ${cause}`);
  }
  if (err instanceof ConnectTimeoutError) {
    return new CliError(28, `Connection timed out after ${err.timeout} milliseconds`);
  }
  if (err instanceof TimeoutError) {
    return new CliError(28, `Operation timed out after ${err.timeout} milliseconds with ${received} bytes received`);
  }
  if (err instanceof TruncatedBodyError) {
    return new CliError(
      18,
      err.expected === undefined
        ? "transfer closed with outstanding read data remaining"
        : `transfer closed with ${err.expected - err.received} bytes remaining to read`,
    );
  }
  if (err instanceof TooManyRedirectsError) return new CliError(47, `Maximum (${err.maxRedirects}) redirects followed`);
  if (err instanceof IncompleteHeadError && err.received === 0) return new CliError(52, "Empty reply from server");
  if (err instanceof HeaderTooLargeError) return new CliError(8, `Weird server reply: ${err.message}`);
  if (err instanceof BodyTooLargeError) return new CliError(63, `Maximum file size exceeded: ${err.message}`);
  // Serializer errors (status 500) are about what we were asked to send: -H or -X.
  if (err instanceof HttpParseError && err.status === 500) return new CliError(2, err.message);
  if (err instanceof HttpParseError || err instanceof IncompleteHeadError) {
    return new CliError(8, `Weird server reply: ${err.message}`);
  }
  if (err instanceof ConnectionResetError) return new CliError(56, "Recv failure: Connection reset by peer");
  return new CliError(1, err instanceof Error ? err.message : String(err));
}

/** The body -d and --data-binary give: joined with "&"; @FILE read, @- from stdin. */
async function dataBody(data: DataArg[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const amp = new Uint8Array([0x26]);
  for (const { value, binary } of data) {
    let bytes: Uint8Array;
    if (value.startsWith("@")) {
      try {
        bytes = value === "@-" ? await readStdin() : new Uint8Array(await readFile(value.slice(1)));
      } catch (err) {
        throw new CliError(26, `Failed to open/read local data from file/application: ${(err as Error).message}`);
      }
      // curl -d drops CR and LF from a file; --data-binary keeps every byte.
      if (!binary) bytes = bytes.filter((b) => b !== 0x0d && b !== 0x0a);
    } else {
      bytes = new TextEncoder().encode(value);
    }
    if (parts.length > 0) parts.push(amp);
    parts.push(bytes);
  }
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** Runs the command; resolves to the exit status. Output goes to stdout and stderr. */
export async function main(argv: string[]): Promise<number> {
  let flags: Flags | "help";
  try {
    flags = parseArgs(argv);
  } catch (err) {
    await writeTo(process.stderr, `fetch: ${(err as Error).message}\n`);
    return (err as CliError).exitCode ?? 2;
  }
  if (flags === "help") {
    await writeTo(process.stdout, `${USAGE}\n`);
    return 0;
  }
  const f = flags;
  const showErrors = !f.silent || f.showError;
  const stderr = (text: string) => void process.stderr.write(text);
  let received = 0;
  let url: URL | undefined;
  try {
    // curl assumes http:// when the URL has no scheme.
    const input = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(f.url) ? f.url : `http://${f.url}`;
    try {
      url = new URL(input);
    } catch {
      throw new InvalidUrlError(f.url);
    }
    return await transfer(f, url, (n) => (received = n), stderr);
  } catch (err) {
    const failure = describeFailure(err, url, received);
    if (showErrors) await writeTo(process.stderr, `fetch: (${failure.exitCode}) ${failure.message}\n`);
    return failure.exitCode;
  }
}

/** Sends the request the flags describe and writes what comes back. */
async function transfer(
  f: Flags,
  url: URL,
  onProgress: (received: number) => void,
  stderr: (text: string) => void,
): Promise<number> {
  const headers: [string, string][] = [];
  const dropped = new Set<string>();
  for (const h of f.headers) {
    const colon = h.indexOf(":");
    const semi = h.indexOf(";");
    if (colon > 0) {
      const name = h.slice(0, colon).trim();
      const value = h.slice(colon + 1).trim();
      if (value === "") dropped.add(name.toLowerCase());
      else headers.push([name, value]);
    } else if (semi > 0 && h.slice(semi + 1).trim() === "") {
      headers.push([h.slice(0, semi).trim(), ""]); // "Name;" sends an empty value, as in curl
    }
  }
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  let body: Uint8Array | undefined;
  if (f.data.length > 0) {
    body = await dataBody(f.data);
    if (!has("content-type") && !dropped.has("content-type")) {
      headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    }
  }
  const defaults: Record<string, string> = {};
  for (const [name, value] of [["User-Agent", USER_AGENT], ["Accept", "*/*"]]) {
    if (!dropped.has(name.toLowerCase())) defaults[name] = value;
  }
  const method = f.method ?? (f.head ? "HEAD" : body !== undefined ? "POST" : "GET");

  const heads: Uint8Array[] = [];
  let current = url;
  const resolve: Record<string, string[]> = {};
  for (const { key, addresses } of f.resolve) resolve[key] = [...(resolve[key] ?? []), ...addresses];
  const client = new Client({
    headers: defaults,
    timeout: f.maxTime === undefined ? undefined : Math.ceil(f.maxTime * 1000),
    connectTimeout: f.connectTimeout === undefined ? undefined : Math.ceil(f.connectTimeout * 1000),
    maxRedirects: f.maxRedirs,
    hints: { family: f.family },
    resolve,
    dial: {
      onAttempt(e) {
        if (!f.verbose) return;
        const where = e.addr.family === 6 ? `[${e.addr.address}]:${e.addr.port}` : `${e.addr.address}:${e.addr.port}`;
        if (e.outcome === "start") stderr(`*   Trying ${where}...\n`);
        else if (e.outcome === "failed") {
          const cause = (e.error as { code?: string } | undefined)?.code;
          const text = cause === undefined ? e.error?.message : ERRNO_TEXT[cause] ?? cause;
          stderr(`* connect to ${e.addr.address} port ${e.addr.port} failed: ${text}\n`);
        }
      },
    },
    onConnect({ url, conn }) {
      current = url;
      if (f.verbose) {
        stderr(`* Connected to ${url.hostname} (${conn.remoteAddr.hostname}) port ${conn.remoteAddr.port}\n`);
      }
    },
    onRequestHead(head) {
      if (f.verbose) stderr(showHead(head, "> "));
    },
    onResponseHead(head, parsed, from) {
      if (f.verbose) stderr(showHead(head, "< "));
      if (f.include || f.head) heads.push(head.slice());
      // Where a connect failure after this redirect is reported to be.
      const location = parsed.headers.get("location");
      if (f.location && location !== null && parsed.status >= 300 && parsed.status < 400) {
        try {
          current = new URL(location, from);
        } catch {
          // The client reports the bad Location.
        }
      }
    },
  });

  let response: ClientResponse;
  try {
    response = await client.request(url, {
      method,
      headers,
      body,
      redirect: f.location ? "follow" : "manual",
    });
  } catch (err) {
    throw describeFailure(err, current, 0);
  }

  if (f.fail && response.status >= 400) {
    await response.cancel();
    throw new CliError(22, `The requested URL returned error: ${response.status}`);
  }

  let sink: Sink;
  try {
    sink = f.output === undefined ? stdoutSink() : await fileSink(f.output);
  } catch (err) {
    await response.cancel();
    throw new CliError(23, `Failure writing output to destination: ${(err as Error).message}`);
  }
  try {
    for (const head of heads) await sink.write(head);
    if (response.body !== null && !f.head) {
      const total = response.headers.has("content-length") ? Number(response.headers.get("content-length")) : undefined;
      const bar = f.output !== undefined && !f.silent && process.stderr.isTTY === true;
      let received = 0;
      let drawn = 0;
      for await (const chunk of response.body) {
        try {
          await sink.write(chunk);
        } catch (err) {
          await response.cancel();
          throw new CliError(23, `Failure writing output to destination: ${(err as Error).message}`);
        }
        received += chunk.length;
        onProgress(received);
        const now = Date.now();
        if (bar && now - drawn >= 100) {
          drawn = now;
          stderr(`\r${progressLine(received, total)}`);
        }
      }
      if (bar) stderr(`\r${progressLine(received, total)}\n`);
    } else {
      await response.cancel();
    }
  } finally {
    await sink.close();
  }
  return 0;
}

/** Why this runtime cannot run http10 (Node.js), or undefined on Deno and Bun. */
function _unsupportedRuntime(): string | undefined {
  try {
    detectRuntime();
    return undefined;
  } catch (err) {
    return `${(err as Error).message} [${(err as { code?: string }).code}]`;
  }
}

// Node before 24.2 has no import.meta.main: run there too, to say that it is not supported.
if (import.meta.main ?? true) {
  const unsupported = _unsupportedRuntime();
  if (unsupported !== undefined) {
    process.stderr.write(`fetch: ${unsupported}\n`);
    process.stderr.write("fetch: run it with `deno run --allow-net --allow-read fetch.ts` or `bun fetch.ts`\n");
    process.exit(1);
  }
  const code = await main(process.argv.slice(2));
  // Let stdout and stderr drain before exiting.
  await writeTo(process.stdout, "");
  await writeTo(process.stderr, "");
  process.exit(code);
}
