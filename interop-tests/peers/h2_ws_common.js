// Shared by h2_ws_server.js and h2_ws_client.js: runs the `ws` library's WebSocket over one HTTP/2 stream
// (RFC 8441) and reports how the stream ended.
"use strict";
// ws comes from NODE_PATH (as the tests set it) or from ../node/node_modules.
const WebSocket = (() => {
  try {
    return require("ws");
  } catch (e) {
    return require(require("path").join(__dirname, "..", "node", "node_modules", "ws"));
  }
})();

// Calls report("END_STREAM") when the stream closed with END_STREAM in both directions and no RST_STREAM,
// otherwise report("RST CODE in=END_STREAM|RST|none out=END_STREAM|RST|none"), CODE being the stream's
// rstCode (0 when it closed normally or was reset with NO_ERROR).
function watchStreamEnd(stream, report) {
  // Received: Node pushes the end of the readable side both when END_STREAM arrives (the stream is still
  // open then) and when the stream is reset (closed first, rstCode set). Which one came first tells them
  // apart.
  // A HEADERS frame with END_STREAM was pushed before any listener could run: endAfterHeaders says so.
  let received = stream.endAfterHeaders ? "END_STREAM" : "none";
  let sentRst = false;
  const push = stream.push;
  stream.push = function (chunk, encoding) {
    if (chunk === null && received === "none") received = !this.closed ? "END_STREAM" : sentRst ? "none" : "RST";
    return push.call(this, chunk, encoding);
  };
  // Sent: END_STREAM once end() ran on the open stream (Node then sets END_STREAM on the last DATA frame,
  // sends an empty one with it, or asks for the trailers that carry it), unless close() or destroy() ran on
  // the open stream (ours, ws's close timer, or Node's own: a Node 20 server stream that was answered and
  // ended but never read from gets close()d), which sends RST_STREAM.
  // respond(..., {endStream: true}) ends the stream by itself.
  let endCalled = stream.headersSent && !stream.writable;
  const wrap = (name, onCall) => {
    const method = stream[name];
    stream[name] = function (...args) {
      if (!this.closed) onCall();
      return method.apply(this, args);
    };
  };
  wrap("end", () => (endCalled = true));
  wrap("close", () => (sentRst = true));
  wrap("destroy", () => (sentRst = true));
  stream.once("close", () => {
    const code = stream.rstCode === undefined ? 0 : stream.rstCode;
    const sent = sentRst ? "RST" : endCalled ? "END_STREAM" : "none";
    if (received === "END_STREAM" && sent === "END_STREAM" && code === 0) report("END_STREAM");
    else report("RST " + code + " in=" + received + " out=" + sent);
  });
}

// Wraps an HTTP/2 stream whose extended CONNECT succeeded in a `ws` WebSocket (the trick ws's own server
// uses: new WebSocket(null) + setSocket). isServer: true masks nothing and requires masked frames;
// false masks every frame it sends (RFC 6455 section 5.3).
function setupStream(stream, isServer, reportEnd) {
  watchStreamEnd(stream, reportEnd);
  // new WebSocket(null, ...) is the server form: without these options it has no close timeout (the stream
  // is destroyed ~1 ms after a close frame is sent) and does not answer pings.
  const ws = new WebSocket(null, undefined, { autoPong: true, closeTimeout: 10000 });
  // ws derives masking (sending) and the mask check (receiving) from _isServer, which setSocket passes on.
  ws._isServer = isServer;
  ws.setSocket(stream, Buffer.alloc(0), { maxPayload: 64 * 1024 * 1024 });
  return ws;
}

module.exports = { setupStream, watchStreamEnd };
