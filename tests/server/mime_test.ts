import { test } from "node:test";
import assert from "node:assert/strict";
import { compressible, contentType } from "../../src/server/mime.ts";

const CASES: [path: string, type: string][] = [
  ["index.html", "text/html; charset=utf-8"],
  ["page.htm", "text/html; charset=utf-8"],
  ["style.css", "text/css; charset=utf-8"],
  ["app.js", "text/javascript; charset=utf-8"],
  ["app.mjs", "text/javascript; charset=utf-8"],
  ["mod.ts", "text/plain; charset=utf-8"],
  ["data.json", "application/json"],
  ["notes.txt", "text/plain; charset=utf-8"],
  ["README.md", "text/markdown; charset=utf-8"],
  ["table.csv", "text/csv; charset=utf-8"],
  ["feed.xml", "application/xml; charset=utf-8"],
  ["logo.svg", "image/svg+xml; charset=utf-8"],
  ["logo.png", "image/png"],
  ["photo.jpg", "image/jpeg"],
  ["photo.jpeg", "image/jpeg"],
  ["anim.gif", "image/gif"],
  ["pic.webp", "image/webp"],
  ["favicon.ico", "image/vnd.microsoft.icon"],
  ["pic.avif", "image/avif"],
  ["paper.pdf", "application/pdf"],
  ["module.wasm", "application/wasm"],
  ["font.woff", "font/woff"],
  ["font.woff2", "font/woff2"],
  ["font.ttf", "font/ttf"],
  ["font.otf", "font/otf"],
  ["song.mp3", "audio/mpeg"],
  ["film.mp4", "video/mp4"],
  ["clip.webm", "video/webm"],
  ["sound.ogg", "audio/ogg"],
  ["sound.wav", "audio/wav"],
  ["bundle.zip", "application/zip"],
  ["data.gz", "application/gzip"],
  ["backup.tar", "application/x-tar"],
];

for (const [path, type] of CASES) {
  test(`contentType() gives ${type} for ${path}`, () => {
    assert.equal(contentType(path), type);
  });
}

test("contentType() does not call TypeScript a video (video/mp2t)", () => {
  assert.notEqual(contentType("main.ts").split(";")[0], "video/mp2t");
});

test("contentType() ignores the case of the extension", () => {
  assert.equal(contentType("INDEX.HTML"), "text/html; charset=utf-8");
  assert.equal(contentType("Photo.JpG"), "image/jpeg");
});

test("contentType() uses only the last extension", () => {
  assert.equal(contentType("release.tar.gz"), "application/gzip");
  assert.equal(contentType("page.html.bak"), "application/octet-stream");
});

test("contentType() looks at the file name, not at dots in directory names", () => {
  assert.equal(contentType("/srv/site.v2/README"), "application/octet-stream");
  assert.equal(contentType("/srv/site.v2/docs/a.css"), "text/css; charset=utf-8");
  assert.equal(contentType("C:\\site.v2\\README"), "application/octet-stream");
});

test("contentType() falls back to application/octet-stream for unknown or missing extensions", () => {
  assert.equal(contentType("program.exe"), "application/octet-stream");
  assert.equal(contentType("Makefile"), "application/octet-stream");
  assert.equal(contentType("trailing."), "application/octet-stream");
  assert.equal(contentType(""), "application/octet-stream");
});

test("contentType() does not treat the leading dot of a dotfile as an extension", () => {
  assert.equal(contentType(".html"), "application/octet-stream");
  assert.equal(contentType("dir/.css"), "application/octet-stream");
});

test("contentType() does not find names inherited from Object.prototype", () => {
  assert.equal(contentType("x.constructor"), "application/octet-stream");
  assert.equal(contentType("x.__proto__"), "application/octet-stream");
  assert.equal(contentType("x.toString"), "application/octet-stream");
});

test("contentType() knows the types browsers load: xhtml, wasm, mjs, avif, webp, woff2, webmanifest", () => {
  assert.equal(contentType("a.xhtml"), "application/xhtml+xml; charset=utf-8");
  assert.equal(contentType("a.wasm"), "application/wasm");
  assert.equal(contentType("a.mjs"), "text/javascript; charset=utf-8");
  assert.equal(contentType("a.avif"), "image/avif");
  assert.equal(contentType("a.webp"), "image/webp");
  assert.equal(contentType("a.woff2"), "font/woff2");
  assert.equal(contentType("a.webmanifest"), "application/manifest+json");
  assert.equal(contentType("a.vtt"), "text/vtt; charset=utf-8");
  assert.equal(contentType("a.m4a"), "audio/mp4");
});

test("compressible() is true for text and structured text, false for images, fonts already compressed and archives", () => {
  for (
    const f of ["a.html", "a.css", "a.js", "a.json", "a.svg", "a.xml", "a.wasm", "a.txt", "a.xhtml", "a.webmanifest"]
  ) {
    assert.equal(compressible(contentType(f)), true, f);
  }
  for (const f of ["a.png", "a.jpg", "a.woff2", "a.gz", "a.zip", "a.mp4", "a.bin"]) {
    assert.equal(compressible(contentType(f)), false, f);
  }
});
