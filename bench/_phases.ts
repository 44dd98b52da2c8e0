/**
 * The per-phase cost breakdown's pure part: reads a V8/JSC `.cpuprofile` (what
 * `deno run --cpu-prof` and `bun --cpu-prof` write) and splits its sampled time across the
 * phases of serving a request.
 *
 * Each sample is charged to the innermost frame of our own code on its stack (a file under
 * `src/` or `bench/servers/`), so time spent in the runtime on our behalf (a `Headers`
 * iteration, a socket write, a `Response` constructor) lands in the phase that asked for
 * it. Samples with no frame of ours are the runtime's own: the garbage collector, the
 * event loop, promise jobs it runs between our frames.
 *
 * @module
 */

/** The phases, in the order a request meets them. */
export const PHASES = [
  "accept",
  "read",
  "parse",
  "request object",
  "handler",
  "response fields",
  "serialize",
  "write",
  "close",
  "request loop",
  "gc",
  "runtime",
] as const;

export type Phase = typeof PHASES[number];

/** What a phase stands for, for the tables' legend. */
export const PHASE_NOTES: Record<Phase, string> = {
  "accept": "accept loop, the adapter's accept/open",
  "read": "BufReader fill, the adapter's read/data callback, the disconnect watch",
  "parse": "src/http10 request parsing (head, fields, framing)",
  "request object": "the lazy Request, request bodies, URL checks",
  "handler": "the bench handler and the Response it builds",
  "response fields": "head fields from the Response's headers, Date",
  "serialize": "status line and head into the pooled buffer, body copy, stream reads",
  "write": "the adapter's write, writeAll",
  "close": "closing connections",
  "request loop": "_connection.ts / serve.ts dispatch, pool, log",
  "gc": "the garbage collector",
  "runtime": "runtime code with no frame of ours: event loop, promise jobs, native I/O",
};

/** One node of a `.cpuprofile`. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** A `.cpuprofile` as both runtimes write it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Sampled time per phase (µs) and the functions that took most of it. */
export interface PhaseSplit {
  /** Non-idle sampled µs within the window. */
  total: number;
  byPhase: Record<Phase, number>;
  /** The top functions by self time: "phase  function (file)" → µs. */
  top: { phase: Phase; name: string; us: number }[];
}

/** Which phase a frame of ours belongs to, from its file and function name; null if not ours. */
export function phaseOf(url: string, fn: string): Phase | null {
  const at = url.indexOf("/src/");
  const inBench = url.includes("/bench/servers/");
  if (at < 0 && !inBench) return null;
  if (inBench) return "handler";
  const file = url.slice(at + 5);
  if (file.startsWith("transport/")) {
    if (/accept|onOpen|AsyncQueue|next|push/i.test(fn) || file.includes("_async_queue")) return "accept";
    if (/write|drain/i.test(fn)) return "write";
    if (/close|onEnd/i.test(fn)) return "close";
    if (file.includes("buffer_pool")) return "request loop";
    return "read";
  }
  if (file.startsWith("http10/")) {
    if (/serialize|status/.test(file)) return "serialize";
    if (file.includes("date")) return "response fields";
    return "parse";
  }
  if (file.startsWith("server/")) {
    const name = file.slice(7);
    if (name === "_request.ts" || name === "_body.ts") return "request object";
    if (name === "_response_fields.ts") return "response fields";
    if (name === "_write_response.ts" || name === "_static_body.ts") return "serialize";
    if (name === "serve.ts") {
      if (/accept/i.test(fn)) return "accept";
      if (/urlOk/.test(fn)) return "request object";
      if (/date/.test(fn)) return "response fields";
      return "request loop";
    }
    if (name === "_connection.ts") {
      if (fn === "watch" || fn === "startWaiting" || fn === "bufferedHead" || fn === "startedHead") {
        return fn === "bufferedHead" ? "parse" : "read";
      }
      return "request loop";
    }
    if (name === "_push.ts") {
      if (/parse|head/i.test(fn)) return "parse";
      return "request loop";
    }
    return "request loop";
  }
  return "request loop";
}

/**
 * Splits the non-idle samples of `profile` taken between `from` and `to` (in the profile's
 * own clock, µs; omit for all) across the phases.
 */
export function splitProfile(profile: CpuProfile, from = -Infinity, to = Infinity): PhaseSplit {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // Per node: its phase (innermost frame of ours, or a runtime bucket), cached.
  const phaseCache = new Map<number, Phase | "idle">();
  const ourFrame = new Map<number, ProfileNode | null>();
  const classify = (id: number): Phase | "idle" => {
    const cached = phaseCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    const fn = node.callFrame.functionName;
    let phase: Phase | "idle";
    let mine: ProfileNode | null = null;
    if (fn === "(idle)") phase = "idle";
    else if (fn === "(garbage collector)" || fn === "(GC)") phase = "gc";
    else {
      let p: Phase | null = null;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at)!;
        p = phaseOf(n.callFrame.url, n.callFrame.functionName);
        if (p !== null) {
          mine = n;
          break;
        }
      }
      phase = p ?? "runtime";
    }
    phaseCache.set(id, phase);
    ourFrame.set(id, mine);
    return phase;
  };

  const byPhase = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const byFunction = new Map<string, { phase: Phase; us: number }>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i];
    const phase = classify(id);
    if (phase === "idle") continue;
    total += us;
    byPhase[phase] += us;
    const leaf = byId.get(id)!.callFrame;
    const mine = ourFrame.get(id);
    const file = (mine?.callFrame.url ?? leaf.url).replace(/^.*\/(src|bench)\//, "$1/");
    const name = `${leaf.functionName || "(anonymous)"}${
      mine && mine.callFrame !== leaf ? ` ← ${mine.callFrame.functionName || "(anonymous)"}` : ""
    } (${file || "native"})`;
    const entry = byFunction.get(name) ?? { phase, us: 0 };
    entry.us += us;
    byFunction.set(name, entry);
  }
  const top = [...byFunction].map(([name, e]) => ({ name, phase: e.phase, us: e.us }))
    .sort((a, b) => b.us - a.us).slice(0, 15);
  return { total, byPhase, top };
}
