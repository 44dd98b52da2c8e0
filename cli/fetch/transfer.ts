/**
 * One transfer of fetch.ts: the request the flags describe for one URL, sent with retries
 * as `--retry` allows, and what comes back written where the flags say.
 *
 * @module
 */
import process from "node:process";
import { readFile, stat } from "node:fs/promises";
import { Client } from "../../src/client/client.ts";
import type { ClientResponse } from "../../src/client/client_response.ts";
import { acceptEncoding, contentCodings, decodeBody } from "../../src/client/content_decoding.ts";
import { ConnectTimeoutError } from "../../src/transport/errors.ts";
import { InvalidUrlError, TimeoutError } from "../../src/client/errors.ts";
import { USER_AGENT } from "../../src/client/options.ts";
import type { DataArg, Flags } from "./args.ts";
import { CliError, describeFailure, ERRNO_TEXT } from "./exit_codes.ts";
import { fileSink, fromStatusLine, progressLine, remoteName, showHead, type Sink, stdoutSink } from "./output.ts";
import type { TransferInfo } from "./write_out.ts";
import { formatHostPort } from "../../src/transport/host_port.ts";
import { formatDnsServer } from "../../src/resolve/dns_servers.ts";

/** What one transfer needs besides the flags. */
export interface TransferSetup {
  /** The validated flags. */
  flags: Flags;
  /** Extra CA certificates (--cacert), read once for every URL. */
  caCerts: string[] | undefined;
  /** Writes to stderr (messages, -v, the progress bar). */
  stderr: (text: string) => void;
}

// The statuses curl's --retry counts as passing trouble.
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** A URL as curl takes it: http:// when it has no scheme; an IPv6 zone id ("%25eth0") split off. */
export function parseUrl(input: string): { url: URL; zone: string | undefined } {
  const text = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(input) ? input : `http://${input}`;
  // WHATWG URLs have no zone ids (RFC 6874): take "[fe80::1%25lo]" apart, keep "fe80::1" in the URL.
  const zoned = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/]*@)?\[[0-9A-Fa-f:.]+)%25([A-Za-z0-9._~-]+)\]/.exec(text);
  const plain = zoned === null ? text : `${zoned[1]}]${text.slice(zoned[0].length)}`;
  try {
    return { url: new URL(plain), zone: zoned?.[2] };
  } catch {
    throw new InvalidUrlError(input);
  }
}

/**
 * Runs one transfer of `input` to `output` (a file name; null for -O; undefined for
 * stdout). Resolves to what `-w` prints from; a failure is in `exitCode`/`errorMessage`.
 */
export async function transfer(
  setup: TransferSetup,
  input: string,
  output: string | null | undefined,
): Promise<TransferInfo> {
  const f = setup.flags;
  const began = performance.now();
  const info: TransferInfo = {
    httpCode: 0,
    sizeDownload: 0,
    sizeHeader: 0,
    timeTotal: 0,
    urlEffective: input,
    remoteIp: "",
    remotePort: undefined,
    contentType: "",
    numRedirects: 0,
    exitCode: 0,
    errorMessage: "",
  };
  let url: URL | undefined;
  try {
    const parsed = parseUrl(input);
    url = parsed.url;
    info.urlEffective = url.href;
    for (let attempt = 0;; attempt++) {
      try {
        await once(setup, url, parsed.zone, output, info, attempt < f.retry);
        break;
      } catch (err) {
        const timedOut = err instanceof CliError && err.exitCode === 28;
        const retryable = err instanceof Retry || timedOut || err instanceof TimeoutError ||
          err instanceof ConnectTimeoutError;
        if (!retryable || attempt >= f.retry) throw err;
        const wait = Math.min(2 ** attempt, 600);
        const left = f.retry - attempt;
        if (!f.silent) {
          const problem = err instanceof Retry ? "HTTP error" : "timeout";
          setup.stderr(`Warning: Problem : ${problem}. Will retry in ${wait} seconds. ${left} retries left.\n`);
        }
        await new Promise((r) => setTimeout(r, wait * 1000));
      }
    }
  } catch (err) {
    const failure = describeFailure(err, url, info.sizeDownload);
    info.exitCode = failure.exitCode;
    info.errorMessage = failure.message;
  }
  info.timeTotal = (performance.now() - began) / 1000;
  return info;
}

/** A response curl's --retry would try again for; the transfer loop decides. */
class Retry {
  constructor(readonly response: ClientResponse) {}
}

/** The Authorization value for -u USER:PASSWORD. */
function basic(user: string): string {
  const bytes = new TextEncoder().encode(user);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** One attempt: sends the request and writes the response. */
async function once(
  setup: TransferSetup,
  url: URL,
  zone: string | undefined,
  output: string | null | undefined,
  info: TransferInfo,
  mayRetry: boolean,
): Promise<void> {
  const f = setup.flags;
  info.sizeHeader = info.sizeDownload = 0;
  const { stderr } = setup;
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
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name) || dropped.has(name);
  // The flags that stand for a header give way to an -H of the same name, as in curl.
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && !has(name.toLowerCase())) headers.push([name, value]);
  };
  add("Authorization", f.user === undefined ? undefined : basic(f.user));
  add("Referer", f.referer?.replace(/;auto$/, ""));
  add("Cookie", f.cookies.length === 0 ? undefined : f.cookies.join(";")); // curl joins -b's with ";"
  add("Range", f.range === undefined ? undefined : `bytes=${f.range}`);
  if (f.compressed) add("Accept-Encoding", curlAcceptEncoding());

  let target = url;
  let body: Uint8Array | undefined;
  if (f.data.length > 0) {
    const data = await dataBody(f.data);
    if (f.get) {
      // -G: the data goes into the query, after what the URL has.
      target = new URL(url.href);
      const query = new TextDecoder().decode(data);
      target.search = target.search === "" || target.search === "?" ? query : `${target.search.slice(1)}&${query}`;
    } else {
      body = data;
      add("Content-Type", f.json ? "application/json" : "application/x-www-form-urlencoded");
      if (f.json) add("Accept", "application/json");
    }
  }

  // -C: resume where the output file ends (or at the offset given), appending to it.
  const fileName = output === null ? remoteName(url) : output;
  if (output === null && fileName === "") throw new CliError(23, "Remote file name has no length!");
  let resumeAt = 0;
  if (f.continueAt !== undefined) {
    if (f.continueAt !== "-") resumeAt = Number(f.continueAt);
    else if (fileName !== undefined) resumeAt = await stat(fileName).then((s) => s.size, () => 0);
    if (resumeAt > 0) add("Range", `bytes=${resumeAt}-`);
  }

  const defaults: Record<string, string> = {};
  for (const [name, value] of [["User-Agent", f.userAgent ?? USER_AGENT], ["Accept", "*/*"]]) {
    // -A "" sends no User-Agent, as in curl.
    if (!dropped.has(name.toLowerCase()) && value !== "") defaults[name] = value;
  }
  const method = f.method ?? (f.head ? "HEAD" : body !== undefined ? "POST" : "GET");

  const heads: Uint8Array[] = [];
  const resolve: Record<string, string[]> = {};
  for (const { key, addresses } of f.resolve) resolve[key] = [...(resolve[key] ?? []), ...addresses];
  if (zone !== undefined) {
    // The zone id goes to the connect call with the address: "fe80::1%eth0".
    const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
    resolve[`${url.hostname}:${port}`] = [`${url.hostname.slice(1, -1)}%${zone}`];
  }
  let current = target;
  let finalHeads = 0;
  const client = new Client({
    headers: defaults,
    timeout: f.maxTime === undefined ? undefined : Math.ceil(f.maxTime * 1000),
    connectTimeout: f.connectTimeout === undefined ? undefined : Math.ceil(f.connectTimeout * 1000),
    maxRedirects: f.maxRedirs,
    hints: { family: f.family },
    resolve,
    ...(f.dnsServers === undefined ? {} : { resolver: "dns", nameservers: f.dnsServers.map(formatDnsServer) }),
    tls: { caCerts: setup.caCerts, insecure: f.insecure },
    dial: {
      onAttempt(e) {
        if (!f.verbose) return;
        const where = formatHostPort(e.addr.address, e.addr.port);
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
      info.remoteIp = conn.remoteAddr.hostname;
      info.remotePort = conn.remoteAddr.port;
      if (f.verbose) {
        stderr(`* Connected to ${url.hostname} (${conn.remoteAddr.hostname}) port ${conn.remoteAddr.port}\n`);
      }
    },
    onRequestHead(head) {
      if (f.verbose) stderr(showHead(head, "> "));
    },
    onResponseHead(head, parsed, from) {
      if (f.verbose) stderr(showHead(head, "< "));
      const shown = fromStatusLine(head);
      info.sizeHeader += shown.length;
      heads.push(shown.slice());
      if (parsed.status >= 200) finalHeads++;
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
    response = await client.request(target, {
      method,
      headers,
      body,
      redirect: f.location ? "follow" : "manual",
      keepMethod: f.method !== undefined,
    });
  } catch (err) {
    throw describeFailure(err, current, 0);
  } finally {
    info.urlEffective = current.href;
  }
  info.httpCode = response.status;
  info.urlEffective = response.url;
  info.contentType = response.headers.get("content-type") ?? "";
  info.numRedirects = Math.max(0, finalHeads - 1);

  if (f.dumpHeader !== undefined) await dump(f.dumpHeader, heads);
  if (resumeAt > 0 && response.status === 416) {
    // Nothing left to fetch: the file is whole already (what curl concludes too).
    await response.cancel();
    return;
  }
  if (resumeAt > 0 && response.status >= 200 && response.status < 300 && response.status !== 206) {
    await response.cancel();
    throw new CliError(33, "HTTP server doesn't seem to support byte ranges. Cannot resume.");
  }
  if (f.fail && response.status >= 400) {
    await response.cancel();
    throw new CliError(22, `The requested URL returned error: ${response.status}`);
  }

  let sink: Sink;
  try {
    sink = fileName === undefined ? stdoutSink() : await fileSink(fileName, resumeAt > 0);
  } catch (err) {
    await response.cancel();
    throw new CliError(23, `Failure writing output to destination: ${(err as Error).message}`);
  }
  const write = async (bytes: Uint8Array) => {
    try {
      await sink.write(bytes);
    } catch (err) {
      throw new CliError(23, `Failure writing output to destination: ${(err as Error).message}`);
    }
  };
  try {
    if (f.include || f.head) { for (const head of heads) await write(head); }
    let stream = response.body;
    if (stream !== null && !f.head) {
      if (f.compressed) {
        const codings = contentCodings(response.headers.get("content-encoding"));
        if (codings !== undefined && codings.length > 0) stream = decodeBody(stream, codings);
      }
      const length = response.headers.get("content-length");
      const total = length !== null && !f.compressed ? Number(length) : undefined;
      const bar = fileName !== undefined && !f.silent && process.stderr.isTTY === true;
      let drawn = 0;
      try {
        for await (const chunk of stream) {
          await write(chunk);
          info.sizeDownload += chunk.length;
          const now = Date.now();
          if (bar && now - drawn >= 100) {
            drawn = now;
            stderr(`\r${progressLine(info.sizeDownload, total)}`);
          }
        }
      } catch (err) {
        await response.cancel().catch(() => {});
        throw describeFailure(err, current, info.sizeDownload);
      }
      if (bar) stderr(`\r${progressLine(info.sizeDownload, total)}\n`);
      // Trailer fields of a chunked body follow it, as curl prints them.
      const trailers = [...response.trailers];
      if (trailers.length > 0) {
        const text = trailers.map(([name, value]) => `${name}: ${value}\r\n`).join("");
        const bytes = latin1Bytes(text);
        if (f.include) await write(bytes);
        if (f.dumpHeader !== undefined) await dump(f.dumpHeader, [bytes], true);
      }
    } else {
      await response.cancel();
    }
  } finally {
    await sink.close();
  }
  // curl writes a passing error's answer like any other, then tries again (a file starts over).
  if (mayRetry && RETRY_STATUSES.has(response.status)) throw new Retry(response);
}

/** Writes heads to -D's file ("-" is stdout), appending after the first call of a transfer. */
async function dump(path: string, heads: Uint8Array[], append = false): Promise<void> {
  let sink: Sink;
  try {
    sink = await fileSink(path, append);
  } catch (err) {
    throw new CliError(23, `Failure writing output to destination: ${(err as Error).message}`);
  }
  try {
    for (const head of heads) await sink.write(head);
  } finally {
    await sink.close();
  }
}

/** What --compressed asks for: the codings this runtime decodes, in curl's order. */
function curlAcceptEncoding(): string {
  return acceptEncoding().split(", ").sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join(", ");
}
const ORDER = ["deflate", "gzip", "br"];

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** The body -d, --data-binary and --json give: joined with "&"; @FILE read, @- from stdin. */
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

let stdinBytes: Promise<Uint8Array> | undefined;

/** stdin, read once (several URLs share it). */
function readStdin(): Promise<Uint8Array> {
  return stdinBytes ??= (async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
    return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
  })();
}
