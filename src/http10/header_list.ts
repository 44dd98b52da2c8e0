/**
 * The header collection the parsers produce and the serializers consume.
 *
 * @module
 */
import { equalsIgnoreCase } from "./_ascii.ts";
import { ParsedLines } from "./_parsed_lines.ts";

/**
 * An ordered list of header field lines: names compare case-insensitively, each line is kept
 * (a name may repeat), and names keep the spelling they arrived with.
 *
 * Unlike the WHATWG `Headers`, nothing is merged, sorted or validated: it holds what was on
 * the wire. The serializers validate what they write.
 *
 * Lookups compare names in place (ASCII case folding, no lower-case copies) and scan the list:
 * heads are short. A list from a parser keeps the decoded head and cuts a line out of it only
 * when asked: `get()`, `has()`, `indexOf()` and `size` cut out no name, and the first other
 * use cuts out every line once.
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
  #names: string[];
  #values: string[];
  // The parser's lines not cut into #names and #values yet (then those are a shared empty
  // array, never written: every use that writes cuts the lines out first), or null.
  #lines: ParsedLines | null = null;

  /** Creates a list from `[name, value]` pairs (a `Headers` works too) or a plain record. */
  constructor(init?: Iterable<readonly [string, string]> | Record<string, string>) {
    if (init instanceof ParsedLines) {
      this.#names = this.#values = NONE;
      this.#lines = init;
      return;
    }
    this.#names = [];
    this.#values = [];
    if (init === undefined) return;
    if (isIterable(init)) {
      for (const [name, value] of init) this.append(name, value);
    } else {
      for (const name of Object.keys(init)) this.append(name, init[name]);
    }
  }

  /** The number of field lines (not of distinct names). */
  get size(): number {
    return this.#lines !== null ? this.#lines.size : this.#names.length;
  }

  /** Adds a field line at the end. */
  append(name: string, value: string): void {
    if (this.#lines !== null) this.#cutLines();
    this.#names.push(name);
    this.#values.push(value);
  }

  /**
   * Replaces every line named `name` with one line `name: value`, kept at the position of the
   * first one (or appended when there was none).
   */
  set(name: string, value: string): void {
    if (this.#lines !== null) this.#cutLines();
    const first = this.indexOf(name);
    if (first < 0) return this.append(name, value);
    this.#names[first] = name;
    this.#values[first] = value;
    this.#removeFrom(name.toLowerCase(), first + 1);
  }

  /**
   * All values of `name` joined with ", " (the list form of RFC 9110 §5.3), or null when
   * there is none. Use {@linkcode HeaderList.getAll} for Set-Cookie, which cannot be joined.
   */
  get(name: string): string | null {
    const key = name.toLowerCase();
    let found: string | null = null;
    const lines = this.#lines;
    if (lines !== null) {
      for (let i = lines.indexOf(key, 0); i >= 0; i = lines.indexOf(key, i + 1)) {
        found = found === null ? lines.valueAt(i) : `${found}, ${lines.valueAt(i)}`;
      }
      return found;
    }
    const names = this.#names;
    for (let i = 0; i < names.length; i++) {
      if (!equalsIgnoreCase(names[i], key)) continue;
      found = found === null ? this.#values[i] : `${found}, ${this.#values[i]}`;
    }
    return found;
  }

  /** The values of every line named `name`, in order; empty when there is none. */
  getAll(name: string): string[] {
    if (this.#lines !== null) this.#cutLines();
    const key = name.toLowerCase();
    const out: string[] = [];
    const names = this.#names;
    for (let i = 0; i < names.length; i++) {
      if (equalsIgnoreCase(names[i], key)) out.push(this.#values[i]);
    }
    return out;
  }

  /** True if at least one line is named `name`. */
  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Removes every line named `name`. */
  delete(name: string): void {
    if (this.#lines !== null) this.#cutLines();
    this.#removeFrom(name.toLowerCase(), 0);
  }

  /** The index of the first line named `name` at or after `fromIndex`, or -1. */
  indexOf(name: string, fromIndex = 0): number {
    const key = name.toLowerCase();
    if (this.#lines !== null) {
      if (fromIndex === 0) return this.#lines.indexOf(key, 0);
      this.#cutLines();
    }
    const names = this.#names;
    for (let i = Math.max(0, fromIndex); i < names.length; i++) {
      if (equalsIgnoreCase(names[i], key)) return i;
    }
    return -1;
  }

  /** The name of line `index`, as received. */
  nameAt(index: number): string {
    if (this.#lines !== null) this.#cutLines();
    return this.#names[index];
  }

  /** The value of line `index`. */
  valueAt(index: number): string {
    if (this.#lines !== null) this.#cutLines();
    return this.#values[index];
  }

  /** Yields `[name, value]` for each line, in order. */
  entries(): IterableIterator<[string, string]> {
    if (this.#lines !== null) this.#cutLines();
    return this.#walk();
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
    if (this.#lines !== null) this.#cutLines();
    const headers = new Headers();
    const names = this.#names;
    for (let i = 0; i < names.length; i++) {
      try {
        headers.append(names[i], this.#values[i]);
      } catch {
        // Skipped on purpose: the caller asked for what Headers can hold.
      }
    }
    return headers;
  }

  *#walk(): IterableIterator<[string, string]> {
    const names = this.#names;
    const values = this.#values;
    for (let i = 0; i < names.length; i++) yield [names[i], values[i]];
  }

  // The parser's lines become strings in #names and #values, for a use that needs them all.
  #cutLines(): void {
    const lines = this.#lines!;
    this.#lines = null;
    this.#names = [];
    this.#values = [];
    for (let i = 0; i < lines.size; i++) {
      this.#names.push(lines.nameAt(i));
      this.#values.push(lines.valueAt(i));
    }
  }

  #removeFrom(key: string, from: number): void {
    const names = this.#names;
    const values = this.#values;
    let kept = from;
    for (let i = from; i < names.length; i++) {
      if (equalsIgnoreCase(names[i], key)) continue;
      names[kept] = names[i];
      values[kept] = values[i];
      kept++;
    }
    names.length = kept;
    values.length = kept;
  }
}

// The arrays of a list whose lines are not cut out yet.
const NONE: string[] = [];

function isIterable(
  x: Iterable<readonly [string, string]> | Record<string, string>,
): x is Iterable<readonly [string, string]> {
  return typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
