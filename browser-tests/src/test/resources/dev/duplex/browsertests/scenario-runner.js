// Runs one scenario of scenarios.json in the page with the browser's WebSocket, and returns its log.
// Called by Selenium's executeAsyncScript(runner, scenario, bases): the last argument is the callback.
// ScenarioRunner.java does the same steps with dev.duplex.browser.WebSocket; both logs must be equal.
const scenario = arguments[0];
const bases = arguments[1];          // [["{ws}", "ws://127.0.0.1:1234"], ...], longest value first
const run = arguments[2];            // the run id, replacing {run}
const done = arguments[arguments.length - 1];

const WAIT_MS = 8000;
const log = [];
const counts = { open: 0, message: 0, error: 0, close: 0 };
let ws = null;

function expand(s) {
  for (const [k, v] of bases) s = s.split(k).join(v);
  return s.split("{run}").join(run);
}

function fnv(bytes) {   // FNV-1a, 32 bits, as 8 hex digits
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, "0");
}

function hex(bytes) {
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

function describeBytes(entry, bytes) {
  entry.size = bytes.length;
  if (bytes.length <= 32) entry.hex = hex(bytes); else entry.fnv = fnv(bytes);
}

function payload(spec) {   // a step's data: a string, {"text", "times"} or {"bytes", "seed"}
  if (typeof spec === "string") return spec;
  if ("text" in spec) return spec.text.repeat(spec.times || 1);
  const bytes = new Uint8Array(spec.bytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + spec.seed) & 0xff;
  return spec.as === "blob" ? new Blob([bytes]) : spec.as === "view" ? new DataView(bytes.buffer) : bytes.buffer;
}

function state(entry) {
  entry.readyState = ws.readyState;
  entry.bufferedAmount = ws.bufferedAmount;
  entry.protocol = ws.protocol;
  entry.extensions = ws.extensions;
  entry.binaryType = ws.binaryType;
  return entry;
}

function listen() {
  ws.addEventListener("open", () => { counts.open++; log.push({ event: "open", readyState: ws.readyState, protocol: ws.protocol, extensions: ws.extensions }); });
  ws.addEventListener("message", e => {
    counts.message++;
    const entry = { event: "message", readyState: ws.readyState, origin: e.origin };
    if (typeof e.data === "string") {
      entry.kind = "text";
      if (e.data.length <= 64) entry.data = e.data;
      else { const b = new TextEncoder().encode(e.data); entry.length = b.length; entry.fnv = fnv(b); }
    } else if (e.data instanceof ArrayBuffer) {
      entry.kind = "arraybuffer";
      describeBytes(entry, new Uint8Array(e.data));
    } else {
      entry.kind = "blob";
      entry.blob = e.data;   // read below, once the scenario is over
    }
    log.push(entry);
  });
  ws.addEventListener("error", () => { counts.error++; log.push({ event: "error", readyState: ws.readyState }); });
  ws.addEventListener("close", e => { counts.close++; log.push({ event: "close", readyState: ws.readyState, code: e.code, reason: e.reason, wasClean: e.wasClean }); });
}

function waitFor(type, count) {
  return new Promise(resolve => {
    const start = Date.now();
    (function check() {
      if (counts[type] >= count) resolve(true);
      else if (Date.now() - start > WAIT_MS) resolve(false);
      else setTimeout(check, 5);
    })();
  });
}

function attempt(step, f) {
  try { f(); } catch (e) { log.push({ step: step, exception: e.name }); }
}

function normalize(value) {
  if (typeof value === "string") {
    let s = value.split(run).join("{run}");
    for (const [k, v] of bases) s = s.split(v).join(k);
    return s;
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = normalize(value[k]);
    return out;
  }
  return value;
}

(async () => {
  try {
    try {
      ws = new WebSocket(expand(scenario.url), scenario.protocols || []);
    } catch (e) {
      log.push({ event: "exception", name: e.name });
      return;
    }
    listen();
    log.push(state({ event: "constructed", url: ws.url }));
    if (scenario.urlOnly) { ws.close(); return; }
    for (const step of scenario.steps || []) {
      if ("send" in step) attempt("send", () => ws.send(payload(step.send)));
      else if ("binaryType" in step) ws.binaryType = step.binaryType;
      else if ("close" in step) attempt("close", () => {
        const c = step.close;
        if (c.code === undefined && c.reason === undefined) ws.close();
        else if (c.reason === undefined) ws.close(c.code);
        else ws.close(c.code, typeof c.reason === "string" ? c.reason : payload(c.reason));
      });
      else if ("wait" in step) {
        if (!await waitFor(step.wait, step.count || 1)) { log.push({ step: "wait", timeout: step.wait }); break; }
      }
      else if ("state" in step) log.push(state({ step: "state" }));
      else log.push({ step: "unknown", detail: JSON.stringify(step) });
    }
  } catch (e) {
    log.push({ step: "runner", exception: String(e) });
  } finally {
    for (const entry of log) {
      if (entry.blob) {
        describeBytes(entry, new Uint8Array(await entry.blob.arrayBuffer()));
        delete entry.blob;
      }
    }
    done(normalize(log));
  }
})();
