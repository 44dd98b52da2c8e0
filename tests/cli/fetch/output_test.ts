import assert from "node:assert/strict";
import { test } from "node:test";
import { fileSink, fromStatusLine, NULL_SINK, remoteName } from "../../../cli/fetch/output.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

test("fromStatusLine() drops the empty lines before a status line, and nothing else", () => {
  assert.deepEqual(fromStatusLine(bytes("\r\n\nHTTP/1.0 200 OK\r\n\r\n")), bytes("HTTP/1.0 200 OK\r\n\r\n"));
  assert.deepEqual(fromStatusLine(bytes("HTTP/1.0 200 OK\r\n\r\n")), bytes("HTTP/1.0 200 OK\r\n\r\n"));
});

test("remoteName() is the URL's last path segment, decoded, without the query", () => {
  assert.equal(remoteName(new URL("http://h/a/b/file.tar.gz?x=1#f")), "file.tar.gz");
  assert.equal(remoteName(new URL("http://h/a/my%20file.txt")), "my file.txt");
  assert.equal(remoteName(new URL("http://h/a/")), "");
  assert.equal(remoteName(new URL("http://h/a%2Fb")), "a%2Fb");
});

test("fileSink() gives /dev/null as a sink that opens nothing", async () => {
  assert.equal(await fileSink("/dev/null"), NULL_SINK);
});
