import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMessage, encodeMessage, encodeQuery } from "../../../src/resolve/dns/message.ts";
import { DnsMessageError } from "../../../src/resolve/dns/errors.ts";
import { CLASS_IN, type DnsMessage, RR_TYPES } from "../../../src/resolve/dns/types.ts";

/** Bytes from hex text; spaces and line breaks are for reading only. */
function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  return Uint8Array.from(clean.match(/../g)!.map((b) => parseInt(b, 16)));
}

/** The answer dnsmasq gives for "a.test A": the owner is a pointer to the question's name. */
const A_ANSWER = hex(`
  1234 8580 0001 0001 0000 0000
  01 61 04 74 65 73 74 00 0001 0001
  c00c 0001 0001 0000012c 0004 c0000201`);

/** NXDOMAIN for "nx.test" with the zone's SOA in the authority section, every name compressed. */
const NXDOMAIN = hex(`
  abcd 8183 0001 0000 0001 0000
  02 6e 78 04 74 65 73 74 00 0001 0001
  c00f 0006 0001 00000258 0026
    02 6e 73 c00f
    0a 686f73746d6173746572 c00f
    00000001 00000e10 00000384 00093a80 0000003c`);

/** A CNAME chain c1.test → c2.test → a.test, then an AAAA record and a TXT record kept as bytes. */
const CHAIN = hex(`
  0007 8180 0001 0004 0000 0000
  02 6331 04 74657374 00 001c 0001
  c00c 0005 0001 00000000 0005 02 6332 c00f
  c025 0005 0001 00000000 0004 01 61 c00f
  c036 001c 0001 00000e10 0010 20010db8000000000000000000000001
  c036 0010 0001 00000005 0003 02 6869`);

test("decodeMessage() reads the header flags, the question and an A record behind a pointer", () => {
  const m = decodeMessage(A_ANSWER);
  assert.equal(m.id, 0x1234);
  assert.equal(m.response, true);
  assert.equal(m.authoritative, true);
  assert.equal(m.recursionDesired, true);
  assert.equal(m.recursionAvailable, true);
  assert.equal(m.truncated, false);
  assert.equal(m.rcode, 0);
  assert.deepEqual(m.questions, [{ name: "a.test", type: 1, class: 1 }]);
  assert.deepEqual(m.answers, [{ name: "a.test", type: 1, class: 1, ttl: 300, data: "192.0.2.1" }]);
  assert.equal(m.edns, null);
});

test("decodeMessage() reads NXDOMAIN and an SOA record whose names are compressed", () => {
  const m = decodeMessage(NXDOMAIN);
  assert.equal(m.rcode, 3);
  assert.deepEqual(m.answers, []);
  assert.deepEqual(m.authorities, [{
    name: "test",
    type: RR_TYPES.SOA,
    class: 1,
    ttl: 600,
    data: {
      mname: "ns.test",
      rname: "hostmaster.test",
      serial: 1,
      refresh: 3600,
      retry: 900,
      expire: 604800,
      minimum: 60,
    },
  }]);
});

test("decodeMessage() follows pointers inside CNAME data, reads AAAA and keeps TXT as bytes", () => {
  const m = decodeMessage(CHAIN);
  assert.deepEqual(m.answers.map((rr) => [rr.name, rr.type, rr.data]), [
    ["c1.test", RR_TYPES.CNAME, "c2.test"],
    ["c2.test", RR_TYPES.CNAME, "a.test"],
    ["a.test", RR_TYPES.AAAA, "2001:db8::1"],
    ["a.test", RR_TYPES.TXT, Uint8Array.of(2, 0x68, 0x69)],
  ]);
});

test("decodeMessage() reads a TTL with the top bit set as 0 (RFC 2181 §8)", () => {
  const bytes = A_ANSWER.slice();
  bytes.set([0x80, 0, 0x01, 0x2c], 12 + 12 + 6);
  assert.equal(decodeMessage(bytes).answers[0].ttl, 0);
});

test("decodeMessage() takes the OPT record out of the additional section and widens the rcode", () => {
  // rcode 0 in the header and 0x01 in the OPT TTL's top byte: (1 << 4) | 0 = 16, BADVERS.
  const bytes = hex(`
    0001 8100 0000 0000 0000 0001
    00 0029 1000 01 00 8000 0000`);
  const m = decodeMessage(bytes);
  assert.equal(m.rcode, 16);
  assert.deepEqual(m.additionals, []);
  assert.deepEqual(m.edns, { udpSize: 4096, version: 0, dnssecOk: true, options: new Uint8Array(0) });
});

test("encodeQuery() writes a standard query with RD, and an OPT record only when asked", () => {
  assert.deepEqual(
    encodeQuery({ id: 0x1234, name: "a.test", type: RR_TYPES.A }),
    hex("1234 0100 0001 0000 0000 0000 01 61 04 74657374 00 0001 0001"),
  );
  assert.deepEqual(
    encodeQuery({ id: 0x1234, name: "a.test.", type: RR_TYPES.AAAA, udpSize: 1232 }),
    hex("1234 0100 0001 0000 0000 0001 01 61 04 74657374 00 001c 0001  00 0029 04d0 00000000 0000"),
  );
});

test("encodeMessage() compresses repeated names as dnsmasq does: the fixtures encode to themselves", () => {
  for (const bytes of [A_ANSWER, NXDOMAIN, CHAIN]) assert.deepEqual(encodeMessage(decodeMessage(bytes)), bytes);
});

test("encodeMessage() and decodeMessage() keep escaped label bytes: a dot and a zero inside a label", () => {
  const msg: DnsMessage = {
    ...decodeMessage(A_ANSWER),
    questions: [{ name: "a\\.b\\000c.test", type: 1, class: CLASS_IN }],
    answers: [],
  };
  const bytes = encodeMessage(msg);
  assert.deepEqual(bytes.subarray(12, 12 + 7), hex("05 61 2e 62 00 63 04"));
  assert.equal(decodeMessage(bytes).questions[0].name, "a\\.b\\000c.test");
});

test("encodeMessage() refuses a label over 63 bytes, an empty label, and an A record that is not IPv4", () => {
  const bad = (init: Parameters<typeof encodeMessage>[0]) =>
    assert.throws(() => encodeMessage(init), (e: DnsMessageError) => e.code === "HTTP10_DNS_CANNOT_ENCODE");
  bad({ id: 1, questions: [{ name: `${"a".repeat(64)}.test`, type: 1, class: 1 }] });
  bad({ id: 1, questions: [{ name: "a..test", type: 1, class: 1 }] });
  bad({ id: 1, answers: [{ name: "a.test", type: 1, class: 1, ttl: 1, data: "::1" }] });
  bad({ id: 70000 });
});

/** Malformed messages and the code each must fail with. */
const MALFORMED: [string, string, string][] = [
  ["a header of 11 bytes", "1234 8580 0001 0000 0000 00", "HTTP10_DNS_TRUNCATED"],
  ["a question count with no question", "1234 8580 0001 0000 0000 0000", "HTTP10_DNS_TRUNCATED"],
  ["a name pointing at itself", "1234 8580 0001 0000 0000 0000 c00c 0001 0001", "HTTP10_DNS_POINTER_LOOP"],
  [
    "two names pointing at each other",
    "1234 8580 0002 0000 0000 0000 c012 0001 0001 c00c 0001 0001",
    "HTTP10_DNS_POINTER_LOOP",
  ],
  [
    "a loop after a label",
    "1234 8580 0001 0000 0000 0000 01 61 c00c 0001 0001",
    "HTTP10_DNS_POINTER_LOOP",
  ],
  ["a pointer past the end", "1234 8580 0001 0000 0000 0000 c0ff 0001 0001", "HTTP10_DNS_BAD_MESSAGE"],
  ["a label of the reserved type 01", "1234 8580 0001 0000 0000 0000 41 0001 0001", "HTTP10_DNS_BAD_LABEL"],
  ["a label running past the end", "1234 8580 0001 0000 0000 0000 05 6162", "HTTP10_DNS_TRUNCATED"],
  [
    "an A record of 5 bytes",
    "1234 8580 0000 0001 0000 0000 00 0001 0001 00000000 0005 0102030405",
    "HTTP10_DNS_BAD_RDATA",
  ],
  [
    "an RDLENGTH beyond the message",
    "1234 8580 0000 0001 0000 0000 00 0001 0001 00000000 0004 0102",
    "HTTP10_DNS_TRUNCATED",
  ],
  [
    "a CNAME whose name runs past its RDLENGTH",
    "1234 8580 0000 0001 0000 0000 00 0005 0001 00000000 0002 01 61 00",
    "HTTP10_DNS_TRUNCATED",
  ],
  ["bytes after the last record", "1234 8580 0000 0000 0000 0000 00", "HTTP10_DNS_BAD_MESSAGE"],
  [
    "two OPT records",
    "1234 8580 0000 0000 0000 0002 00 0029 0200 00000000 0000 00 0029 0200 00000000 0000",
    "HTTP10_DNS_BAD_MESSAGE",
  ],
];

for (const [what, bytes, code] of MALFORMED) {
  test(`decodeMessage() rejects ${what} with ${code}`, () => {
    assert.throws(
      () => decodeMessage(hex(bytes)),
      (e: DnsMessageError) => e instanceof DnsMessageError && e.code === code,
    );
  });
}

test("decodeMessage() rejects a name longer than 255 bytes built from pointers to one long label", () => {
  // One 63-byte label at offset 12, then names that each add it again through a pointer: the
  // fifth repetition passes 255 bytes.
  const label = "3f" + "61".repeat(63);
  let body = `${label} 00 0001 0001`; // the question: "aaa...a"
  let at = 12;
  for (let i = 0; i < 4; i++) {
    body += ` ${label} c0${at.toString(16).padStart(2, "0")} 0001 0001`;
    at += i === 0 ? 64 + 1 + 4 : 64 + 2 + 4;
  }
  const header = "1234 8580 0005 0000 0000 0000";
  assert.throws(() => decodeMessage(hex(header + body)), (e: DnsMessageError) => e.code === "HTTP10_DNS_NAME_TOO_LONG");
});

test("decodeMessage() fails with a DnsMessageError, never anything else, on every cut of a real answer", () => {
  for (const whole of [A_ANSWER, NXDOMAIN, CHAIN]) {
    for (let end = 0; end < whole.length; end++) {
      assert.throws(() => decodeMessage(whole.subarray(0, end)), DnsMessageError, `cut at ${end}`);
    }
  }
});

test("decodeMessage() either reads or fails with a DnsMessageError for 3000 messages with one byte changed", () => {
  // A fixed linear congruential generator: the same cases every run.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 3000; n++) {
    const source = [A_ANSWER, NXDOMAIN, CHAIN][n % 3];
    const bytes = source.slice();
    bytes[next() % bytes.length] = next() % 256;
    try {
      decodeMessage(bytes);
    } catch (err) {
      assert.ok(err instanceof DnsMessageError, `case ${n}: ${err}`);
    }
  }
});
