/**
 * Fake byte sources and sinks for transport tests: no sockets, no timers.
 *
 * @module
 */

/** Bytes of a latin1 string. */
export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** A latin1 string of bytes. */
export function text(data: Uint8Array): string {
  let s = "";
  for (const b of data) s += String.fromCharCode(b);
  return s;
}

/**
 * A source that hands out `data` a few bytes per read, cycling through `sizes`
 * (1, 2, 3 by default), then end of file. It counts its reads.
 */
export class TrickleSource {
  reads = 0;
  #data: Uint8Array;
  #off = 0;
  #sizes: number[];
  #eofs = 0;

  constructor(data: Uint8Array | string, sizes: number[] = [1, 2, 3]) {
    this.#data = typeof data === "string" ? bytes(data) : data;
    this.#sizes = sizes;
  }

  /** How many times the source reported end of file. */
  get eofs(): number {
    return this.#eofs;
  }

  read(p: Uint8Array): Promise<number | null> {
    const size = this.#sizes[this.reads++ % this.#sizes.length];
    if (this.#off >= this.#data.length) {
      this.#eofs++;
      return Promise.resolve(null);
    }
    const n = Math.min(size, p.length, this.#data.length - this.#off);
    p.set(this.#data.subarray(this.#off, this.#off + n));
    this.#off += n;
    return Promise.resolve(n);
  }
}

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A clock whose time moves only when `advance` says so; timers fire in order of due time
 * (then of creation), each followed by a turn of the event loop so promises settle.
 */
export class FakeClock {
  #now = 0;
  #nextId = 1;
  #timers: FakeTimer[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(id: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    while (true) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.fn();
      await settle();
    }
    this.#now = end;
  }
}

/** Lets every pending promise callback run: one turn of the event loop. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
