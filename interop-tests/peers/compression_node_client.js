// A Node `ws` client with permessage-deflate that echoes the compression scenario through a Duplex server.
// Usage: node compression_node_client.js ws://127.0.0.1:PORT/path PAYLOAD_DIR [default|small]
//   default: perMessageDeflate on with ws's defaults (offers `permessage-deflate; client_max_window_bits`)
//   small:   serverMaxWindowBits 9, clientMaxWindowBits 10, clientNoContextTakeover
// PAYLOAD_DIR holds messages.txt (INDEX text|binary SIZE CUTS) and msg-INDEX.bin. Each message is sent
// (fragmented at CUTS when given, with a ping after the first fragment), its echo awaited and compared.
// Prints `key value` lines: `extensions` (the server's Sec-WebSocket-Extensions), `agreed` (ws's negotiated
// parameters), `echo-INDEX ok|mismatch...`, `pongs RECEIVED/SENT`, `closed CODE REASON`, `done yes`.
"use strict";
const fs = require("fs");
const path = require("path");
const WebSocket = require("ws");

const [url, dir, variant = "default"] = process.argv.slice(2);
const report = (key, value) => process.stdout.write(key + " " + value + "\n");
const options = variant === "small"
  ? { serverMaxWindowBits: 9, clientMaxWindowBits: 10, clientNoContextTakeover: true }
  : true;

const messages = fs.readFileSync(path.join(dir, "messages.txt"), "utf8").trim().split("\n").map((line) => {
  const [index, type, size, cuts] = line.split(" ");
  const data = fs.readFileSync(path.join(dir, "msg-" + index + ".bin"));
  if (data.length !== +size) throw new Error("bad payload file " + index);
  return { index: +index, binary: type === "binary", data, cuts: cuts === "-" ? [] : cuts.split(",").map(Number) };
});

async function main() {
  const ws = new WebSocket(url, { perMessageDeflate: options, maxPayload: 64 * 1024 * 1024 });
  const inbox = [];
  const waiters = [];
  ws.on("message", (data, isBinary) => {
    const m = { data, isBinary };
    if (waiters.length) waiters.shift()(m); else inbox.push(m);
  });
  ws.on("upgrade", (res) => report("extensions", res.headers["sec-websocket-extensions"]));
  const next = () => new Promise((res) => (inbox.length ? res(inbox.shift()) : waiters.push(res)));
  let pings = 0;
  let pongs = 0;
  ws.on("pong", () => pongs++);
  await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
  const pmd = ws._extensions["permessage-deflate"];
  report("agreed", pmd ? JSON.stringify(pmd.params) : "none");

  for (const m of messages) {
    if (m.cuts.length) {
      let from = 0;
      for (const cut of [...m.cuts, m.data.length]) {
        ws.send(m.data.subarray(from, cut), { binary: m.binary, fin: cut === m.data.length });
        if (from === 0) {
          ws.ping("q" + m.index); // a control frame inside the compressed message
          pings++;
        }
        from = cut;
      }
    } else {
      ws.send(m.data, { binary: m.binary });
    }
    const echo = await next();
    const ok = echo.isBinary === m.binary && Buffer.compare(echo.data, m.data) === 0;
    report("echo-" + m.index, ok ? "ok" : "mismatch:" + (echo.isBinary ? "binary" : "text") + ":" + echo.data.length);
  }
  for (let i = 0; i < 50 && pongs < pings; i++) await new Promise((r) => setTimeout(r, 100));
  report("pongs", pongs + "/" + pings);
  await new Promise((resolve) => {
    ws.once("close", (code, reason) => { report("closed", code + " " + reason.toString()); resolve(); });
    ws.close(1000, "done");
  });
  report("done", "yes");
}

const timer = setTimeout(() => { report("timeout", "yes"); process.exit(2); }, 60000);
main().then(() => clearTimeout(timer), (e) => { report("error", String(e).replace(/\s+/g, "_")); process.exit(1); });
