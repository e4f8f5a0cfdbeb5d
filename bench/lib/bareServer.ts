// The baseline of the REST bench: a bare Node HTTP server that answers every request with the same bytes the real
// server answered (status, headers, body), read from the JSON file named on the command line. It does no work at
// all, so real/bare is the share of raw HTTP throughput the API keeps.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

type Canned = { status: number; headers: Record<string, string>; body: string };
const canned = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Canned;
const port = Number(process.argv[3]);

createServer((req, res) => {
  // Read the request body like the real server does, then answer.
  req.resume();
  req.on("end", () => {
    res.writeHead(canned.status, canned.headers);
    res.end(canned.body);
  });
}).listen(port, "127.0.0.1", () => process.stdout.write("ready\n"));
