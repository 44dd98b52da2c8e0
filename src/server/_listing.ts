/**
 * Directory listings for `serveDir()`: read a directory's entries, then render them as a
 * small HTML page. Private to `src/server/`.
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** One row of a listing. */
export interface ListingEntry {
  /** The file name, as on disk. */
  name: string;
  /** True for a directory (or a symlink to one). */
  directory: boolean;
  /** Size in bytes; 0 for directories. */
  size: number;
  /** Last modification time. */
  mtime: Date;
}

/** What `readListing()` needs from its caller. */
export interface ReadListingOptions {
  /** Whether to include names that start with ".". */
  dotfiles: boolean;
  /**
   * Where a symlink really points, or null when that is outside the served root. The
   * caller owns the containment rule; a link that leaves the root is left out.
   */
  resolveLink: (path: string) => Promise<string | null>;
}

/**
 * Reads the entries of directory `dir` that `serveDir()` would serve: regular files and
 * directories, following symlinks that stay inside the root. Entries that vanish while
 * being read, dangling links, and other kinds (sockets, FIFOs, devices) are left out.
 * Sorted with directories first, then by name in code-unit order (the same on every
 * runtime, unlike `localeCompare`).
 */
export async function readListing(dir: string, options: ReadListingOptions): Promise<ListingEntry[]> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const rows = await Promise.all(dirents.map(async (d): Promise<ListingEntry | null> => {
    if (!options.dotfiles && d.name.startsWith(".")) return null;
    let path = join(dir, d.name);
    try {
      if (d.isSymbolicLink()) {
        const target = await options.resolveLink(path);
        if (target === null) return null;
        path = target;
      }
      const info = await stat(path);
      if (!info.isFile() && !info.isDirectory()) return null;
      const directory = info.isDirectory();
      return { name: d.name, directory, size: directory ? 0 : info.size, mtime: info.mtime };
    } catch {
      return null; // gone since readdir, dangling link, or not ours to look at
    }
  }));
  const entries = rows.filter((e): e is ListingEntry => e !== null);
  return entries.sort((a, b) =>
    a.directory !== b.directory ? (a.directory ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
}

/**
 * Renders a listing as an HTML page. `path` is the decoded URL path of the directory,
 * ending in "/"; a link to the parent appears unless it is "/". Names are HTML-escaped
 * in text and percent-encoded in hrefs, which are relative to the directory.
 */
export function renderListing(path: string, entries: readonly ListingEntry[]): string {
  const title = `Index of ${escapeHtml(path)}`;
  const rows: string[] = [];
  if (path !== "/") rows.push(row("../", "../", "", ""));
  for (const e of entries) {
    const slash = e.directory ? "/" : "";
    rows.push(row(
      encodeURIComponent(e.name) + slash,
      e.name + slash,
      e.directory ? "-" : String(e.size),
      formatTime(e.mtime),
    ));
  }
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>${title}</title>
<style>body{font-family:monospace}td{padding:0 1em 0 0}td+td{text-align:right}</style>
</head>
<body>
<h1>${title}</h1>
<table>
<tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr>
${rows.join("\n")}
</table>
</body>
</html>
`;
}

function row(href: string, text: string, size: string, time: string): string {
  return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></td><td>${size}</td><td>${time}</td></tr>`;
}

/** "2024-05-06 07:08:09": sortable, and the same on every machine. */
function formatTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes the five characters that can end text or a quoted attribute in HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
