// The load harness's node:http peer: "Hello, World!" on the port given as the first argument.
// Plain JavaScript so that it runs on Node.js itself, with no TypeScript step.
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 8000);
const server = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain;charset=UTF-8", "Content-Length": "13" });
  res.end("Hello, World!");
});
server.listen(port, "127.0.0.1", () => console.log(`ready ${server.address().port}`));
