/**
 * Fixture paths and fake lookups shared by the resolver tests.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const fixture = (name: string) => fileURLToPath(new URL(`../_fixtures/resolve/${name}`, import.meta.url));

/** tests/_fixtures/resolve/hosts */
export const HOSTS = fixture("hosts");
/** tests/_fixtures/resolve/services */
export const SERVICES = fixture("services");
/** tests/_fixtures/resolve/protocols */
export const PROTOCOLS = fixture("protocols");
/** A path that does not exist. */
export const MISSING = fixture("no-such-file");

/** A system lookup that must not be reached: fails the test if it is. */
export function noLookup(host: string): Promise<never> {
  throw new Error(`unexpected system lookup of ${JSON.stringify(host)}`);
}

/** A system reverse lookup that must not be reached. */
export function noReverse(address: string): Promise<never> {
  throw new Error(`unexpected reverse lookup of ${JSON.stringify(address)}`);
}

/** An error shaped like the ones `node:dns` rejects with. */
export function dnsError(code: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} example`), { code });
}

/** Bytes as lowercase hex, for readable assertions. */
export function hex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
