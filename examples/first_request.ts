/**
 * The first network request of every course, the one done by hand with `telnet host 80`
 * or `nc host 80`: connect, send a three-line HTTP/1.0 GET, read until the server closes,
 * and print the exchange with every CR and LF made visible, exactly as it crossed the wire.
 *
 *     deno run --allow-net --allow-read --allow-sys examples/first_request.ts example.com
 *     bun examples/first_request.ts example.com / 80
 *
 * Prints, for instance:
 *
 *     * connected to …:80
 *     > GET / HTTP/1.0\r\n
 *     > Host: example.com\r\n
 *     > Connection: close\r\n
 *     > \r\n
 *     < HTTP/1.0 200 OK\r\n
 *     < Content-Type: text/html\r\n
 *     < \r\n
 *     <!doctype html>...
 *     * … bytes received, then the server closed the connection
 *
 * Lines sent start with "> ", head lines received with "< "; the body follows as it came.
 * PATH defaults to "/" and PORT to 80. A host name is looked up in /etc/hosts and by the
 * system resolver (hence --allow-read and --allow-sys on Deno; a numeric address needs
 * --allow-net alone); every address it has is tried, as CS:APP's open_clientfd does.
 *
 * Exits 0 once the server has closed the connection, 1 if the host does not resolve, no
 * address accepts, or no whole response came within 10 s, 2 on a bad command line.
 *
 * @module
 */
import process from "node:process";
import { dialHost } from "../src/net/mod.ts";
import { BufReader, type Conn, LimitExceededError, SocketClosedError, writeAll } from "../src/transport/mod.ts";
import { errorMessage, helpAsked, hostPort, parseCommandLine, parsePort } from "./_cli.ts";

const USAGE = "usage: first_request HOST [PATH] [PORT]\n";
/** How long connecting may take, and then reading the whole response. */
const TIMEOUT_MS = 10_000;
/** The most we read; a bigger response is cut off with an error rather than held whole. */
const MAX_RESPONSE = 1024 * 1024;

async function main(argv: string[]): Promise<number> {
  if (helpAsked(argv)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const line = parseCommandLine(argv, {});
  if (typeof line === "string") return usage(line);
  if (line.operands.length < 1 || line.operands.length > 3) return usage("give a HOST, then PATH and PORT if needed");
  const [hostText, path = "/", portText = "80"] = line.operands;
  // "[::1]" is how URLs write an IPv6 address; the resolver wants it without brackets.
  const host = hostText.startsWith("[") && hostText.endsWith("]") ? hostText.slice(1, -1) : hostText;
  if (host === "") return usage("HOST is empty");
  // A space or a control character in PATH would break the request line: refuse, don't escape.
  if (!/^\/[\x21-\x7e]*$/.test(path)) {
    return usage(`PATH must start with "/" and hold no spaces: ${JSON.stringify(path)}`);
  }
  const port = parsePort(portText);
  if (port === undefined || port === 0) return usage(`PORT must be a number 1–65535: ${JSON.stringify(portText)}`);

  let conn: Conn;
  try {
    conn = await dialHost(host, port, { timeout: TIMEOUT_MS });
  } catch (err) {
    process.stderr.write(`first_request: ${errorMessage(err)}\n`);
    return 1;
  }
  console.log(`* connected to ${hostPort(conn.remoteAddr)}`);

  // The Host header names the server as the URL did, so one address can serve many names;
  // the port is left out when it is the default one.
  const hostHeader = (host.includes(":") ? `[${host}]` : host) + (port === 80 ? "" : `:${port}`);
  const request = `GET ${path} HTTP/1.0\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`;

  // A server that never closes would keep us reading forever: close the socket at a deadline.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.close();
  }, TIMEOUT_MS);
  const reader = new BufReader(conn);
  try {
    // Every line ends in CRLF, and an empty line ends the head (RFC 1945 §4.1).
    await writeAll(conn, new TextEncoder().encode(request));
    process.stdout.write(showLines("> ", request));
    // HTTP/1.0 without Content-Length: the response ends when the server closes.
    const response = await reader.readToEnd(MAX_RESPONSE);
    printResponse(response);
    console.log(`* ${response.length} bytes received, then the server closed the connection`);
    return 0;
  } catch (err) {
    if (timedOut && err instanceof SocketClosedError) {
      process.stderr.write(`first_request: no whole response within ${TIMEOUT_MS / 1000} s\n`);
    } else if (err instanceof LimitExceededError) {
      process.stderr.write(`first_request: the response is longer than ${MAX_RESPONSE} bytes; stopped reading\n`);
    } else {
      process.stderr.write(`first_request: ${errorMessage(err)}\n`);
    }
    return 1;
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

/** Prints the head line by line with "< ", up to and including the empty line, then the body as it is. */
function printResponse(response: Uint8Array): void {
  let start = 0;
  while (start < response.length) {
    const lf = response.indexOf(0x0a, start);
    const end = lf === -1 ? response.length : lf + 1;
    const text = latin1(response.subarray(start, end));
    process.stdout.write(showLines("< ", text));
    start = end;
    // "\r\n" alone (or a bare "\n", which lenient servers send) is the empty line.
    if (text === "\r\n" || text === "\n") break;
  }
  const body = response.subarray(start);
  if (body.length === 0) return;
  process.stdout.write(body);
  if (body[body.length - 1] !== 0x0a) process.stdout.write("\n");
}

/** Each line of `text` after `prefix`, with CR, LF and other control bytes written out. */
function showLines(prefix: string, text: string): string {
  let out = "";
  for (const line of text.split(/(?<=\n)/)) out += prefix + visible(line) + "\n";
  return out;
}

/** `text` with CR, LF and tab written as "\r", "\n", "\t", and other control or non-ASCII bytes as "\xHH". */
function visible(text: string): string {
  // deno-lint-ignore no-control-regex -- finding control bytes is the point here
  return text.replace(/[\x00-\x1f\x7f-\xff]/g, (c) => {
    if (c === "\r") return "\\r";
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0");
  });
}

/**
 * Bytes as text, one character per byte (U+0000–U+00FF): HTTP heads are bytes, not UTF-8.
 * Not TextDecoder("latin1"), which is really windows-1252 and turns 0x80 into "€".
 */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

function usage(problem: string): number {
  process.stderr.write(`first_request: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`first_request: ${errorMessage(err)}\n`);
  return 1;
});
