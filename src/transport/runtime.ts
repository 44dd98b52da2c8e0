/**
 * The one place that knows which runtime runs this code, and the adapter chosen for it.
 *
 * Only the running runtime's adapter module is imported (dynamically, once, when this
 * module loads), so `deno.ts` never loads under Bun and `bun.ts` never under Deno. On any
 * other runtime nothing is imported and `adapter()` throws `UnsupportedRuntimeError`.
 *
 * @module
 */
import { UnsupportedRuntimeError } from "./errors.ts";
import type { TransportAdapter } from "./types.ts";

/** A runtime this transport has an adapter for. */
export type RuntimeName = "deno" | "bun";

/**
 * Which runtime runs this code: "bun" or "deno".
 *
 * @throws {UnsupportedRuntimeError} on anything else (Node.js, a browser).
 * @example
 * ```ts
 * console.log(detectRuntime()); // "deno" under `deno run`, "bun" under `bun`
 * ```
 */
export function detectRuntime(): RuntimeName {
  const g = globalThis as { Bun?: unknown; Deno?: { version?: { deno?: unknown } } };
  // Bun first: it is unambiguous, while a Deno global could be shimmed elsewhere.
  if (typeof g.Bun === "object" && g.Bun !== null) return "bun";
  if (typeof g.Deno?.version?.deno === "string") return "deno";
  throw new UnsupportedRuntimeError();
}

/**
 * Why this runtime cannot run http10 ("… [HTTP10_UNSUPPORTED_RUNTIME]", on Node.js), or
 * undefined on Deno and Bun: what a command line prints before it exits 1.
 */
export function unsupportedRuntimeMessage(): string | undefined {
  try {
    detectRuntime();
    return undefined;
  } catch (err) {
    return `${(err as Error).message} [${(err as { code?: string }).code}]`;
  }
}

function tryDetect(): RuntimeName | undefined {
  try {
    return detectRuntime();
  } catch {
    return undefined;
  }
}

const runtime = tryDetect();
const create: (() => TransportAdapter) | undefined = runtime === "deno"
  ? (await import("./deno.ts")).createDenoAdapter
  : runtime === "bun"
  ? (await import("./bun.ts")).createBunAdapter
  : undefined;
let chosen: TransportAdapter | undefined;

/**
 * The transport adapter for the running runtime, created on first use and shared after.
 *
 * @throws {UnsupportedRuntimeError} when the runtime is neither Deno nor Bun.
 * @example
 * ```ts
 * const listener = adapter().listen({ hostname: "127.0.0.1", port: 0 });
 * console.log(listener.addr.port);
 * listener.close();
 * ```
 */
export function adapter(): TransportAdapter {
  if (chosen !== undefined) return chosen;
  if (create === undefined) throw new UnsupportedRuntimeError();
  return (chosen = create());
}
