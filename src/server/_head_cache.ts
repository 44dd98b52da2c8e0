/**
 * The last response head the static path wrote, kept as bytes so that the next response
 * with the same status, reason, handler fields, body length and connection fate is a copy
 * of it with only the Date value patched (once a second). Most servers answer most
 * requests with the same few heads; writing one field by field (checking every character,
 * canonicalizing every name) cost more than parsing the request.
 *
 * Only heads whose fields all go out as the handler set them are kept: a response that
 * sets Connection, Content-Length, Keep-Alive, Transfer-Encoding or Date takes the field by
 * field path every time, so the rules of `_response_fields.ts` stay in one place. A head
 * is stored only after that path wrote (and so checked) it.
 *
 * @module
 */

/** Handler fields the server reads or replaces: a head with any of them is never cached. */
const DECIDED = new Set(["connection", "content-length", "keep-alive", "transfer-encoding", "date"]);

/** Bytes of "Date: " before the value, which follows the status line. */
const DATE_NAME = 6;
/** Length of an IMF-fixdate. */
const DATE_LENGTH = 29;

// The forEach callback's state, module-wide so that a lookup allocates no closure.
let matchFields: string[] = [];
let matchAt = 0;
let matchOk = true;
function matchField(value: string, name: string): void {
  if (!matchOk) return;
  const at = matchAt;
  if (at + 1 >= matchFields.length || matchFields[at] !== name || matchFields[at + 1] !== value) matchOk = false;
  matchAt = at + 2;
}
let collected: string[] = [];
function collectField(value: string, name: string): void {
  if (DECIDED.has(name)) matchOk = false;
  collected.push(name, value);
}

/** One cached head; see the module comment. */
export class HeadCache {
  #bytes: Uint8Array | null = null;
  #status = 0;
  #reason = "";
  #fields: string[] = [];
  #length: number | null = null;
  #keepAlive = false;
  /** The Content-Type the server added (a body's type the runtime kept out of the headers), or null. */
  #type: string | null = null;
  #hasContentType = false;
  /**
   * Which head is cached: `matches()` returns it and `copyMatched()` checks it, since other
   * connections may store another head while a response's body is being gathered.
   */
  #generation = 0;
  #date = "";
  /** Where the Date value starts in `#bytes`. */
  #dateAt = 0;

  /**
   * Copies the cached head into `out` if it is the head for these values (`date` patched
   * in); returns its length, or -1 when it is not (or does not fit before `limit`).
   */
  copyInto(
    out: Uint8Array,
    limit: number,
    response: Response,
    reason: string,
    length: number | null,
    keepAlive: boolean,
    date: string,
  ): number {
    const bytes = this.#bytes;
    if (bytes === null || length !== this.#length || keepAlive !== this.#keepAlive || bytes.length > limit) return -1;
    const generation = this.matches(response, reason);
    return generation < 0 ? -1 : this.copyMatched(generation, out, limit, length, keepAlive, null, date);
  }

  /**
   * If `response` has the cached head's status, reason and handler fields (so none the
   * server decides): the cached head's generation, to give `copyMatched()` once the length
   * and the connection's fate are known (and `hasContentType` says, now, whether those
   * fields include a Content-Type); otherwise -1.
   */
  matches(response: Response, reason: string): number {
    if (this.#bytes === null || response.status !== this.#status || reason !== this.#reason) return -1;
    matchFields = this.#fields;
    matchAt = 0;
    matchOk = true;
    response.headers.forEach(matchField);
    const ok = matchOk && matchAt === matchFields.length;
    matchFields = [];
    return ok ? this.#generation : -1;
  }

  /** Whether the fields `matches()` found include a Content-Type. */
  get hasContentType(): boolean {
    return this.#hasContentType;
  }

  /**
   * For a response `matches()` gave `generation` for: copies the cached head into `out` if
   * it is still that head and has this length, connection fate and added Content-Type
   * (`date` patched in), and returns its length; -1 otherwise.
   */
  copyMatched(
    generation: number,
    out: Uint8Array,
    limit: number,
    length: number | null,
    keepAlive: boolean,
    type: string | null,
    date: string,
  ): number {
    const bytes = this.#bytes;
    if (
      generation !== this.#generation || bytes === null || length !== this.#length || keepAlive !== this.#keepAlive ||
      type !== this.#type || bytes.length > limit
    ) return -1;
    if (date !== this.#date) {
      // Once a second: the new date into the cached bytes (IMF-fixdate is always ASCII, 29 long).
      if (date.length !== DATE_LENGTH) return -1;
      for (let i = 0; i < DATE_LENGTH; i++) bytes[this.#dateAt + i] = date.charCodeAt(i);
      this.#date = date;
    }
    out.set(bytes);
    return bytes.length;
  }

  /**
   * Keeps `head` (`out[0:end]`, just written field by field for these values, Date first
   * after the status line, `type` the Content-Type the server added or null) for the next
   * response like it, if its fields allow.
   */
  store(
    out: Uint8Array,
    end: number,
    response: Response,
    reason: string,
    length: number | null,
    keepAlive: boolean,
    date: string,
    type: string | null = null,
  ): void {
    collected = [];
    matchOk = true;
    response.headers.forEach(collectField);
    const fields = collected;
    collected = [];
    if (!matchOk || date.length !== DATE_LENGTH) return;
    const dateAt = out.indexOf(0x0a) + 1 + DATE_NAME;
    if (dateAt <= DATE_NAME || out[dateAt - 2] !== 0x3a) return;
    this.#generation++;
    this.#bytes = out.slice(0, end);
    this.#status = response.status;
    this.#reason = reason;
    this.#fields = fields;
    this.#length = length;
    this.#keepAlive = keepAlive;
    this.#type = type;
    this.#hasContentType = false;
    for (let i = 0; i < fields.length; i += 2) if (fields[i] === "content-type") this.#hasContentType = true;
    this.#date = date;
    this.#dateAt = dateAt;
  }
}
