/**
 * The header collection the parsers produce and the serializers consume.
 *
 * @module
 */
import { equalsIgnoreCase } from "./_ascii.ts";

/**
 * An ordered list of header field lines: names compare case-insensitively, each line is kept
 * (a name may repeat), and names keep the spelling they arrived with.
 *
 * Unlike the WHATWG `Headers`, nothing is merged, sorted or validated: it holds what was on
 * the wire. The serializers validate what they write.
 *
 * Lookups compare names in place (ASCII case folding, no lower-case copies), so building a
 * list in the parser costs two array pushes per field. Lookups scan the list: heads are short.
 *
 * @example
 * ```ts
 * const h = new HeaderList([["Accept", "text/html"], ["accept", "text/plain"]]);
 * h.get("ACCEPT"); // "text/html, text/plain"
 * h.getAll("accept"); // ["text/html", "text/plain"]
 * [...h]; // [["Accept", "text/html"], ["accept", "text/plain"]]
 * ```
 */
export class HeaderList implements Iterable<[string, string]> {
  // name, value, name, value, ...: one array, so a list costs one allocation less.
  #fields: string[] = [];

  /** Creates a list from `[name, value]` pairs (a `Headers` works too) or a plain record. */
  constructor(init?: Iterable<readonly [string, string]> | Record<string, string>) {
    if (init === undefined) return;
    if (isIterable(init)) {
      for (const [name, value] of init) this.append(name, value);
    } else {
      for (const name of Object.keys(init)) this.append(name, init[name]);
    }
  }

  /** The number of field lines (not of distinct names). */
  get size(): number {
    return this.#fields.length >> 1;
  }

  /** Adds a field line at the end. */
  append(name: string, value: string): void {
    this.#fields.push(name, value);
  }

  /**
   * Replaces every line named `name` with one line `name: value`, kept at the position of the
   * first one (or appended when there was none).
   */
  set(name: string, value: string): void {
    const first = this.indexOf(name);
    if (first < 0) return this.append(name, value);
    this.#fields[2 * first] = name;
    this.#fields[2 * first + 1] = value;
    this.#removeFrom(name.toLowerCase(), first + 1);
  }

  /**
   * All values of `name` joined with ", " (the list form of RFC 9110 §5.3), or null when
   * there is none. Use {@linkcode HeaderList.getAll} for Set-Cookie, which cannot be joined.
   */
  get(name: string): string | null {
    const key = name.toLowerCase();
    let found: string | null = null;
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i += 2) {
      if (!equalsIgnoreCase(fields[i], key)) continue;
      found = found === null ? fields[i + 1] : `${found}, ${fields[i + 1]}`;
    }
    return found;
  }

  /** The values of every line named `name`, in order; empty when there is none. */
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i += 2) {
      if (equalsIgnoreCase(fields[i], key)) out.push(fields[i + 1]);
    }
    return out;
  }

  /** True if at least one line is named `name`. */
  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Removes every line named `name`. */
  delete(name: string): void {
    this.#removeFrom(name.toLowerCase(), 0);
  }

  /** The index of the first line named `name` at or after `fromIndex`, or -1. */
  indexOf(name: string, fromIndex = 0): number {
    const key = name.toLowerCase();
    const fields = this.#fields;
    for (let i = 2 * Math.max(0, fromIndex); i < fields.length; i += 2) {
      if (equalsIgnoreCase(fields[i], key)) return i >> 1;
    }
    return -1;
  }

  /** The name of line `index`, as received. */
  nameAt(index: number): string {
    return this.#fields[2 * index];
  }

  /** The value of line `index`. */
  valueAt(index: number): string {
    return this.#fields[2 * index + 1];
  }

  /** Yields `[name, value]` for each line, in order. */
  *entries(): IterableIterator<[string, string]> {
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i += 2) yield [fields[i], fields[i + 1]];
  }

  /** Same as {@linkcode HeaderList.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * A WHATWG `Headers` with the same lines. A line `Headers` refuses (a name that is not a
   * token, a value with NUL/CR/LF or a char above U+00FF) is skipped, never thrown.
   */
  toHeaders(): Headers {
    const headers = new Headers();
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i += 2) {
      try {
        headers.append(fields[i], fields[i + 1]);
      } catch {
        // Skipped on purpose: the caller asked for what Headers can hold.
      }
    }
    return headers;
  }

  #removeFrom(key: string, from: number): void {
    const fields = this.#fields;
    let kept = 2 * from;
    for (let i = kept; i < fields.length; i += 2) {
      if (equalsIgnoreCase(fields[i], key)) continue;
      fields[kept] = fields[i];
      fields[kept + 1] = fields[i + 1];
      kept += 2;
    }
    fields.length = kept;
  }
}

function isIterable(
  x: Iterable<readonly [string, string]> | Record<string, string>,
): x is Iterable<readonly [string, string]> {
  return typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
