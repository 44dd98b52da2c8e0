/**
 * The DNS message codec (RFC 1035 §4, RFC 3596 for AAAA, RFC 6891 for EDNS): bytes to a
 * {@linkcode DnsMessage} and back. Pure, like the HTTP codec: no I/O, and malformed input
 * is a typed {@linkcode DnsMessageError} with a stable code, never a crash or a hang.
 *
 * @module
 */
import { inetNtop } from "../inet_ntop.ts";
import { inetPton } from "../inet_pton.ts";
import { nameLabels, readName } from "./_name.ts";
import { DnsBadMessageError, DnsBadRdataError, DnsEncodeError, DnsTruncatedError } from "./errors.ts";
import {
  CLASS_IN,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
  type Edns,
  RR_TYPES,
  type SoaData,
} from "./types.ts";

const HEADER = 12;
const { A, AAAA, CNAME, NS, PTR, SOA, OPT } = RR_TYPES;

/**
 * Reads a whole DNS message.
 *
 * Names are read with compression; the record data of A, AAAA, CNAME, PTR, NS and SOA is
 * decoded, that of other types kept as bytes. One OPT record in the additional section
 * becomes `edns` and widens `rcode`. Strict: bytes after the last counted record are an
 * error, as is a second OPT record.
 *
 * @throws {DnsMessageError} `HTTP10_DNS_TRUNCATED`, `HTTP10_DNS_POINTER_LOOP`,
 * `HTTP10_DNS_NAME_TOO_LONG`, `HTTP10_DNS_BAD_LABEL`, `HTTP10_DNS_BAD_RDATA` or
 * `HTTP10_DNS_BAD_MESSAGE`, with the offset.
 * @example
 * ```ts
 * import { decodeMessage, encodeQuery } from "./message.ts";
 * import { RCODES, RR_TYPES } from "./types.ts";
 *
 * const datagram = encodeQuery({ id: 7, name: "example.com", type: RR_TYPES.A }); // a reply would come back
 * const msg = decodeMessage(datagram);
 * if (msg.rcode === RCODES.NOERROR) for (const rr of msg.answers) console.log(rr.name, rr.data);
 * ```
 */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  if (bytes.length < HEADER) throw new DnsTruncatedError("the 12-byte header", bytes.length);
  const flags = (bytes[2] << 8) | bytes[3];
  const counts = [u16(bytes, 4), u16(bytes, 6), u16(bytes, 8), u16(bytes, 10)];
  let pos = HEADER;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const [name, next] = readName(bytes, pos, bytes.length);
    if (next + 4 > bytes.length) throw new DnsTruncatedError("a question", next);
    questions.push({ name, type: u16(bytes, next), class: u16(bytes, next + 2) });
    pos = next + 4;
  }
  const sections: DnsRecord[][] = [[], [], []];
  let edns: Edns | null = null;
  let extended = 0;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      const [name, next] = readName(bytes, pos, bytes.length);
      if (next + 10 > bytes.length) throw new DnsTruncatedError("a record header", next);
      const type = u16(bytes, next);
      const klass = u16(bytes, next + 2);
      const ttl = u32(bytes, next + 4);
      const rdlength = u16(bytes, next + 8);
      const start = next + 10;
      const end = start + rdlength;
      if (end > bytes.length) throw new DnsTruncatedError("record data", start);
      if (type === OPT && s === 2) {
        if (edns !== null) throw new DnsBadMessageError("a second OPT record", next);
        if (name !== "") throw new DnsBadMessageError("an OPT record not owned by the root", next);
        const options = bytes.slice(start, end);
        edns = { udpSize: klass, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, options };
        // The OPT record's TTL holds the upper eight bits of the rcode (RFC 6891 §6.1.3).
        extended = ttl >>> 24;
      } else {
        // RFC 2181 §8: a TTL with the top bit set reads as zero.
        const data = readRdata(bytes, type, start, end);
        sections[s].push({ name, type, class: klass, ttl: ttl > 0x7fffffff ? 0 : ttl, data });
      }
      pos = end;
    }
  }
  if (pos !== bytes.length) throw new DnsBadMessageError(`${bytes.length - pos} bytes after the last record`, pos);
  return {
    id: u16(bytes, 0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    authenticData: (flags & 0x0020) !== 0,
    checkingDisabled: (flags & 0x0010) !== 0,
    rcode: (extended << 4) | (flags & 0xf),
    questions,
    answers: sections[0],
    authorities: sections[1],
    additionals: sections[2],
    edns,
  };
}

function readRdata(bytes: Uint8Array, type: number, start: number, end: number): DnsRecord["data"] {
  const length = end - start;
  if (type === A || type === AAAA) {
    const want = type === A ? 4 : 16;
    if (length !== want) {
      throw new DnsBadRdataError(`${type === A ? "an A" : "an AAAA"} record of ${length} bytes`, start);
    }
    return inetNtop(type === A ? 4 : 6, bytes.subarray(start, end));
  }
  if (type === CNAME || type === PTR || type === NS) {
    const [target, next] = readName(bytes, start, end);
    if (next !== end) throw new DnsBadRdataError("bytes after the name", next);
    return target;
  }
  if (type === SOA) {
    const [mname, afterM] = readName(bytes, start, end);
    const [rname, afterR] = readName(bytes, afterM, end);
    if (afterR + 20 !== end) throw new DnsBadRdataError("an SOA record whose numbers are not 20 bytes", afterR);
    return {
      mname,
      rname,
      serial: u32(bytes, afterR),
      refresh: u32(bytes, afterR + 4),
      retry: u32(bytes, afterR + 8),
      expire: u32(bytes, afterR + 12),
      minimum: u32(bytes, afterR + 16),
    };
  }
  return bytes.slice(start, end);
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** The header fields and sections `encodeMessage` takes; every field but `id` has a default. */
export type DnsMessageInit = Partial<DnsMessage> & { id: number };

/** Writes bytes into a buffer that grows, and remembers where names were written for compression. */
class _Writer {
  buf = new Uint8Array(512);
  pos = 0;
  // Wire form of each name suffix written (lower case) → its offset, for pointers (< 0x4000).
  #names = new Map<string, number>();

  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.room(2);
    this.buf[this.pos++] = v >> 8;
    this.buf[this.pos++] = v & 0xff;
  }

  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v & 0xffff);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  name(text: string, compress: boolean): void {
    const labels = nameLabels(text);
    const keys: string[] = [];
    let key = "";
    for (let i = labels.length - 1; i >= 0; i--) {
      key = String.fromCharCode(labels[i].length, ...labels[i]).toLowerCase() + key;
      keys[i] = key;
    }
    for (let i = 0; i < labels.length; i++) {
      const earlier = compress ? this.#names.get(keys[i]) : undefined;
      if (earlier !== undefined) {
        this.u16(0xc000 | earlier);
        return;
      }
      if (this.pos < 0x4000) this.#names.set(keys[i], this.pos);
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }
}

/**
 * Writes a DNS message, compressing every name that repeats an earlier one (owner names,
 * and the names inside CNAME, PTR, NS and SOA data, as RFC 3597 §4 allows).
 *
 * Record data is taken by type: address text for A and AAAA, a name for CNAME, PTR and NS,
 * {@linkcode SoaData} for SOA, bytes for any type. `edns`, when set, is written as an OPT
 * record at the end of the additional section, carrying the upper bits of `rcode`.
 *
 * @throws {DnsEncodeError} for a bad name, data that does not fit its type, or a count or
 * field out of range.
 * @example
 * ```ts
 * import { encodeMessage } from "./message.ts";
 * import { CLASS_IN, RR_TYPES } from "./types.ts";
 *
 * const query = encodeMessage({
 *   id: 0x1234, recursionDesired: true,
 *   questions: [{ name: "example.com", type: RR_TYPES.A, class: CLASS_IN }],
 *   edns: { udpSize: 1232, version: 0, dnssecOk: false, options: new Uint8Array() },
 * });
 * ```
 */
export function encodeMessage(msg: DnsMessageInit): Uint8Array {
  const questions = msg.questions ?? [];
  const sections = [msg.answers ?? [], msg.authorities ?? [], msg.additionals ?? []];
  const edns = msg.edns ?? null;
  const rcode = msg.rcode ?? 0;
  if (!Number.isInteger(msg.id) || msg.id < 0 || msg.id > 0xffff) throw new DnsEncodeError("id must be 0–65535");
  if (!Number.isInteger(rcode) || rcode < 0 || rcode > (edns === null ? 0xf : 0xfff)) {
    throw new DnsEncodeError(`rcode ${rcode} out of range${edns === null ? " without EDNS" : ""}`);
  }
  const counts = [questions.length, sections[0].length, sections[1].length, sections[2].length + (edns ? 1 : 0)];
  if (counts.some((c) => c > 0xffff)) throw new DnsEncodeError("more than 65535 entries in a section");

  const w = new _Writer();
  w.u16(msg.id);
  w.u16(
    (msg.response ? 0x8000 : 0) | (((msg.opcode ?? 0) & 0xf) << 11) | (msg.authoritative ? 0x0400 : 0) |
      (msg.truncated ? 0x0200 : 0) | (msg.recursionDesired ? 0x0100 : 0) | (msg.recursionAvailable ? 0x0080 : 0) |
      (msg.authenticData ? 0x0020 : 0) | (msg.checkingDisabled ? 0x0010 : 0) | (rcode & 0xf),
  );
  for (const c of counts) w.u16(c);
  for (const q of questions) {
    w.name(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const section of sections) for (const rr of section) writeRecord(w, rr);
  if (edns !== null) {
    w.u8(0); // the root
    w.u16(OPT);
    w.u16(edns.udpSize);
    w.u32(((rcode >> 4) << 24) | ((edns.version & 0xff) << 16) | (edns.dnssecOk ? 0x8000 : 0));
    w.u16(edns.options.length);
    w.bytes(edns.options);
  }
  return w.buf.slice(0, w.pos);
}

function writeRecord(w: _Writer, rr: DnsRecord): void {
  w.name(rr.name, true);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  const lengthAt = w.pos;
  w.u16(0);
  const data = rr.data;
  if (data instanceof Uint8Array) {
    w.bytes(data);
  } else if (rr.type === A || rr.type === AAAA) {
    const bytes = typeof data === "string" ? inetPton(rr.type === A ? 4 : 6, data) : null;
    if (bytes === null) {
      throw new DnsEncodeError(`${JSON.stringify(data)} is not an IPv${rr.type === A ? 4 : 6} address`);
    }
    w.bytes(bytes);
  } else if ((rr.type === CNAME || rr.type === PTR || rr.type === NS) && typeof data === "string") {
    w.name(data, true);
  } else if (rr.type === SOA && typeof data === "object") {
    const soa = data as SoaData;
    w.name(soa.mname, true);
    w.name(soa.rname, true);
    for (const n of [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum]) w.u32(n);
  } else {
    throw new DnsEncodeError(`data of a type ${rr.type} record must be bytes`);
  }
  const length = w.pos - lengthAt - 2;
  if (length > 0xffff) throw new DnsEncodeError("record data longer than 65535 bytes");
  w.buf[lengthAt] = length >> 8;
  w.buf[lengthAt + 1] = length & 0xff;
}

/** What `encodeQuery` asks. */
export interface QueryInit {
  id: number;
  name: string;
  type: number;
  /** Ask with an OPT record offering this UDP payload size (RFC 6891); null for none. Default null. */
  udpSize?: number | null;
}

/**
 * Writes a standard query: one question in class IN with RD set, as a stub resolver sends
 * it, and an OPT record when `udpSize` is given.
 *
 * @example
 * ```ts
 * import { encodeQuery } from "./message.ts";
 * import { RR_TYPES } from "./types.ts";
 *
 * const bytes = encodeQuery({ id: 7, name: "example.com", type: RR_TYPES.AAAA, udpSize: 1232 });
 * ```
 */
export function encodeQuery(init: QueryInit): Uint8Array {
  const udpSize = init.udpSize ?? null;
  if (!Number.isInteger(init.id) || init.id < 0 || init.id > 0xffff) throw new DnsEncodeError("id must be 0–65535");
  // The hot path of every lookup: one name, nothing to compress, so the bytes are laid out
  // directly rather than through the general writer.
  const labels = nameLabels(init.name);
  let nameLength = 1;
  for (const label of labels) nameLength += label.length + 1;
  const out = new Uint8Array(HEADER + nameLength + 4 + (udpSize === null ? 0 : 11));
  out[0] = init.id >> 8;
  out[1] = init.id & 0xff;
  out[2] = 0x01; // RD
  out[5] = 1; // QDCOUNT
  if (udpSize !== null) out[11] = 1; // ARCOUNT: the OPT record
  let pos = HEADER;
  for (const label of labels) {
    out[pos++] = label.length;
    out.set(label, pos);
    pos += label.length;
  }
  pos++; // the root
  out[pos++] = init.type >> 8;
  out[pos++] = init.type & 0xff;
  out[pos++] = 0;
  out[pos++] = CLASS_IN;
  if (udpSize !== null) {
    // Root owner, TYPE 41, CLASS = payload size, TTL 0 (rcode, version, DO), RDLENGTH 0.
    out[pos + 1] = 0;
    out[pos + 2] = OPT;
    out[pos + 3] = udpSize >> 8;
    out[pos + 4] = udpSize & 0xff;
  }
  return out;
}
