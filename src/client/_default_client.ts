/**
 * The client `request()` and `fetch()` use: default options, made on first use.
 *
 * @module
 */
import { Client } from "./client.ts";

let client: Client | undefined;

/** The shared client with default options. */
export function defaultClient(): Client {
  return client ??= new Client();
}
