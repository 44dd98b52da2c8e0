/**
 * Rules for options objects: each says, for a person, what a value must be, and
 * {@linkcode checkOptions} turns the values that break them into an
 * {@linkcode InvalidOptionsError} naming every bad option.
 *
 * A few rules written out here rather than a schema library: they cover what http10's
 * options need (numbers in a range, strings of a form, functions, one of some values,
 * lists, records, nested option groups), and a schema library cost every program that
 * imports http10 about 10 MiB of memory (zod 4 on Deno 2.9 and Bun 1.4, measured at start).
 *
 * @module
 */
import { InvalidOptionsError, type OptionIssue } from "./invalid_options.ts";

/** Checks one value: null when it is fine, else what is wrong, worded to follow the option's name. */
export type Rule = (value: unknown) => string | null;

/** Rules for the fields of an options object. */
export type Rules = Readonly<Record<string, Rule>>;

/** The largest delay `setTimeout` takes, in milliseconds. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A whole number from `min` to `max`. */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER): Rule {
  const what = max === Number.MAX_SAFE_INTEGER
    ? `must be a whole number of at least ${min}`
    : `must be a whole number from ${min} to ${max}`;
  return (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? null : what;
}

/** A finite number of at least `min`. */
export function atLeast(min: number): Rule {
  return (v) => typeof v === "number" && Number.isFinite(v) && v >= min ? null : `must be a number of at least ${min}`;
}

/** true or false. */
export const bool: Rule = (v) => typeof v === "boolean" ? null : "must be true or false";

/** A function. */
export const fn: Rule = (v) => typeof v === "function" ? null : "must be a function";

/** A string; `test`, if given, must accept it, else `message`. */
export function text(test?: RegExp | ((s: string) => boolean), message = "must be a string"): Rule {
  return (v) => {
    if (typeof v !== "string") return "must be a string";
    if (test === undefined) return null;
    return (typeof test === "function" ? test(v) : test.test(v)) ? null : message;
  };
}

/** One of `values` (compared with ===). */
export function oneOf(...values: readonly unknown[]): Rule {
  const what = `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return (v) => values.includes(v) ? null : what;
}

/** An instance of `type`; `name` says what it must be. */
export function instanceOf(type: abstract new (...args: never[]) => unknown, name: string): Rule {
  return (v) => v instanceof type ? null : `must be ${name}`;
}

/** A value any of `rules` accepts; `message` says what that is. */
export function either(message: string, ...rules: readonly Rule[]): Rule {
  return (v) => rules.some((rule) => rule(v) === null) ? null : message;
}

/** An array of at least `min` items, each accepted by `item` (an issue's path names the item: "nameservers.0"). */
export function listOf(item: Rule, min = 0): NestedRule {
  return nested((v) => {
    if (!Array.isArray(v)) return [{ path: [], message: "must be a list" }];
    if (v.length < min) return [{ path: [], message: `must have at least ${min} item${min === 1 ? "" : "s"}` }];
    return v.flatMap((x, i) => issuesOf(item, x, i));
  });
}

/** A plain object whose keys `key` and values `value` accept (an issue's path names the key). */
export function recordOf(key: Rule, value: Rule): NestedRule {
  return nested((v) => {
    if (!isPlainObject(v)) return [{ path: [], message: "must be an object" }];
    return Object.entries(v).flatMap(([k, x]) => {
      const wrongKey = key(k);
      return wrongKey !== null ? [{ path: [k], message: wrongKey }] : issuesOf(value, x, k);
    });
  });
}

/**
 * A nested group of options: a plain object whose fields `rules` accept. Absent fields are
 * not checked unless `required` (then every field of `rules` must be there); an unknown
 * field is wrong unless `loose`.
 */
export function group(rules: Rules, how: { loose?: boolean; required?: boolean } = {}): NestedRule {
  return nested((v) => {
    if (!isPlainObject(v)) return [{ path: [], message: "must be an object" }];
    const found = optionIssues(v, rules, how.loose);
    if (how.required) {
      for (const key of Object.keys(rules)) {
        if (v[key] === undefined) found.push({ path: [key], message: "is missing" });
      }
    }
    return found;
  });
}

/**
 * A rule for a value with parts (a group, a list, a record) that reports each part's issue
 * with its own path, so that the error names "dial.clock.now" or "nameservers.0".
 */
export type NestedRule = Rule & { issues(value: unknown): OptionIssue[] };

/** A NestedRule from the function that lists its issues; used as a plain Rule, the issues joined. */
function nested(issues: (value: unknown) => OptionIssue[]): NestedRule {
  const rule = (v: unknown) => {
    const found = issues(v);
    return found.length === 0 ? null : found.map((i) => [...i.path, i.message].join(" ")).join("; ");
  };
  return Object.assign(rule, { issues });
}

/** The issues `rule` finds in `value`, which sits at `at` (a key, an item's index). */
function issuesOf(rule: Rule, value: unknown, at: PropertyKey): OptionIssue[] {
  if ("issues" in rule) return (rule as NestedRule).issues(value).map((i) => ({ ...i, path: [at, ...i.path] }));
  const wrong = rule(value);
  return wrong === null ? [] : [{ path: [at], message: wrong }];
}

/**
 * What is wrong with `options`: one issue per field that a rule refuses (absent and
 * undefined fields are not checked) and, unless `loose`, per field no rule knows.
 */
export function optionIssues(options: Readonly<Record<string, unknown>>, rules: Rules, loose = false): OptionIssue[] {
  const issues: OptionIssue[] = [];
  for (const key of Object.keys(options)) {
    const value = options[key];
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) {
      if (!loose) issues.push({ path: [key], message: "is not an option" });
      continue;
    }
    if (value !== undefined) issues.push(...issuesOf(rule, value, key));
  }
  return issues;
}

/**
 * Checks `options` against `rules`; throws `error` (an `InvalidOptionsError` class) naming
 * every bad option of `what` ("serve()", "Agent"), with the value given.
 */
export function checkOptions(
  what: string,
  options: unknown,
  rules: Rules,
  error: typeof InvalidOptionsError = InvalidOptionsError,
): void {
  if (!isPlainObject(options)) throw new error(`Invalid ${what} options:\n  options: must be an object`);
  const issues = optionIssues(options, rules);
  if (issues.length > 0) throw error.fromIssues(what, issues, options);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
