/**
 * Content-coding negotiation (RFC 9110 §12.5.3): reading `Accept-Encoding` with its
 * q-values and choosing a coding the server has. Pure: strings in, values out.
 *
 * @module
 */

/** One element of `Accept-Encoding`: a coding (lower case) and its weight, 0 to 1. */
export interface AcceptedCoding {
  readonly coding: string;
  readonly q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Reads an `Accept-Encoding` value into its codings and weights, in order. `x-gzip`
 * (HTTP/1.0's name, RFC 1945 §3.5) reads as `gzip`. An element that does not parse (a
 * bad token or q-value) is dropped, as if not sent: a malformed element must not turn
 * into a preference.
 *
 * @example
 * ```ts
 * parseAcceptEncoding("gzip;q=0.5, br"); // [{ coding: "gzip", q: 0.5 }, { coding: "br", q: 1 }]
 * ```
 */
export function parseAcceptEncoding(value: string): AcceptedCoding[] {
  const out: AcceptedCoding[] = [];
  for (const element of value.split(",")) {
    const [name, ...params] = element.split(";").map((s) => s.trim());
    if (name === "" || !TOKEN.test(name)) continue;
    let q = 1;
    let ok = true;
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      if (p.slice(0, eq).trim().toLowerCase() !== "q") continue;
      const v = p.slice(eq + 1).trim();
      if (!QVALUE.test(v)) ok = false;
      else q = Number(v);
    }
    if (!ok) continue;
    const coding = name.toLowerCase();
    out.push({ coding: coding === "x-gzip" ? "gzip" : coding, q });
  }
  return out;
}

/**
 * The weight `accepted` gives `coding`: its own entry, else `*`'s, else 0 — except
 * `identity`, which is acceptable (weight 1) unless excluded by `identity;q=0` or `*;q=0`.
 */
export function codingWeight(accepted: readonly AcceptedCoding[], coding: string): number {
  let star: number | undefined;
  for (const a of accepted) {
    if (a.coding === coding) return a.q;
    if (a.coding === "*") star = a.q;
  }
  if (star !== undefined) return star;
  return coding === "identity" ? 1 : 0;
}

/**
 * Chooses the coding to send from `available` (in the server's order of preference),
 * given the request's `Accept-Encoding` value: the one with the highest non-zero weight,
 * the earlier in `available` on a tie; `"identity"` when none is acceptable or the header
 * is absent (a missing header means "anything", but sending identity is always safe and
 * what clients without the header expect). A coding loses to identity only when the
 * header gives identity a higher weight of its own.
 *
 * @example
 * ```ts
 * chooseEncoding("gzip, br", ["br", "gzip"]);   // "br"
 * chooseEncoding("gzip;q=0", ["gzip"]);         // "identity"
 * chooseEncoding(null, ["gzip"]);               // "identity"
 * ```
 */
export function chooseEncoding(value: string | null | undefined, available: readonly string[]): string {
  if (value === null || value === undefined) return "identity";
  const accepted = parseAcceptEncoding(value);
  let best = "identity";
  let bestQ = 0;
  for (const coding of available) {
    const q = codingWeight(accepted, coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  // identity competes only with a weight of its own: "gzip;q=0.5" still means "gzip, please".
  const identity = accepted.find((a) => a.coding === "identity");
  if (best !== "identity" && identity !== undefined && bestQ < identity.q) return "identity";
  return best;
}
