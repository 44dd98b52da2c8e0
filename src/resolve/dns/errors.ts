/**
 * Errors of the DNS message codec: one class per way a message can be malformed, each
 * with a stable `code` and the byte `offset` where reading stopped.
 *
 * @module
 */
import { Http10Error } from "../../errors/http10_error.ts";

/** The base class of the codec's errors; `code` is stable across releases. */
export class DnsMessageError extends Http10Error {
  /** The byte offset in the message where the problem was found (-1 when encoding). */
  readonly offset: number;

  constructor(code: string, message: string, offset: number) {
    super(code, offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.offset = offset;
  }
}

/** The message ends inside a field: it was cut short, or a count or length claims more than is there. */
export class DnsTruncatedError extends DnsMessageError {
  constructor(what: string, offset: number) {
    super("HTTP10_DNS_TRUNCATED", `Cannot read DNS message: it ends inside ${what}`, offset);
  }
}

/** A compression pointer leads back to a pointer already followed: reading would never end. */
export class DnsPointerLoopError extends DnsMessageError {
  constructor(offset: number) {
    super("HTTP10_DNS_POINTER_LOOP", "Cannot read DNS name: its compression pointers form a loop", offset);
  }
}

/** A name is longer than 255 bytes on the wire, or a label longer than 63 (RFC 1035 §2.3.4). */
export class DnsNameTooLongError extends DnsMessageError {
  constructor(what: string, offset: number) {
    super("HTTP10_DNS_NAME_TOO_LONG", `DNS ${what}`, offset);
  }
}

/** A label starts with the reserved bits 01 or 10 (RFC 6891 §5 retired extended labels). */
export class DnsBadLabelError extends DnsMessageError {
  constructor(first: number, offset: number) {
    super("HTTP10_DNS_BAD_LABEL", `Cannot read DNS name: label type 0x${first.toString(16)} is reserved`, offset);
  }
}

/** A record's data does not fit its type or its RDLENGTH: an A record of 5 bytes, a name running past it. */
export class DnsBadRdataError extends DnsMessageError {
  constructor(what: string, offset: number) {
    super("HTTP10_DNS_BAD_RDATA", `Cannot read DNS record data: ${what}`, offset);
  }
}

/** Bytes follow the last record the header counts, or the message holds two OPT records. */
export class DnsBadMessageError extends DnsMessageError {
  constructor(what: string, offset: number) {
    super("HTTP10_DNS_BAD_MESSAGE", `Cannot read DNS message: ${what}`, offset);
  }
}

/** A message cannot be encoded: a bad name, an address of the wrong family, a field out of range. */
export class DnsEncodeError extends DnsMessageError {
  constructor(what: string) {
    super("HTTP10_DNS_CANNOT_ENCODE", `Cannot encode DNS message: ${what}`, -1);
  }
}
