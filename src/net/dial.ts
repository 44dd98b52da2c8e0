/**
 * `dial()`: connect to the first of several addresses that answers, like CS:APP's
 * `open_clientfd`, one at a time or racing them with Happy Eyeballs (RFC 8305).
 *
 * @module
 */
import { getaddrinfo } from "../resolve/getaddrinfo.ts";
import type { AddrInfo, AddrInfoHints } from "../resolve/types.ts";
import { errnoOf } from "../transport/_errno.ts";
import { formatHostPort } from "../transport/host_port.ts";
import { type AddressAttempt, ConnectError, ConnectTimeoutError, TlsError } from "../transport/errors.ts";
import { adapter } from "../transport/runtime.ts";
import type { Conn, ConnectTlsOptions } from "../transport/types.ts";

/** The timer functions `dial` uses; tests pass a fake one. */
export interface DialClock {
  /** Milliseconds since some fixed point. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** What `onAttempt` reports about one address. */
export interface DialAttemptEvent {
  addr: AddrInfo;
  /** "start": connecting; then one of "connected", "failed", "cancelled" (another won, or the dial ended). */
  outcome: "start" | "connected" | "failed" | "cancelled";
  /** Why it failed. */
  error?: Error;
  /** Milliseconds since `dial` began, by the clock. */
  elapsed: number;
}

/** How `dial` tries its addresses. */
export interface DialOptions {
  /** "happy-eyeballs" (default): staggered, overlapping attempts; "sequential": one at a time. */
  mode?: "happy-eyeballs" | "sequential";
  /** Happy Eyeballs: start the next attempt after this many ms without an answer. Default 250. */
  attemptDelay?: number;
  /** Give up on one address after this many ms (it fails with ETIMEDOUT). Default: no limit. */
  connectTimeout?: number;
  /** Give up on all addresses after this many ms: `ConnectTimeoutError`. Default: no limit. */
  timeout?: number;
  /** Aborting rejects with `signal.reason` and cancels every attempt. */
  signal?: AbortSignal;
  /** Connects to one address; defaults to the runtime adapter's `connect`. */
  connect?: (addr: AddrInfo, signal: AbortSignal) => Promise<Conn>;
  /** The timers; defaults to the real ones. */
  clock?: DialClock;
  /** Called as each attempt starts and ends (for `fetch -v`). */
  onAttempt?: (event: DialAttemptEvent) => void;
  /** The name the addresses came from, for error messages ("example.com:80"). */
  host?: string;
  /**
   * Speak TLS on the connection, verified for `serverName` (default: `host`, else the
   * address). A `TlsError` ends the dial at once: the server was reached, and another of
   * its addresses would show the same certificate.
   */
  tls?: DialTlsOptions;
}

/** TLS options of `dial()`: the transport's, with the server name optional. */
export type DialTlsOptions = Omit<ConnectTlsOptions, "serverName"> & { serverName?: string };

const realClock: DialClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as Parameters<typeof clearTimeout>[0]),
};

/** The adapter's connect to `addr`, with TLS for `serverName` (else `host`, else the address) when `tls` is given. */
function connectAddr(
  addr: AddrInfo,
  tls: DialTlsOptions | undefined,
  host: string | undefined,
  signal?: AbortSignal,
): Promise<Conn> {
  if (tls === undefined) return adapter().connect({ hostname: addr.address, port: addr.port, signal });
  const serverName = tls.serverName ?? host ?? addr.address;
  return adapter().connect({ hostname: addr.address, port: addr.port, signal, tls: { ...tls, serverName } });
}

/** The error a timed-out attempt records: ETIMEDOUT, like the kernel's own. */
function attemptTimeout(addr: AddrInfo, ms: number): Error {
  return Object.assign(
    new Error(`connect to ${formatHostPort(addr.address, addr.port)} timed out after ${ms} ms`),
    { code: "ETIMEDOUT" },
  );
}

interface Attempt {
  addr: AddrInfo;
  abort: AbortController;
  timer: unknown;
  settled: boolean;
}

/**
 * Connects to the first address that accepts, trying every one before giving up.
 *
 * Sequential: in order; the next starts when one fails or passes `connectTimeout`.
 * Happy Eyeballs: the first starts at once; each next one starts when the one before it
 * fails, or `attemptDelay` ms after it started without an answer. The first connection
 * wins; the other attempts are aborted, and any that connect anyway are closed.
 *
 * @throws {ConnectError} when every address failed; it lists each with its cause.
 * @throws {ConnectTimeoutError} when `timeout` passes first.
 * @throws `signal.reason` when `signal` aborts first.
 * @example
 * ```ts
 * import { getaddrinfo } from "../resolve/getaddrinfo.ts";
 * import { dial } from "./dial.ts";
 *
 * const addrs = await getaddrinfo("example.com", 80);
 * const conn = await dial(addrs, { timeout: 10_000 });
 * ```
 */
export function dial(addrs: readonly AddrInfo[], options: DialOptions = {}): Promise<Conn> {
  const {
    mode = "happy-eyeballs",
    attemptDelay = 250,
    connectTimeout,
    timeout,
    signal,
    clock = realClock,
    onAttempt,
  } = options;
  const connect = options.connect ??
    ((addr: AddrInfo, signal: AbortSignal) => connectAddr(addr, options.tls, options.host, signal));
  const target = options.host !== undefined && addrs.length > 0
    ? formatHostPort(options.host, addrs[0].port)
    : addrs.length === 1
    ? formatHostPort(addrs[0].address, addrs[0].port)
    : options.host;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (addrs.length === 0) return Promise.reject(new ConnectError(target, []));
  if (
    addrs.length === 1 && timeout === undefined && connectTimeout === undefined && signal === undefined &&
    onAttempt === undefined && options.connect === undefined
  ) {
    // One address, nothing to time, race or cancel: connect straight, without the bookkeeping.
    return connectOne(addrs[0], target, options.tls, options.host);
  }

  return new Promise<Conn>((resolve, reject) => {
    const began = clock.now();
    const failures: AddressAttempt[] = [];
    const running = new Set<Attempt>();
    let next = 0;
    let latest: Attempt | undefined;
    let stagger: unknown = undefined;
    let deadline: unknown = undefined;
    let done = false;

    const report = (addr: AddrInfo, outcome: DialAttemptEvent["outcome"], error?: Error) => {
      onAttempt?.({ addr, outcome, error, elapsed: clock.now() - began });
    };

    const finish = (settle: () => void) => {
      done = true;
      if (stagger !== undefined) clock.clearTimeout(stagger);
      if (deadline !== undefined) clock.clearTimeout(deadline);
      signal?.removeEventListener("abort", onAbort);
      for (const attempt of running) {
        attempt.settled = true;
        if (attempt.timer !== undefined) clock.clearTimeout(attempt.timer);
        attempt.abort.abort(new Error("dial: attempt cancelled"));
        report(attempt.addr, "cancelled");
      }
      running.clear();
      settle();
    };

    const start = () => {
      const addr = addrs[next++];
      const attempt: Attempt = { addr, abort: new AbortController(), timer: undefined, settled: false };
      running.add(attempt);
      latest = attempt;
      report(addr, "start");
      if (connectTimeout !== undefined) {
        attempt.timer = clock.setTimeout(() => {
          const err = attemptTimeout(addr, connectTimeout);
          attempt.abort.abort(err);
          failed(attempt, err);
        }, connectTimeout);
      }
      if (mode === "happy-eyeballs" && next < addrs.length) {
        if (stagger !== undefined) clock.clearTimeout(stagger);
        stagger = clock.setTimeout(() => {
          stagger = undefined;
          if (!done && next < addrs.length) start();
        }, attemptDelay);
      }
      let pending: Promise<Conn>;
      try {
        pending = connect(addr, attempt.abort.signal);
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        (conn) => {
          // A loser that connected anyway (or after its timeout): nobody will use it.
          if (attempt.settled) return conn.close();
          attempt.settled = true;
          running.delete(attempt);
          if (attempt.timer !== undefined) clock.clearTimeout(attempt.timer);
          report(addr, "connected");
          finish(() => resolve(conn));
        },
        (err) => failed(attempt, err),
      );
    };

    const failed = (attempt: Attempt, err: unknown) => {
      if (attempt.settled) return;
      attempt.settled = true;
      running.delete(attempt);
      if (attempt.timer !== undefined) clock.clearTimeout(attempt.timer);
      const error = err instanceof Error ? err : new Error(String(err));
      const { addr } = attempt;
      if (err instanceof TlsError) {
        report(addr, "failed", error);
        return finish(() => reject(err));
      }
      failures.push({ address: addr.address, port: addr.port, family: addr.family, error, cause: errnoOf(err) });
      report(addr, "failed", error);
      // Sequential: the next one now. Happy Eyeballs: now, if the newest attempt failed.
      if (next < addrs.length && (mode === "sequential" || attempt === latest)) start();
      else if (running.size === 0 && next >= addrs.length) finish(() => reject(new ConnectError(target, failures)));
    };

    const onAbort = () => finish(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (timeout !== undefined) {
      deadline = clock.setTimeout(
        () => finish(() => reject(new ConnectTimeoutError(target, timeout, failures))),
        timeout,
      );
    }
    start();
  });
}

/** Connects to `addr`; a failure is a `ConnectError` listing it, as `dial` gives (a `TlsError` as it is). */
async function connectOne(
  addr: AddrInfo,
  target: string | undefined,
  tls: DialTlsOptions | undefined,
  host: string | undefined,
): Promise<Conn> {
  try {
    return await connectAddr(addr, tls, host);
  } catch (err) {
    if (err instanceof TlsError) throw err;
    const error = err instanceof Error ? err : new Error(String(err));
    const failure = { address: addr.address, port: addr.port, family: addr.family, error, cause: errnoOf(err) };
    throw new ConnectError(target, [failure]);
  }
}

/** What `dialHost` adds to `DialOptions`: how the name is looked up. */
export interface DialHostOptions extends DialOptions {
  /** getaddrinfo's hints (family, hosts file, ...). */
  hints?: AddrInfoHints;
  /** "system" (default) or "dns": http10's own stub resolver (see `getaddrinfo`). Overrides `hints.resolver`. */
  resolver?: "system" | "dns";
  /** With `resolver: "dns"`: servers as "ADDR", "ADDR:PORT" or "[IPv6]:PORT". Overrides `hints.nameservers`. */
  nameservers?: readonly string[];
}

/**
 * Resolves `host` with `getaddrinfo`, then `dial`s its addresses. `timeout` and `signal`
 * cover the lookup too.
 *
 * @example
 * ```ts
 * const conn = await dialHost("example.com", 80, { timeout: 10_000 });
 * const viaDns = await dialHost("web.test", 8080, { resolver: "dns", nameservers: ["127.0.0.1:5353"] });
 * ```
 */
export async function dialHost(
  host: string,
  port: number,
  options: DialHostOptions = {},
): Promise<Conn> {
  const { hints: given, resolver, nameservers, ...dialOptions } = options;
  const hints = resolver === undefined && nameservers === undefined
    ? given
    : { ...given, resolver: resolver ?? given?.resolver, nameservers: nameservers ?? given?.nameservers };
  const clock = options.clock ?? realClock;
  const began = clock.now();
  const target = formatHostPort(host, port);
  const addrs = await beforeDeadline(
    getaddrinfo(host, port, { socktype: "stream", ...hints }),
    options,
    clock,
    target,
  );
  const timeout = options.timeout === undefined ? undefined : Math.max(0, options.timeout - (clock.now() - began));
  return dial(addrs, { ...dialOptions, timeout, host });
}

/** `promise`, unless the deadline passes or the signal aborts first. */
function beforeDeadline<T>(
  promise: Promise<T>,
  options: DialOptions,
  clock: DialClock,
  target: string,
): Promise<T> {
  const { timeout, signal } = options;
  if (timeout === undefined && signal === undefined) return promise;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cleanup();
      reject(signal!.reason);
    };
    const timer = timeout === undefined ? undefined : clock.setTimeout(() => {
      cleanup();
      reject(new ConnectTimeoutError(target, timeout));
    }, timeout);
    const cleanup = () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err) => {
        cleanup();
        reject(err);
      },
    );
  });
}
