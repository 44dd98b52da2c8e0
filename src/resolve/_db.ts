/**
 * Reading the line-oriented databases in /etc (hosts, services, protocols): comments,
 * blank lines and whitespace-separated fields.
 *
 * @module
 */

/**
 * The text of a database file, or "" when the file is missing or may not be read.
 *
 * glibc treats an unavailable file as an empty database and goes on to the next source;
 * so do we. "Missing" covers ENOENT and ENOTDIR; "may not be read" covers EACCES, EPERM and
 * Deno's permission errors (run without --allow-read). Other errors are thrown.
 */
export async function readDbFile(path: string): Promise<string> {
  try {
    // Loaded on first use: on Deno, `node:fs/promises` alone costs about 12 MiB of RSS.
    const { readFile } = await import("node:fs/promises");
    return await readFile(path, "utf8");
  } catch (err) {
    if (isUnavailable(err)) return "";
    throw err;
  }
}

function isUnavailable(err: unknown): boolean {
  const { code, name } = err as { code?: unknown; name?: unknown };
  return code === "ENOENT" || code === "ENOTDIR" || code === "EACCES" || code === "EPERM" ||
    name === "NotCapable" || name === "PermissionDenied";
}

/**
 * The records of a database: for each line, its whitespace-separated fields, with "#" to
 * the end of the line dropped and lines left empty skipped. CRLF files read the same.
 */
export function dbRecords(text: string): string[][] {
  const records: string[][] = [];
  for (const line of text.split("\n")) {
    const hash = line.indexOf("#");
    const fields = (hash === -1 ? line : line.slice(0, hash)).split(/[ \t\r\f\v]+/);
    // split() leaves an empty field for leading and trailing whitespace.
    const kept = fields.filter((f) => f !== "");
    if (kept.length > 0) records.push(kept);
  }
  return records;
}

/** Parses an unsigned decimal number of at most `max`, or returns -1 if `text` is not one. */
export function parseDecimal(text: string, max: number): number {
  if (text.length === 0 || text.length > 10) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value <= max ? value : -1;
}
