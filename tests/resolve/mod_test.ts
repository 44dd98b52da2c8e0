import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as resolve from "../../src/resolve/mod.ts";

const dir = fileURLToPath(new URL("../../src/resolve/", import.meta.url));

test("mod.ts exports the resolver's public API", () => {
  const names = [
    "getaddrinfo",
    "getnameinfo",
    "GaiError",
    "gaiStrerror",
    "sortAddresses",
    "inetPton",
    "inetNtop",
    "parseIpv6WithZone",
    "isIPv4",
    "isIPv6",
    "ipFamily",
    "parseHosts",
    "readHosts",
    "getHostByName",
    "getHostByAddr",
    "parseServices",
    "readServices",
    "getServiceByName",
    "getServiceByPort",
    "parseProtocols",
    "readProtocols",
    "getProtocolByName",
    "getProtocolByNumber",
    "queryDns",
    "parseDnsServers",
    "parseResolvConf",
    "readResolvConf",
    "decodeMessage",
    "encodeMessage",
  ];
  for (const name of names) assert.equal(typeof (resolve as Record<string, unknown>)[name], "function", name);
});

test("src/resolve imports only its own files, the transport's (for DNS), the error root and node: built-ins", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(dir + file, "utf8");
    for (const [, spec] of text.matchAll(/^\s*(?:import|export)\s(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
      const ok = /^\.\/(dns\/)?[a-z_]+\.ts$/.test(spec) || /^\.\.\/transport\/[a-z_]+\.ts$/.test(spec) ||
        /^\.\.\/errors\/[a-z_0-9]+\.ts$/.test(spec) || spec.startsWith("node:");
      assert.ok(ok, `${file} imports ${spec}`);
    }
  }
});
