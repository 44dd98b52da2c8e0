/**
 * Where fetch.ts writes: stdout, a file (new, or appended to when resuming), or nowhere
 * (/dev/null, opened by no one, so `-o /dev/null` needs no write permission); and the
 * progress bar and verbose heads on stderr.
 *
 * @module
 */
import process from "node:process";
import { open } from "node:fs/promises";

/** Where output goes, with writes that wait for the bytes to be taken. */
export interface Sink {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Writes `data` to a node stream and waits until it is taken. */
export function writeTo(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

/** stdout as a sink. */
export function stdoutSink(): Sink {
  return {
    write: (bytes) => writeTo(process.stdout, bytes),
    close: () => Promise.resolve(),
  };
}

/** A sink that drops everything. */
export const NULL_SINK: Sink = { write: () => Promise.resolve(), close: () => Promise.resolve() };

/**
 * A file as a sink: created or truncated, or appended to with `append` (resuming).
 * "/dev/null" is not opened at all: writing there needs no permission.
 */
export async function fileSink(path: string, append = false): Promise<Sink> {
  if (path === "/dev/null") return NULL_SINK;
  if (path === "-") return stdoutSink();
  const file = await open(path, append ? "a" : "w");
  return {
    async write(bytes) {
      let off = 0;
      while (off < bytes.length) off += (await file.write(bytes, off)).bytesWritten;
    },
    close: () => file.close(),
  };
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

/**
 * A response head from its status line on: the empty lines some servers send before it
 * (RFC 9112 §2.2 lets a client skip them) are not part of what `-i` and `-D` print.
 */
export function fromStatusLine(head: Uint8Array): Uint8Array {
  let i = 0;
  while (i < head.length && (head[i] === 0x0d || head[i] === 0x0a)) i++;
  return i === 0 ? head : head.subarray(i);
}

/**
 * The last path segment of `url`, as `-O` names its file (curl's rule: no query, no
 * directories); empty when the path ends in "/".
 */
export function remoteName(url: URL): string {
  const path = url.pathname;
  const name = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(name).includes("/") ? name : decodeURIComponent(name);
  } catch {
    return name;
  }
}
