// Opens the carrier scenario's WebSockets at once from the page and returns what the page saw of each.
// Called by Selenium's executeAsyncScript(script, base, run): base is "wss://localhost:P", run the run id;
// the last argument is the callback. CarrierScenario.java does the same with dev.duplex.browser.WebSocket.
//   echo          /echo, protocols chat + superchat: a short text, 16 bytes, a text of multi-byte characters,
//                 then close(4000, "client bye") once the three echoes are back
//   large         /echo: 1 MiB of pseudo-random bytes (xorshift32, seed 7) and a 1 MiB text, then close(1000)
//   server-close  /control: asks the server to close with 4001 "server bye"
// Result: { navigation: nextHopProtocol of the page load, sockets: { name: [entries] } }, or with timeout: true.
const base = arguments[0];
const run = arguments[1];
const done = arguments[arguments.length - 1];

const TIMEOUT_MS = 20000;

function fnv(bytes) {   // FNV-1a, 32 bits, as 8 hex digits
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, "0");
}

function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

function randomBytes(n, seed) {   // xorshift32, the low byte of each step
  const bytes = new Uint8Array(n);
  let x = seed | 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; bytes[i] = x & 0xff; }
  return bytes;
}

function counting(n) {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = i;
  return bytes;
}

const scenarios = [
  { name: "echo", path: "/echo", protocols: ["chat", "superchat"],
    send: () => ["hello over the carrier", counting(16).buffer, "\u00fc\u20ac\ud834\udd1e"],
    expect: 3, close: ws => ws.close(4000, "client bye") },
  { name: "large", path: "/echo", protocols: [],
    send: () => [randomBytes(1 << 20, 7).buffer, "0123456789abcdef".repeat(1 << 16)],
    expect: 2, close: ws => ws.close(1000) },
  { name: "server-close", path: "/control", protocols: [],
    send: () => ["close 4001 server bye"], expect: Infinity, close: () => {} },
];

const result = { navigation: performance.getEntriesByType("navigation")[0].nextHopProtocol, sockets: {} };
let open = scenarios.length;
let finished = false;

function finish(timeout) {
  if (finished) return;
  finished = true;
  if (timeout) result.timeout = true;
  done(result);
}

function describe(entry, data) {
  if (typeof data === "string") {
    entry.kind = "text";
    if (data.length <= 64) entry.data = data;
    else { const b = new TextEncoder().encode(data); entry.length = b.length; entry.fnv = fnv(b); }
  } else {
    const bytes = new Uint8Array(data);
    entry.kind = "arraybuffer";
    entry.size = bytes.length;
    if (bytes.length <= 32) entry.hex = hex(bytes); else entry.fnv = fnv(bytes);
  }
  return entry;
}

for (const s of scenarios) {
  const log = result.sockets[s.name] = [];
  const ws = new WebSocket(base + s.path + "?run=" + run + "&name=" + s.name, s.protocols);
  ws.binaryType = "arraybuffer";
  let messages = 0;
  ws.onopen = () => {
    log.push({ event: "open", readyState: ws.readyState, protocol: ws.protocol, extensions: ws.extensions, url: ws.url });
    for (const m of s.send()) ws.send(m);
  };
  ws.onmessage = e => {
    log.push(describe({ event: "message", readyState: ws.readyState, origin: e.origin }, e.data));
    if (++messages === s.expect) s.close(ws);
  };
  ws.onerror = () => log.push({ event: "error", readyState: ws.readyState });
  ws.onclose = e => {
    log.push({ event: "close", readyState: ws.readyState, code: e.code, reason: e.reason, wasClean: e.wasClean });
    if (--open === 0) finish(false);
  };
}
setTimeout(() => finish(true), TIMEOUT_MS);
