/**
 * The load harness's Deno.serve peer: "Hello, World!" on the port given as the first argument.
 *
 * @module
 */
const port = Number(Deno.args[0] ?? 8000);

Deno.serve(
  { hostname: "127.0.0.1", port, onListen: ({ port }) => console.log(`ready ${port}`) },
  () => new Response("Hello, World!"),
);
