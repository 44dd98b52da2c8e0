/**
 * Names to addresses, with no HTTP in sight: getaddrinfo and getnameinfo in the spirit of
 * their C namesakes, strict address parsing and formatting (inet_pton/inet_ntop, RFC 5952),
 * the /etc hosts, services and protocols databases, EAI_* errors, and address ordering for
 * Happy Eyeballs.
 *
 * @example
 * ```ts
 * import { getaddrinfo } from "./mod.ts";
 *
 * for (const a of await getaddrinfo("localhost", "http")) console.log(a.address, a.port);
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./getaddrinfo.ts";
export * from "./getnameinfo.ts";
export * from "./gai_error.ts";
export * from "./sort_addresses.ts";
export * from "./inet_pton.ts";
export * from "./inet_ntop.ts";
export * from "./ip_family.ts";
export * from "./hosts.ts";
export * from "./services.ts";
export * from "./protocols.ts";
export * from "./dns_query.ts";
export * from "./dns_servers.ts";
export * from "./resolv_conf.ts";
export * from "./dns/types.ts";
export * from "./dns/message.ts";
export * from "./dns/errors.ts";
