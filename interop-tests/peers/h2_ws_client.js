// A Node `http2` + `ws` WebSocket-over-HTTP/2 (RFC 8441) client that Duplex's server is tested against.
// Usage: node h2_ws_client.js URL [--insecure] [--count N] [--size BYTES] [--protocol P[,Q]] [--streams K]
//                             [--timeout SECONDS]
//   URL: https://127.0.0.1:PORT/path (TLS, ALPN h2) or http://... (h2c, prior knowledge); wss:/ws: too.
//   Defaults: --count 3, --size 1000, --streams 1, --timeout 20; --insecure accepts any certificate.
// One HTTP/2 connection; once the server's SETTINGS allow extended CONNECT it opens K WebSocket streams on it.
// On each stream: N text messages then N binary messages of BYTES bytes, each echo checked byte for byte,
// then close 1000 "done", waiting for the server's close and for the stream to end.
// Prints (see README-h2.md): connection LOCAL_PORT, then per stream: status S, subprotocol P|none,
// echo-ok 2N, close CODE REASON clean=BOOL, stream-end END_STREAM|RST CODE ...; at last `ok` or `fail WHY`.
// Exit code 0 only on full success (2: no extended CONNECT, 1: anything else).
"use strict";
const http2 = require("http2");
const { setupStream } = require("./h2_ws_common");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const out = (line) => process.stdout.write(line + "\n");
const url = new URL(args[0].replace(/^wss:/, "https:").replace(/^ws:/, "http:"));
const insecure = args.includes("--insecure");
const count = Number(opt("--count", "3"));
const size = Number(opt("--size", "1000"));
const protocol = opt("--protocol");
const streams = Number(opt("--streams", "1"));
const timeoutSeconds = Number(opt("--timeout", "20"));

const finish = (code, line) => {
  out(line);
  process.exit(code);
};
setTimeout(() => finish(1, "fail timeout"), timeoutSeconds * 1000).unref();

function textOf(size, seed) {
  const unit = "abcdefghij\u00e9"; // 12 bytes in UTF-8
  const s = (String(seed % 10) + unit.slice(1)).repeat(Math.floor(size / 12));
  return s + "x".repeat(size - Buffer.byteLength(s));
}

function binaryOf(size, seed) {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7 + seed) & 0xff;
  return b;
}

function openWebSocket(session, index) {
  return new Promise((resolve, reject) => {
    const headers = {
      ":method": "CONNECT",
      ":protocol": "websocket",
      ":scheme": url.protocol === "https:" ? "https" : "http",
      ":path": url.pathname + url.search,
      ":authority": url.host,
      "sec-websocket-version": "13",
    };
    if (protocol) headers["sec-websocket-protocol"] = protocol;
    const stream = session.request(headers);
    stream.on("error", (e) => reject(new Error("stream-" + index + ": " + e.message)));
    stream.once("response", (h) => {
      const status = h[":status"];
      out("status " + status);
      if (status !== 200) {
        stream.close();
        reject(new Error("status-" + status));
        return;
      }
      const sub = h["sec-websocket-protocol"];
      out("subprotocol " + (sub === undefined ? "none" : sub));
      const offered = (protocol || "").split(",").map((p) => p.trim());
      if (sub !== undefined && !offered.includes(sub)) {
        reject(new Error("unexpected-subprotocol-" + sub));
        return;
      }
      let resolveEnd;
      const ended = new Promise((res) => (resolveEnd = res));
      const ws = setupStream(stream, false, (end) => resolveEnd(end));
      ws.ended = ended;
      const inbox = [], waiters = [];
      ws.on("message", (data, isBinary) => {
        const m = { data, isBinary };
        if (waiters.length) waiters.shift()(m); else inbox.push(m);
      });
      ws.on("error", (e) => reject(new Error("ws-" + index + ": " + e.message)));
      ws.next = () => new Promise((res) => (inbox.length ? res(inbox.shift()) : waiters.push(res)));
      resolve(ws);
    });
  });
}

async function run(session, index) {
  const ws = await openWebSocket(session, index);
  let ok = 0;
  for (let i = 0; i < count; i++) {
    const t = textOf(size, i);
    ws.send(t);
    const m = await ws.next();
    if (m.isBinary || m.data.toString("utf8") !== t) throw new Error("text-mismatch-" + index + "-" + i);
    ok++;
  }
  for (let i = 0; i < count; i++) {
    const b = binaryOf(size, i);
    ws.send(b);
    const m = await ws.next();
    if (!m.isBinary || Buffer.compare(m.data, b) !== 0) throw new Error("binary-mismatch-" + index + "-" + i);
    ok++;
  }
  out("echo-ok " + ok);
  const [code, reason] = await new Promise((resolve) => {
    ws.once("close", (code, reason) => resolve([code, reason.toString()]));
    ws.close(1000, "done");
  });
  const clean = ws._closeFrameReceived && ws._closeFrameSent;
  out("close " + code + " " + reason + " clean=" + clean);
  const end = await ws.ended;
  out("stream-end " + end);
  if (!(code === 1000 && reason === "done" && clean)) throw new Error("close-" + index + "-" + code);
  if (end !== "END_STREAM") throw new Error("stream-end-" + index + "-" + end.replace(/ /g, "_"));
}

const connectOptions = insecure ? { rejectUnauthorized: false } : {};
const session = http2.connect(url.origin, connectOptions);
session.on("error", (e) => finish(1, "fail session-error " + String(e.message).replace(/\s+/g, "_")));
session.once("connect", () => out("connection " + session.socket.localPort));
session.once("remoteSettings", async (settings) => {
  if (!settings.enableConnectProtocol) finish(2, "no-extended-connect");
  try {
    const runs = [];
    for (let k = 0; k < streams; k++) runs.push(run(session, k));
    await Promise.all(runs);
    // Exit only once the session is closed: the last END_STREAM and the GOAWAY are only queued when the
    // stream's 'close' fires, and process.exit() right then loses them (the server then sees the TCP
    // connection end with the stream half-open and resets it).
    session.close(() => finish(0, "ok"));
  } catch (e) {
    finish(1, "fail " + String(e.message).replace(/\s+/g, "_"));
  }
});
