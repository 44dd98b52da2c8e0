/**
 * The root of http10's errors: {@linkcode Http10Error} (every error http10 throws on
 * purpose extends it), the errors for bad options and arguments, and the registry of every
 * code with a sentence ({@linkcode ERROR_CODES_REGISTRY}).
 *
 * @module
 */
export { hasErrorCode, Http10Error } from "./http10_error.ts";
export { InvalidArgumentError, InvalidOptionsError, type OptionIssue } from "./invalid_options.ts";
export { ERROR_CODES_REGISTRY } from "./codes.ts";
