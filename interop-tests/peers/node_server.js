// A Node `ws` echo server that Duplex's client is tested against.
// Usage: node node_server.js
// Prints `port N` once listening on 127.0.0.1. Echoes every message with its type; on the text message
// `please-close` it closes with 4001 "server says bye". After each connection ends it prints
// `closed CODE REASON` with what the client sent. Exits by itself after 120 s.
"use strict";
const { WebSocketServer } = require("ws");

const server = new WebSocketServer({
  host: "127.0.0.1",
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  handleProtocols: (protocols) => (protocols.has("chat") ? "chat" : false),
});
server.on("listening", () => process.stdout.write("port " + server.address().port + "\n"));
server.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => {
    if (!isBinary && data.toString() === "please-close") {
      ws.close(4001, "server says bye");
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on("close", (code, reason) => process.stdout.write("closed " + code + " " + reason.toString() + "\n"));
});
setTimeout(() => process.exit(0), 120000).unref();
