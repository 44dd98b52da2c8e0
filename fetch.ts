/**
 * A curl-like command over http10's HTTP/1.0 client, over TCP or TLS.
 *
 *     deno run --allow-net --allow-read fetch.ts [options] URL...
 *     bun fetch.ts [options] URL...
 *
 * (Deno also needs --allow-write for -o, -O and -D.) The body goes to stdout byte for
 * byte; messages go to stderr. Flags and exit codes are curl's, for the flags it has (see
 * `USAGE` in cli/fetch/args.ts); the command itself lives in cli/fetch/.
 *
 * @module
 */
import process from "node:process";
import { main } from "./cli/fetch/main.ts";
import { writeTo } from "./cli/fetch/output.ts";
import { unsupportedRuntimeMessage } from "./src/transport/runtime.ts";

export { type Flags, parseArgs, parseDnsServers, USAGE } from "./cli/fetch/args.ts";
export { CliError, describeFailure } from "./cli/fetch/exit_codes.ts";
export { formatBytes, progressLine, showHead } from "./cli/fetch/output.ts";
export { formatWriteOut } from "./cli/fetch/write_out.ts";
export { main };

// Node before 24.2 has no import.meta.main: run there too, to say that it is not supported.
if (import.meta.main ?? true) {
  const unsupported = unsupportedRuntimeMessage();
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
