/**
 * The parts of a DNS message (RFC 1035 §4.1) as plain data, and the numbers that name
 * record types, classes and response codes.
 *
 * @module
 */

/** Record types the codec knows by name (RFC 1035 §3.2.2, RFC 3596, RFC 6891). */
export const RR_TYPES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  ANY: 255,
} as const;

/** The name of a record type: "A", "AAAA", or "TYPE65" (RFC 3597 §5) for one without a name. */
export function rrTypeName(type: number): string {
  for (const [name, value] of Object.entries(RR_TYPES)) if (value === type) return name;
  return `TYPE${type}`;
}

/**
 * The number of a record type from its name ("aaaa" and "TYPE28" too), or -1 if `name` is
 * neither a known type nor "TYPE" followed by 0–65535.
 */
export function rrTypeNumber(name: string): number {
  const upper = name.toUpperCase();
  const known = (RR_TYPES as Record<string, number>)[upper];
  if (known !== undefined) return known;
  const m = /^TYPE([0-9]{1,5})$/.exec(upper);
  return m !== null && Number(m[1]) <= 65535 ? Number(m[1]) : -1;
}

/** The Internet class: the only one the resolver asks in. */
export const CLASS_IN = 1;

/** Response codes (RFC 1035 §4.1.1, RFC 6895 §2.3). */
export const RCODES = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

/** The name of a response code: "NXDOMAIN", or "RCODE11" for one without a name here. */
export function rcodeName(rcode: number): string {
  for (const [name, value] of Object.entries(RCODES)) if (value === rcode) return name;
  return `RCODE${rcode}`;
}

/** One question: a name, a record type and a class. */
export interface DnsQuestion {
  /** The name in presentation form without the final dot: "www.example.com"; "" is the root. */
  name: string;
  type: number;
  class: number;
}

/** The fields of an SOA record (RFC 1035 §3.3.13). */
export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/**
 * What a record holds, by type: the address text for A and AAAA ("192.0.2.1", "2001:db8::1"),
 * the target name for CNAME, PTR and NS, the fields for SOA, and the raw RDATA bytes for
 * every other type (RFC 3597 keeps unknown types opaque).
 */
export type RecordData = string | SoaData | Uint8Array;

/** One resource record. */
export interface DnsRecord {
  /** The owner name, as `DnsQuestion.name`. */
  name: string;
  type: number;
  class: number;
  /** Seconds the record may be cached, 0–2147483647 (RFC 2181 §8: a larger value reads as 0). */
  ttl: number;
  data: RecordData;
}

/** The EDNS(0) pseudo-record of a message (RFC 6891 §6.1), when it has one. */
export interface Edns {
  /** The largest UDP payload the sender can take, in bytes. */
  udpSize: number;
  /** The EDNS version; 0 is the only one defined. */
  version: number;
  /** The DO bit: DNSSEC records are wanted (RFC 3225). */
  dnssecOk: boolean;
  /** The options, kept as raw bytes (code, length and value, in order). */
  options: Uint8Array;
}

/** A whole DNS message: header flags, the four sections, and EDNS. */
export interface DnsMessage {
  id: number;
  /** QR: true in a response. */
  response: boolean;
  opcode: number;
  /** AA: the answer comes from an authoritative server. */
  authoritative: boolean;
  /** TC: the message was cut to fit; ask again over TCP. */
  truncated: boolean;
  /** RD: the asker wants the server to recurse. */
  recursionDesired: boolean;
  /** RA: the server can recurse. */
  recursionAvailable: boolean;
  /** AD: the data was validated (RFC 4035). */
  authenticData: boolean;
  /** CD: do not validate (RFC 4035). */
  checkingDisabled: boolean;
  /** The response code, with EDNS's upper eight bits when the message has an OPT record. */
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  /** The additional section, without the OPT record (that is `edns`). */
  additionals: DnsRecord[];
  edns: Edns | null;
}
