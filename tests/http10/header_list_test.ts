import assert from "node:assert/strict";
import { test } from "node:test";
import { HeaderList } from "../../src/http10/header_list.ts";

test("HeaderList starts empty", () => {
  const h = new HeaderList();
  assert.equal(h.size, 0);
  assert.equal(h.get("x"), null);
  assert.deepEqual([...h], []);
});

test("HeaderList is built from pairs, a record, or a Headers object", () => {
  assert.deepEqual([...new HeaderList([["A", "1"], ["b", "2"]])], [["A", "1"], ["b", "2"]]);
  assert.deepEqual([...new HeaderList({ A: "1", b: "2" })], [["A", "1"], ["b", "2"]]);
  assert.deepEqual([...new HeaderList(new Headers({ A: "1" }))], [["a", "1"]]);
});

test("HeaderList.get() finds names case-insensitively and joins repeats with a comma", () => {
  const h = new HeaderList([["Accept", "text/html"], ["X", "y"], ["ACCEPT", "text/plain"]]);
  assert.equal(h.get("accept"), "text/html, text/plain");
  assert.equal(h.get("Accept"), "text/html, text/plain");
  assert.equal(h.get("x"), "y");
  assert.equal(h.get("missing"), null);
});

test("HeaderList.get() returns an empty value as the empty string, not null", () => {
  assert.equal(new HeaderList([["X", ""]]).get("x"), "");
});

test("HeaderList.getAll() returns every value in order", () => {
  const h = new HeaderList([["Set-Cookie", "a=1; Path=/"], ["set-cookie", "b=2"]]);
  assert.deepEqual(h.getAll("SET-COOKIE"), ["a=1; Path=/", "b=2"]);
  assert.deepEqual(h.getAll("x"), []);
});

test("HeaderList keeps names as received, in order, when iterating", () => {
  const h = new HeaderList();
  h.append("Content-Type", "text/plain");
  h.append("x-lower", "1");
  h.append("X-LOWER", "2");
  assert.deepEqual([...h.entries()], [["Content-Type", "text/plain"], ["x-lower", "1"], ["X-LOWER", "2"]]);
  assert.equal(h.size, 3);
});

test("HeaderList.has() and delete() ignore case; delete() removes every line", () => {
  const h = new HeaderList([["A", "1"], ["B", "2"], ["a", "3"]]);
  assert.equal(h.has("a"), true);
  h.delete("A");
  assert.equal(h.has("a"), false);
  assert.deepEqual([...h], [["B", "2"]]);
  h.delete("missing");
  assert.equal(h.size, 1);
});

test("HeaderList.set() replaces every line, keeping the first one's position", () => {
  const h = new HeaderList([["A", "1"], ["Vary", "x"], ["B", "2"], ["vary", "y"]]);
  h.set("VARY", "z");
  assert.deepEqual([...h], [["A", "1"], ["VARY", "z"], ["B", "2"]]);
  h.set("New", "n");
  assert.deepEqual([...h].at(-1), ["New", "n"]);
});

test("HeaderList.set() removes repeats that follow the first line directly", () => {
  const h = new HeaderList([["A", "1"], ["a", "2"], ["A", "3"], ["B", "4"]]);
  h.set("a", "x");
  assert.deepEqual([...h], [["a", "x"], ["B", "4"]]);
});

test("HeaderList.indexOf(), nameAt() and valueAt() walk lines by index", () => {
  const h = new HeaderList([["A", "1"], ["B", "2"], ["a", "3"]]);
  assert.equal(h.indexOf("a"), 0);
  assert.equal(h.indexOf("a", 1), 2);
  assert.equal(h.indexOf("a", 3), -1);
  assert.equal(h.nameAt(2), "a");
  assert.equal(h.valueAt(1), "2");
});

test("HeaderList compares non-ASCII names by their lower case", () => {
  const h = new HeaderList([["\u00c9T\u00c9", "1"]]);
  assert.equal(h.get("\u00e9t\u00e9"), "1");
  assert.equal(h.get("ete"), null);
});

test("HeaderList folds only the letters A-Z, not the symbols 0x20 below a-z", () => {
  const h = new HeaderList([["X-A", "1"], ["A[", "2"], ["A@", "3"]]);
  assert.equal(h.get("x_a"), null);
  assert.equal(h.get("x-a "), null);
  assert.equal(h.get("a{"), null);
  assert.equal(h.get("a`"), null);
  assert.equal(h.get("a["), "2");
});

test("HeaderList.toHeaders() copies every line into a WHATWG Headers", () => {
  const headers = new HeaderList([["Accept", "a"], ["accept", "b"], ["X", "1"]]).toHeaders();
  assert.equal(headers.get("accept"), "a, b");
  assert.equal(headers.get("x"), "1");
});

test("HeaderList.toHeaders() skips lines Headers would reject instead of throwing", () => {
  const list = new HeaderList([["Bad Name", "1"], ["X", "a\r\nb"], ["Y", "\u0100"], ["Ok", "caf\u00e9"]]);
  const headers = list.toHeaders();
  assert.deepEqual([...headers], [["ok", "caf\u00e9"]]);
});
