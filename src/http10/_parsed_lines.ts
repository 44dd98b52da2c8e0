/**
 * The field lines of a parsed head before they are cut into strings: the decoded head and
 * where each name and value lies in it. Private to `src/http10/`: the parsers hand one to
 * `new HeaderList(...)`, which cuts lines out only when they are asked for.
 *
 * @module
 */

/**
 * Field lines as spans of one decoded head. Iterating yields the `[name, value]` pairs, so
 * a list built from it by iteration holds the same lines as one that keeps it.
 */
export class ParsedLines implements Iterable<[string, string]> {
  /**
   * @param text the decoded head
   * @param spans four indexes per line (nameStart, nameEnd, valueStart, valueEnd), each
   *   `base` more than its index in `text`; only whole lines, no obs-fold continuations
   * @param base what to subtract from a span to get an index of `text`
   */
  constructor(readonly text: string, readonly spans: number[], readonly base: number) {}

  /** The number of lines. */
  get size(): number {
    return this.spans.length >> 2;
  }

  /** The name of line `index`. */
  nameAt(index: number): string {
    const at = index << 2;
    return this.text.slice(this.spans[at] - this.base, this.spans[at + 1] - this.base);
  }

  /** The value of line `index`. */
  valueAt(index: number): string {
    const at = index << 2;
    return this.text.slice(this.spans[at + 2] - this.base, this.spans[at + 3] - this.base);
  }

  /**
   * The index of the first line at or after `from` whose name is `lowerKey` ignoring ASCII
   * case (as `equalsIgnoreCase` compares), or -1. Compares in place: no name is cut out.
   */
  indexOf(lowerKey: string, from: number): number {
    const { text, spans, base } = this;
    const n = lowerKey.length;
    next: for (let i = from << 2; i < spans.length; i += 4) {
      const start = spans[i] - base;
      if (spans[i + 1] - base - start !== n) continue;
      for (let k = 0; k < n; k++) {
        const a = text.charCodeAt(start + k);
        const b = lowerKey.charCodeAt(k);
        if (a === b || (a >= 0x41 && a <= 0x5a && a + 0x20 === b)) continue;
        if (a > 0x7f && text.slice(start, start + n).toLowerCase() === lowerKey) break;
        continue next;
      }
      return i >> 2;
    }
    return -1;
  }

  /** Yields `[name, value]` for each line, in order. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.size; i++) yield [this.nameAt(i), this.valueAt(i)];
  }
}
