// A Node `ws` client that runs the interop scenario against a Duplex echo server.
// Usage: node node_client.js ws://127.0.0.1:PORT/echo
// Prints one result per line as `key value`; the Java test asserts them.
"use strict";
const WebSocket = require("ws");

const url = process.argv[2];
const SIZES = [0, 125, 126, 65535, 65536, 1 << 20];
const report = (key, value) => process.stdout.write(key + " " + value + "\n");

function textOf(size) {
  const unit = "abcdefghij\u00e9"; // 12 bytes in UTF-8
  let s = unit.repeat(Math.floor(size / 12));
  return s + "x".repeat(size - Buffer.byteLength(s));
}

function binaryOf(size) {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

function connect(protocols) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const inbox = [];
    const waiters = [];
    ws.on("message", (data, isBinary) => {
      const m = { data, isBinary };
      if (waiters.length) waiters.shift()(m); else inbox.push(m);
    });
    ws.next = () => new Promise((res) => inbox.length ? res(inbox.shift()) : waiters.push(res));
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

async function main() {
  const ws = await connect(["chat", "superchat"]);
  report("protocol", ws.protocol);
  for (const size of SIZES) {
    const t = textOf(size);
    ws.send(t);
    let m = await ws.next();
    report("text-" + size, !m.isBinary && m.data.toString("utf8") === t ? "ok" : "mismatch:" + m.data.length);
    const b = binaryOf(size);
    ws.send(b);
    m = await ws.next();
    report("binary-" + size, m.isBinary && Buffer.compare(m.data, b) === 0 ? "ok" : "mismatch:" + m.data.length);
  }
  ws.send("frag-", { fin: false });
  ws.send("ment", { fin: false });
  ws.send("ed \u00e9", { fin: true });
  let m = await ws.next();
  report("fragmented", m.data.toString("utf8") === "frag-mented \u00e9" ? "ok" : "mismatch:" + m.data.toString());
  await new Promise((resolve) => {
    ws.once("pong", (data) => { report("ping", data.toString() === "hello" ? "ok" : "mismatch:" + data); resolve(); });
    ws.ping(Buffer.from("hello"));
  });
  await new Promise((resolve) => {
    ws.once("close", (code, reason) => { report("client-close", code + " " + reason.toString()); resolve(); });
    ws.close(4000, "client done");
  });

  const ws2 = await connect([]);
  await new Promise((resolve) => {
    ws2.once("close", (code, reason) => { report("server-close", code + " " + reason.toString()); resolve(); });
    ws2.send("please-close");
  });
  report("done", "yes");
}

const timer = setTimeout(() => { report("timeout", "yes"); process.exit(2); }, 60000);
main().then(() => { clearTimeout(timer); }, (e) => { report("error", String(e).replace(/\s+/g, "_")); process.exit(1); });
