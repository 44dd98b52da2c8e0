import { test } from "node:test";
import assert from "node:assert/strict";
import { sortAddresses } from "../../src/resolve/sort_addresses.ts";

const a = (address: string) => ({ family: (address.includes(":") ? 6 : 4) as 4 | 6, address });
const texts = (list: { address: string }[]) => list.map((x) => x.address);

test("sortAddresses() puts IPv6 first and interleaves the families", () => {
  const input = [a("192.0.2.1"), a("192.0.2.2"), a("192.0.2.3"), a("2001:db8::1"), a("2001:db8::2")];
  assert.deepEqual(texts(sortAddresses(input)), ["2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2", "192.0.2.3"]);
});

test("sortAddresses() starts with IPv4 when asked to prefer it", () => {
  const input = [a("2001:db8::1"), a("2001:db8::2"), a("2001:db8::3"), a("192.0.2.1")];
  assert.deepEqual(texts(sortAddresses(input, 4)), ["192.0.2.1", "2001:db8::1", "2001:db8::2", "2001:db8::3"]);
});

test("sortAddresses() starts with the other family when the preferred one is absent", () => {
  assert.deepEqual(texts(sortAddresses([a("192.0.2.2"), a("192.0.2.1")])), ["192.0.2.2", "192.0.2.1"]);
  assert.deepEqual(texts(sortAddresses([a("::2"), a("::1")], 4)), ["::2", "::1"]);
});

test("sortAddresses() keeps the given order within a family", () => {
  const input = [a("::3"), a("10.0.0.3"), a("::1"), a("10.0.0.1"), a("::2")];
  assert.deepEqual(texts(sortAddresses(input)), ["::3", "10.0.0.3", "::1", "10.0.0.1", "::2"]);
});

test("sortAddresses() returns a new array and leaves its input alone", () => {
  const input = [a("192.0.2.1"), a("::1")];
  const before = [...input];
  const out = sortAddresses(input);
  assert.notEqual(out, input);
  assert.deepEqual(input, before);
  assert.deepEqual(sortAddresses([]), []);
});

test("sortAddresses() keeps the other fields of each record", () => {
  const input = [{ family: 4 as const, address: "192.0.2.1", port: 80 }, {
    family: 6 as const,
    address: "::1",
    port: 80,
  }];
  assert.deepEqual(sortAddresses(input), [input[1], input[0]]);
});
