/**
 * fetch.ts's command line: curl's flags, spellings and meanings, validated with zod.
 *
 * @module
 */
import { z } from "zod";
import { ipFamily } from "../../src/resolve/ip_family.ts";
import { InvalidDnsServersError, parseDnsServers } from "../../src/resolve/dns_servers.ts";
import { CliError } from "./exit_codes.ts";

export { parseDnsServers };

/** The help text. */
export const USAGE = `Usage: fetch.ts [options] URL...

Fetches each URL over HTTP/1.0 (HTTPS for https://) and writes the body to stdout, like curl.

  -i, --include             print the status line and headers, then the body (and trailers)
  -I, --head                send HEAD and print the response head
  -v, --verbose             on stderr: each address tried, the request and response heads
  -o, --output FILE         write the body to FILE (with a progress bar on a terminal);
                            one -o or -O per URL, in order
  -O, --remote-name         write the body to a file named like the URL's last path segment
  -D, --dump-header FILE    write the response heads to FILE ("-" for stdout)
  -w, --write-out FORMAT    after each transfer print FORMAT: %{http_code}, %{size_download},
                            %{time_total}, %{url_effective}, %{remote_ip}, %{remote_port},
                            %{content_type}, %{num_redirects}, %{scheme}, %{size_header},
                            %{exitcode}, %{errormsg}, \\n, \\t, %%; @FILE reads FORMAT from FILE
  -L, --location            follow redirects
      --max-redirs N        follow at most N redirects (default 20)
  -X, --request METHOD      send METHOD instead of GET (kept across every redirect, as curl)
  -H, --header "NAME: VALUE"  add a header (repeatable); "NAME:" drops a default one
  -A, --user-agent TEXT     the User-Agent to send
  -e, --referer URL         the Referer to send
  -u, --user USER:PASSWORD  send Basic credentials
  -b, --cookie "NAME=VALUE[; NAME=VALUE]"  send these cookies
  -d, --data DATA           send DATA as a form body (POST); @FILE reads FILE without
                            its line breaks, @- reads stdin; repeated -d join with &
      --data-binary DATA    like -d, but @FILE is sent exactly as it is
      --json DATA           send DATA as JSON (POST, Content-Type and Accept: application/json)
  -G, --get                 put the -d data in the URL's query and send GET
  -r, --range FROM-TO       ask for these bytes only (Range: bytes=FROM-TO)
  -C, --continue-at OFFSET  resume at OFFSET bytes, or "-" for the size of the -o file
      --compressed          ask for gzip or deflate (br where the runtime has it) and decode
      --cacert FILE         trust the CA certificates in FILE (PEM) for https
  -k, --insecure            do not verify the server's certificate
      --retry N             retry a transfer that failed for a passing reason (a timeout;
                            HTTP 408, 429, 500, 502, 503, 504) up to N times, waiting 1, 2,
                            4... seconds
      --max-time SECONDS    give up on the whole transfer after SECONDS (0.5 works)
      --connect-timeout SECONDS  give up connecting after SECONDS
  -4, --ipv4                resolve names to IPv4 addresses only
  -6, --ipv6                resolve names to IPv6 addresses only
      --resolve HOST:PORT:ADDR[,ADDR...]  connect to these addresses, in this order,
                            for HOST:PORT (IPv6 in brackets)
      --dns-servers ADDR[:PORT][,...]  look names up with http10's own DNS resolver, asking these
                            servers (IPv6 as [addr]:port)
      --http1.0             accepted: every request is HTTP/1.0 already
  -s, --silent              no progress bar and no error messages
  -S, --show-error          error messages even with -s
  -f, --fail                on HTTP status 400 and above: no body, exit 22
  -h, --help                show this help

Exit status (of the last URL): 0 for any response (whatever its status), 1 unsupported
scheme, 2 bad usage, 3 bad URL, 6 could not resolve, 7 could not
connect, 8 bad response, 18 truncated body, 22 HTTP error with -f, 23 could not write output,
26 could not read data, 28 timeout, 33 the server cannot resume, 35 TLS handshake failed,
47 too many redirects, 52 empty reply, 56 connection reset, 60 server certificate refused,
61 body does not decode.`;

/** One -d / --data-binary / --json argument. */
export interface DataArg {
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

const DnsServers = z.string().transform((list, ctx) => {
  try {
    return parseDnsServers(list);
  } catch (err) {
    if (!(err instanceof InvalidDnsServersError)) throw err;
    ctx.addIssue({ code: "custom", message: `--dns-servers needs ADDR[:PORT][,ADDR[:PORT]...]: ${err.message}` });
    return z.NEVER;
  }
});

const Flags = z.object({
  urls: z.array(z.string()).min(1, "no URL specified"),
  outputs: z.array(z.union([z.string().min(1, "--output needs a file name"), z.null()])),
  include: z.boolean(),
  head: z.boolean(),
  verbose: z.boolean(),
  location: z.boolean(),
  maxRedirs: z.string().regex(/^\d+$/, "--max-redirs needs a number").transform(Number),
  method: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "--request needs a method name").optional(),
  headers: z.array(z.string()),
  data: z.array(z.object({ value: z.string(), binary: z.boolean() })),
  json: z.boolean(),
  get: z.boolean(),
  maxTime: seconds("--max-time").optional(),
  connectTimeout: seconds("--connect-timeout").optional(),
  family: z.union([z.literal(0), z.literal(4), z.literal(6)]),
  resolve: z.array(ResolveEntry),
  silent: z.boolean(),
  showError: z.boolean(),
  fail: z.boolean(),
  cacert: z.string().min(1, "--cacert needs a file name").optional(),
  insecure: z.boolean(),
  compressed: z.boolean(),
  writeOut: z.string().optional(),
  userAgent: z.string().optional(),
  user: z.string().regex(/:/, "--user needs USER:PASSWORD (fetch.ts does not prompt for a password)").optional(),
  referer: z.string().optional(),
  cookies: z.array(
    z.string().regex(/=/, "--cookie needs NAME=VALUE[; NAME=VALUE...] (cookie files are not supported yet)"),
  ),
  dumpHeader: z.string().min(1, "--dump-header needs a file name").optional(),
  range: z.string().regex(/^(\d*-\d*)(,\d*-\d*)*$/, "--range needs FROM-TO (bytes), such as 0-99 or 100-")
    .refine((r) => !/(^|,)-($|,)/.test(r), "--range needs FROM-TO (bytes), such as 0-99 or 100-").optional(),
  continueAt: z.string().regex(/^(-|\d+)$/, "--continue-at needs an offset in bytes, or -").optional(),
  retry: z.string().regex(/^\d+$/, "--retry needs a number").transform(Number),
  dnsServers: DnsServers.optional(),
}).refine((f) => !(f.head && f.data.length > 0 && !f.get), {
  message: "You can only select one HTTP request method! You asked for both POST (-d, --data) and HEAD (-I, --head).",
}).refine((f) => f.outputs.length <= f.urls.length, { message: "more -o/-O than URLs" });

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
  k: "insecure",
  insecure: "insecure",
  compressed: "compressed",
  G: "get",
  get: "get",
};
// Flags that take a value, by short and long name, and the field each fills.
const VALUED: Record<string, string> = {
  o: "output",
  output: "output",
  X: "method",
  request: "method",
  H: "headers",
  header: "headers",
  d: "data",
  data: "data",
  "data-binary": "data-binary",
  json: "json",
  "max-time": "maxTime",
  "connect-timeout": "connectTimeout",
  "max-redirs": "maxRedirs",
  resolve: "resolve",
  cacert: "cacert",
  w: "writeOut",
  "write-out": "writeOut",
  A: "userAgent",
  "user-agent": "userAgent",
  u: "user",
  user: "user",
  e: "referer",
  referer: "referer",
  b: "cookies",
  cookie: "cookies",
  D: "dumpHeader",
  "dump-header": "dumpHeader",
  r: "range",
  range: "range",
  C: "continueAt",
  "continue-at": "continueAt",
  retry: "retry",
  "dns-servers": "dnsServers",
};
// Fields a repeated flag adds to rather than replaces.
const LISTS = new Set(["headers", "resolve", "cookies"]);

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
    urls: [],
    outputs: [],
    include: false,
    head: false,
    verbose: false,
    location: false,
    silent: false,
    showError: false,
    fail: false,
    insecure: false,
    compressed: false,
    get: false,
    json: false,
    maxRedirs: "20",
    retry: "0",
    headers: [],
    data: [],
    family: 0,
    resolve: [],
    cookies: [],
  };
  const set = (name: string, value: string) => {
    const field = VALUED[name];
    if (field === "output") (raw.outputs as (string | null)[]).push(value);
    else if (field === "data" || field === "data-binary" || field === "json") {
      (raw.data as DataArg[]).push({ value, binary: field !== "data" });
      if (field === "json") raw.json = true;
    } else if (LISTS.has(field)) (raw[field] as string[]).push(value);
    else raw[field] = value;
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
      (raw.urls as string[]).push(arg);
    } else if (arg === "--") {
      options = false;
    } else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (name === "help") return "help";
      if (name === "ipv4" || name === "ipv6") raw.family = name === "ipv4" ? 4 : 6;
      else if (name === "remote-name") (raw.outputs as (string | null)[]).push(null);
      else if (name === "http1.0") continue; // every request is HTTP/1.0 already
      else if (name in SWITCHES) raw[SWITCHES[name]] = true;
      else if (name in VALUED) set(name, eq < 0 ? needValue(name) : arg.slice(eq + 1));
      else throw usage(`option ${arg}: is unknown`);
    } else {
      // A bundle of short flags ("-sSL"); one that takes a value takes the rest, or the next argument.
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (c === "h") return "help";
        if (c === "4" || c === "6") raw.family = Number(c);
        else if (c === "O") (raw.outputs as (string | null)[]).push(null);
        else if (c in SWITCHES) raw[SWITCHES[c]] = true;
        else if (c in VALUED) {
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
