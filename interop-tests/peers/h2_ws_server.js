// A Node `http2` + `ws` WebSocket-over-HTTP/2 (RFC 8441) echo server that Duplex's client is tested against.
// Usage: node h2_ws_server.js (--cert CERT.pem --key KEY.pem | --h2c) [--port P] [--timeout SECONDS]
//   --port 0 (the default) takes a free port on 127.0.0.1; the server exits by itself after --timeout
//   seconds (default 20).
// It sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 1. A stream with `:method CONNECT` and `:protocol websocket`
// (case-insensitive) is answered `:status 200` (with the first offered `sec-websocket-protocol`, if any) and
// then speaks RFC 6455 in DATA frames: every text/binary message is echoed, a close is answered with the same
// code and reason. Any other `:protocol` gets 501; any other request gets 200 "ok".
// Prints one line per event on stdout (see README-h2.md):
//   listening PORT | session REMOTE_PORT | open PATH SUBPROTOCOL|none | message text|binary LEN |
//   close CODE REASON | ws-error MESSAGE | reject PROTOCOL 501 | get PATH 200 |
//   stream-end ID END_STREAM | stream-end ID RST CODE in=END_STREAM|RST|none out=END_STREAM|RST|none
"use strict";
const fs = require("fs");
const http2 = require("http2");
const { setupStream, watchStreamEnd } = require("./h2_ws_common");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const h2c = args.includes("--h2c");
const port = Number(opt("--port", "0"));
const timeoutSeconds = Number(opt("--timeout", "20"));
const out = (line) => process.stdout.write(line + "\n");

const settings = { enableConnectProtocol: true };
let server;
if (h2c) {
  server = http2.createServer({ settings });
} else {
  const cert = opt("--cert"), key = opt("--key");
  if (!cert || !key) {
    process.stderr.write("usage: node h2_ws_server.js (--cert CERT.pem --key KEY.pem | --h2c) [--port P] [--timeout S]\n");
    process.exit(64);
  }
  server = http2.createSecureServer({ settings, cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
}

server.on("session", (session) => {
  out("session " + session.socket.remotePort);
  session.on("error", () => {});
});

server.on("stream", (stream, headers) => {
  stream.on("error", () => {});
  const method = headers[":method"];
  const protocol = headers[":protocol"];
  const path = headers[":path"];
  if (method === "CONNECT" && protocol !== undefined) {
    if (String(protocol).toLowerCase() !== "websocket") {
      out("reject " + protocol + " 501");
      watchStreamEnd(stream, (end) => out("stream-end " + stream.id + " " + end));
      stream.respond({ ":status": 501 }, { endStream: true });
      return;
    }
    const offered = String(headers["sec-websocket-protocol"] || "")
      .split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    const chosen = offered.length > 0 ? offered[0] : null;
    const responseHeaders = { ":status": 200 };
    if (chosen !== null) responseHeaders["sec-websocket-protocol"] = chosen;
    stream.respond(responseHeaders);
    const ws = setupStream(stream, true, (end) => out("stream-end " + stream.id + " " + end));
    out("open " + path + " " + (chosen === null ? "none" : chosen));
    ws.on("message", (data, isBinary) => {
      out("message " + (isBinary ? "binary" : "text") + " " + data.length);
      ws.send(data, { binary: isBinary });
    });
    // ws answers a close frame itself, with the same code and reason.
    ws.on("close", (code, reason) => out("close " + code + " " + reason.toString()));
    ws.on("error", (e) => out("ws-error " + String(e.message).replace(/\s+/g, "_")));
    return;
  }
  watchStreamEnd(stream, (end) => out("stream-end " + stream.id + " " + end));
  out("get " + path + " 200");
  stream.respond({ ":status": 200, "content-type": "text/plain" });
  stream.end("ok");
  stream.resume();
});

server.listen(port, "127.0.0.1", () => out("listening " + server.address().port));
setTimeout(() => process.exit(0), timeoutSeconds * 1000).unref();
