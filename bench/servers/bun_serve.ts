/**
 * The load harness's Bun.serve peer: "Hello, World!" on the port given as the first argument.
 *
 * @module
 */
const bun = (globalThis as unknown as {
  Bun: { serve(o: { hostname: string; port: number; fetch(): Response }): { port: number } };
}).Bun;
const port = Number(process.argv[2] ?? 8000);

const server = bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("Hello, World!") });
console.log(`ready ${server.port}`);
