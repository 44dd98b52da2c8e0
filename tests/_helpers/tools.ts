/**
 * Real peers (curl, ab, nginx, python3) for the tests. In CI they must be there
 * (`.ci/run` installs them), so a missing one fails; on a developer's machine the
 * tests that need it are skipped with the reason shown.
 *
 * @module
 */
import { execFileSync } from "node:child_process";

/** Whether `cmd` can be run (found on PATH). */
export function hasTool(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The `skip` value for a test that needs `cmd`: false when present; a reason when it is
 * missing outside CI. Throws in CI, where a missing peer is a broken set-up.
 */
export function skipUnless(cmd: string): false | string {
  if (hasTool(cmd)) return false;
  if (process.env.CI) throw new Error(`${cmd} is required in CI (.ci/run installs it)`);
  return `${cmd} is not installed`;
}
