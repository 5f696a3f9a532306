// A Node `ws` echo server with permessage-deflate (`perMessageDeflate: true`: ws accepts the client's offer
// as it is, window bits included) for Duplex's client.
// Usage: node compression_node_server.js
// Prints `port N` once listening on 127.0.0.1. For each connection prints `offer` (the request's
// Sec-WebSocket-Extensions), `extensions` (the response's), `agreed` (ws's negotiated parameters), then
// echoes every message with its type: messages with an even index (counted per connection from 0) are
// echoed in three fragments, the others whole. Prints `closed CODE REASON` when the connection ends.
// Exits by itself after 120 s.
"use strict";
const { WebSocketServer } = require("ws");

const report = (key, value) => process.stdout.write(key + " " + value + "\n");
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: true, maxPayload: 64 * 1024 * 1024 });
let answer = "none";
server.on("headers", (headers) => {
  const line = headers.find((h) => h.toLowerCase().startsWith("sec-websocket-extensions:"));
  answer = line ? line.substring(line.indexOf(":") + 1).trim() : "none";
});
server.on("listening", () => report("port", server.address().port));
server.on("connection", (ws, req) => {
  report("offer", req.headers["sec-websocket-extensions"]);
  report("extensions", answer);
  const pmd = ws._extensions["permessage-deflate"];
  report("agreed", pmd ? JSON.stringify(pmd.params) : "none");
  let index = 0;
  ws.on("message", (data, isBinary) => {
    if (index++ % 2 === 0 && data.length >= 3) {
      const cuts = [Math.floor(data.length / 3), Math.floor((2 * data.length) / 3), data.length];
      let from = 0;
      for (const cut of cuts) {
        ws.send(data.subarray(from, cut), { binary: isBinary, fin: cut === data.length });
        from = cut;
      }
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on("close", (code, reason) => report("closed", code + " " + reason.toString()));
});
setTimeout(() => process.exit(0), 120000).unref();
