import assert from "node:assert/strict";
import { test } from "node:test";
import { ParsedLines } from "../../src/http10/_parsed_lines.ts";
import { HeaderList } from "../../src/http10/header_list.ts";
import { parseRequestHead } from "../../src/http10/parse_request.ts";
import { parseResponseHead } from "../../src/http10/parse_response.ts";

const encoder = new TextEncoder();

// "xxHost: a\r\nACCEPT: *\r\n" with spans counted from the start of a larger buffer (base 2).
function sample(): ParsedLines {
  return new ParsedLines("Host: a\r\nACCEPT: *\r\nX-Empty: \r\n", [2, 6, 8, 9, 11, 17, 19, 20, 22, 29, 31, 31], 2);
}

test("ParsedLines yields its lines as [name, value] pairs and counts them", () => {
  const lines = sample();
  assert.equal(lines.size, 3);
  assert.deepEqual([...lines], [["Host", "a"], ["ACCEPT", "*"], ["X-Empty", ""]]);
  assert.equal(lines.nameAt(1), "ACCEPT");
  assert.equal(lines.valueAt(0), "a");
});

test("ParsedLines.indexOf() finds a lower-case key in any case, from a given line on", () => {
  const lines = sample();
  assert.equal(lines.indexOf("accept", 0), 1);
  assert.equal(lines.indexOf("host", 0), 0);
  assert.equal(lines.indexOf("host", 1), -1);
  assert.equal(lines.indexOf("hos", 0), -1);
  assert.equal(lines.indexOf("x-empty", 0), 2);
});

// Every read a HeaderList offers, for comparing a parser's list with one built from pairs.
const READS: ((h: HeaderList) => unknown)[] = [
  (h) => h.size,
  (h) => h.get("accept"),
  (h) => h.get("HOST"),
  (h) => h.get("missing"),
  (h) => h.has("x-a"),
  (h) => h.indexOf("accept"),
  (h) => h.indexOf("accept", 2),
  (h) => h.getAll("accept"),
  (h) => h.size > 0 ? [h.nameAt(0), h.valueAt(h.size - 1)] : [],
  (h) => [...h],
  (h) => [...h.toHeaders()],
];

function reads(h: HeaderList): unknown[] {
  return READS.map((read) => read(h));
}

const REQUEST = "GET / HTTP/1.1\r\nHost: a.example\r\nAccept: text/html\r\nX-A: 1\r\naccept: */*\r\nX-Empty:\r\n\r\n";
const PAIRS: [string, string][] = [
  ["Host", "a.example"],
  ["Accept", "text/html"],
  ["X-A", "1"],
  ["accept", "*/*"],
  ["X-Empty", ""],
];

test("a parsed request's HeaderList reads like one built from the same pairs, whichever read comes first", () => {
  const built = reads(new HeaderList(PAIRS));
  // Each read first on a fresh parse, so that the lazy paths and the cut-out lines both serve it.
  for (let first = 0; first < built.length; first++) {
    const result = parseRequestHead(encoder.encode(REQUEST));
    assert.notEqual(result, "incomplete");
    const h = (result as Exclude<typeof result, "incomplete">).head.headers;
    assert.deepEqual(READS[first](h), built[first], `read ${first} first`);
    assert.deepEqual(reads(h), built);
  }
});

test("a parsed request's HeaderList can be changed like any other", () => {
  const changes: ((h: HeaderList) => void)[] = [
    (h) => h.append("X-B", "2"),
    (h) => h.set("accept", "text/plain"),
    (h) => h.delete("ACCEPT"),
    (h) => h.set("X-New", "n"),
  ];
  for (const change of changes) {
    const result = parseRequestHead(encoder.encode(REQUEST));
    assert.notEqual(result, "incomplete");
    const parsed = (result as Exclude<typeof result, "incomplete">).head.headers;
    const built = new HeaderList(PAIRS);
    change(parsed);
    change(built);
    assert.deepEqual(reads(parsed), reads(built));
  }
});

test("a parsed response's HeaderList reads like one built from the same pairs, with and without obs-fold", () => {
  const plain = parseResponseHead(encoder.encode("HTTP/1.1 200 OK\r\nAccept: a\r\nHost: h\r\nX-A: 1\r\n\r\n"));
  const folded = parseResponseHead(encoder.encode("HTTP/1.1 200 OK\r\nAccept: a\r\n b\r\nHost: h\r\nX-A: 1\r\n\r\n"));
  assert.notEqual(plain, "incomplete");
  assert.notEqual(folded, "incomplete");
  assert.deepEqual(
    reads((plain as Exclude<typeof plain, "incomplete">).head.headers),
    reads(new HeaderList([["Accept", "a"], ["Host", "h"], ["X-A", "1"]])),
  );
  assert.deepEqual(
    reads((folded as Exclude<typeof folded, "incomplete">).head.headers),
    reads(new HeaderList([["Accept", "a b"], ["Host", "h"], ["X-A", "1"]])),
  );
});
