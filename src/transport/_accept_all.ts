/**
 * The async iterator both adapters give their listeners.
 *
 * @module
 */
import { ListenerClosedError } from "./errors.ts";
import type { Conn } from "./types.ts";

/** Yields accepted connections until the listener closes; other accept errors are thrown. */
export async function* acceptAll(listener: { accept(): Promise<Conn> }): AsyncGenerator<Conn, void, undefined> {
  while (true) {
    let conn: Conn;
    try {
      conn = await listener.accept();
    } catch (err) {
      if (err instanceof ListenerClosedError) return;
      throw err;
    }
    yield conn;
  }
}
