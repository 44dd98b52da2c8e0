/**
 * fetch.ts's command: parse the flags, run each URL's transfer in turn, print `-w`, and
 * exit with the status of the last one (as curl does).
 *
 * @module
 */
import process from "node:process";
import { readFile } from "node:fs/promises";
import { type Flags, parseArgs, USAGE } from "./args.ts";
import { CliError } from "./exit_codes.ts";
import { writeTo } from "./output.ts";
import { transfer } from "./transfer.ts";
import { formatWriteOut } from "./write_out.ts";

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
  const fail = async (error: CliError) => {
    if (showErrors) await writeTo(process.stderr, `fetch: (${error.exitCode}) ${error.message}\n`);
    return error.exitCode;
  };
  let caCerts: string[] | undefined;
  if (f.cacert !== undefined) {
    try {
      caCerts = [await readFile(f.cacert, "utf8")];
    } catch (err) {
      return await fail(new CliError(77, `error setting certificate file: ${f.cacert} (${(err as Error).message})`));
    }
  }
  let format = f.writeOut;
  if (format?.startsWith("@")) {
    try {
      format = format === "@-" ? await readAllStdin() : await readFile(format.slice(1), "utf8");
    } catch (err) {
      return await fail(new CliError(26, `Failed to read the --write-out file: ${(err as Error).message}`));
    }
  }
  const stderr = (text: string) => void process.stderr.write(text);
  let status = 0;
  for (let i = 0; i < f.urls.length; i++) {
    const info = await transfer({ flags: f, caCerts, stderr }, f.urls[i], f.outputs[i]);
    status = info.exitCode;
    if (status !== 0) await fail(new CliError(status, info.errorMessage));
    if (format !== undefined) {
      const { text, warnings } = formatWriteOut(format, info);
      for (const w of warnings) await writeTo(process.stderr, `fetch: ${w}\n`);
      await writeTo(process.stdout, text);
    }
  }
  return status;
}

async function readAllStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += new TextDecoder().decode(chunk as Uint8Array, { stream: true });
  return text;
}
