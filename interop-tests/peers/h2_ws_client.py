"""A python3-h2 + python3-wsproto WebSocket-over-HTTP/2 (RFC 8441) client that Duplex's server is tested against.

Usage: /usr/bin/python3 h2_ws_client.py URL [--insecure] [--count N] [--size BYTES] [--protocol P[,Q]]
                                            [--streams K] [--timeout SECONDS] [--trace]
  URL: https://127.0.0.1:PORT/path (TLS, ALPN h2) or http://... (h2c, prior knowledge); wss:/ws: too.
  Defaults: --count 3, --size 1000, --streams 1, --timeout 20; --insecure accepts any certificate;
  --trace logs every HTTP/2 event on stderr.
Same scenario and output as h2_ws_client.js (see README-h2.md): connection LOCAL_PORT, then per stream
status S, subprotocol P|none, echo-ok 2N, close CODE REASON clean=BOOL, stream-end END_STREAM|RST CODE ...,
and at last `ok` or `fail WHY`. Exit code 0 only on full success (2: no extended CONNECT, 1: anything else).

Sans-I/O on one blocking socket. The client's SETTINGS leave out SETTINGS_ENABLE_CONNECT_PROTOCOL (python-h2
sends 0 by default, which some servers read as switching extended CONNECT off).
"""
import select
import socket
import ssl
import sys
import time
from urllib.parse import urlsplit

import h2.config
import h2.connection
import h2.events
import h2.settings
import wsproto.connection
import wsproto.events
from wsproto.connection import ConnectionState


def out(line):
    print(line, flush=True)


def fail(why, code=1):
    out("fail " + str(why).replace(" ", "_").replace("\n", "_"))
    sys.exit(code)


def text_of(size, seed):
    unit = str(seed % 10) + "bcdefghij\u00e9"  # 12 bytes in UTF-8
    s = unit * (size // 12)
    return s + "x" * (size - len(s.encode("utf-8")))


def binary_of(size, seed):
    period = bytes((i * 31 + 7 + seed) & 0xFF for i in range(256))  # byte i is (i * 31 + 7 + seed) & 0xFF
    return (period * (size // 256 + 1))[:size]


def parse_args(argv):
    if not argv or argv[0].startswith("--"):
        sys.stderr.write(__doc__)
        sys.exit(64)
    opts = {"url": argv[0], "insecure": False, "count": 3, "size": 1000, "protocol": None, "streams": 1,
            "timeout": 20.0, "trace": False}
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--insecure", "--trace"):
            opts[a[2:]] = True
        elif a in ("--count", "--size", "--streams"):
            i += 1
            opts[a[2:]] = int(argv[i])
        elif a == "--timeout":
            i += 1
            opts["timeout"] = float(argv[i])
        elif a == "--protocol":
            i += 1
            opts["protocol"] = argv[i]
        else:
            sys.stderr.write("unknown option " + a + "\n")
            sys.exit(64)
        i += 1
    return opts


class WsStream:
    """One WebSocket on one HTTP/2 stream: sends the messages one at a time, checks each echo, then closes."""

    def __init__(self, client, stream_id, index):
        self.client = client
        self.id = stream_id
        self.index = index
        self.ws = None
        self.outbuf = bytearray()
        self.end_pending = False  # send END_STREAM once outbuf is flushed
        self.sent = "none"  # END_STREAM once we sent it
        self.received = "none"  # END_STREAM or RST
        self.rst_code = 0
        self.done = False
        self.parts = []
        self.expected = [text_of(client.size, i) for i in range(client.count)] + \
                        [binary_of(client.size, i) for i in range(client.count)]
        self.echoed = 0
        self.close_code = None
        self.close_reason = None
        self.clean = False

    def on_response(self, headers):
        h = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers}
        status = h.get(":status")
        out("status " + str(status))
        if status != "200":
            fail("status-" + str(status))
        sub = h.get("sec-websocket-protocol")
        out("subprotocol " + (sub if sub is not None else "none"))
        offered = [p.strip() for p in (self.client.protocol or "").split(",")]
        if sub is not None and sub not in offered:
            fail("unexpected-subprotocol-" + sub)
        self.ws = wsproto.connection.Connection(wsproto.connection.ConnectionType.CLIENT)
        self.send_next()

    def send_ws(self, event):
        self.outbuf += self.ws.send(event)

    def send_next(self):
        if self.echoed < len(self.expected):
            m = self.expected[self.echoed]
            if isinstance(m, str):
                self.send_ws(wsproto.events.TextMessage(data=m))
            else:
                self.send_ws(wsproto.events.BytesMessage(data=m))
        else:
            out("echo-ok " + str(self.echoed))
            self.send_ws(wsproto.events.CloseConnection(code=1000, reason="done"))

    def on_data(self, data):
        if self.ws is None:
            fail("data-before-response")
        if self.ws.state is ConnectionState.CLOSED:
            return  # nothing may follow a close frame; ignore
        self.ws.receive_data(data)
        for event in self.ws.events():
            if isinstance(event, wsproto.events.Message):
                self.parts.append(event.data)
                if event.message_finished:
                    if isinstance(event, wsproto.events.TextMessage):
                        got = "".join(self.parts)
                    else:
                        got = b"".join(self.parts)
                    self.parts = []
                    want = self.expected[self.echoed] if self.echoed < len(self.expected) else None
                    if got != want:
                        kind = "text" if isinstance(got, str) else "binary"
                        fail("%s-mismatch-%d-%d" % (kind, self.index, self.echoed))
                    self.echoed += 1
                    self.send_next()
            elif isinstance(event, wsproto.events.Ping):
                self.send_ws(event.response())
            elif isinstance(event, wsproto.events.CloseConnection):
                if self.ws.state is ConnectionState.REMOTE_CLOSING:
                    self.send_ws(event.response())  # the server closed first: answer with the same code
                self.close_code = event.code
                self.close_reason = event.reason or ""
                self.clean = self.ws.state is ConnectionState.CLOSED
                out("close %s %s clean=%s" % (self.close_code, self.close_reason, str(self.clean).lower()))
                # The close handshake is done on our side: end the stream after the close frame.
                self.end_pending = True

    def on_end(self, received, code=0):
        if self.received == "none":
            self.received = received
        self.rst_code = code
        if received == "RST" or self.sent == "END_STREAM":
            self.finish()

    def on_sent_end(self):
        self.sent = "END_STREAM"
        if self.received != "none":
            self.finish()

    def finish(self):
        if self.done:
            return
        self.done = True
        if self.received == "END_STREAM" and self.sent == "END_STREAM" and self.rst_code == 0:
            out("stream-end END_STREAM")
        else:
            out("stream-end RST %d in=%s out=%s" % (self.rst_code, self.received, self.sent))
        if self.close_code is None:
            fail("stream-ended-without-close-%d" % self.index)
        if not (self.close_code == 1000 and self.close_reason == "done" and self.clean):
            fail("close-%d-%s" % (self.index, self.close_code))
        if self.received != "END_STREAM" or self.sent != "END_STREAM" or self.rst_code != 0:
            fail("stream-end-%d-RST_%d" % (self.index, self.rst_code))


class Client:
    def __init__(self, opts):
        self.count = opts["count"]
        self.size = opts["size"]
        self.protocol = opts["protocol"]
        self.trace = opts["trace"]
        self.deadline = time.monotonic() + opts["timeout"]
        u = urlsplit(opts["url"])
        scheme = {"wss": "https", "ws": "http"}.get(u.scheme, u.scheme)
        if scheme not in ("https", "http"):
            fail("bad-url-scheme-" + u.scheme)
        self.scheme = scheme
        self.host = u.hostname
        self.port = u.port or (443 if scheme == "https" else 80)
        self.authority = u.netloc
        self.path = (u.path or "/") + ("?" + u.query if u.query else "")
        self.insecure = opts["insecure"]
        self.streams = {}

    def remaining(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            fail("timeout")
        return left

    def connect(self):
        sock = socket.create_connection((self.host, self.port), timeout=self.remaining())
        if self.scheme == "https":
            ctx = ssl.create_default_context()
            if self.insecure:
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            ctx.set_alpn_protocols(["h2"])
            sock = ctx.wrap_socket(sock, server_hostname=self.host)
            if sock.selected_alpn_protocol() != "h2":
                fail("alpn-" + str(sock.selected_alpn_protocol()))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        self.sock = sock
        out("connection %d" % sock.getsockname()[1])
        config = h2.config.H2Configuration(client_side=True, header_encoding=None)
        self.conn = h2.connection.H2Connection(config=config)
        # The first SETTINGS: no server push, big stream windows, and no SETTINGS_ENABLE_CONNECT_PROTOCOL
        # (python-h2 puts a 0 there by default). Assigning to local_settings[...] would only queue a value
        # for a later SETTINGS frame, hence a new Settings object.
        codes = h2.settings.SettingCodes
        settings = h2.settings.Settings(client=True, initial_values={
            codes.ENABLE_PUSH: 0, codes.INITIAL_WINDOW_SIZE: 8 * 1024 * 1024})
        del settings[codes.ENABLE_CONNECT_PROTOCOL]
        self.conn.local_settings = settings
        self.conn.initiate_connection()
        self.conn.increment_flow_control_window(16 * 1024 * 1024)
        self.flush()

    def flush(self):
        for s in self.streams.values():
            while s.outbuf and s.sent == "none" and s.received != "RST":
                n = min(len(s.outbuf), self.conn.local_flow_control_window(s.id), self.conn.max_outbound_frame_size)
                if n <= 0:
                    break
                self.conn.send_data(s.id, bytes(s.outbuf[:n]))
                del s.outbuf[:n]
            if s.end_pending and not s.outbuf and s.sent == "none" and s.received != "RST":
                self.conn.end_stream(s.id)
                s.on_sent_end()
        data = self.conn.data_to_send()
        while data:
            try:
                sent = self.sock.send(data)
                data = data[sent:]
            except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                select.select([], [self.sock], [], self.remaining())

    def read_events(self):
        if not (isinstance(self.sock, ssl.SSLSocket) and self.sock.pending()):
            r, _, _ = select.select([self.sock], [], [], self.remaining())
            if not r:
                return []
        try:
            data = self.sock.recv(1 << 20)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return []
        if not data:
            fail("connection-closed")
        events = self.conn.receive_data(data)
        if self.trace:
            for e in events:
                sys.stderr.write("h2 %r\n" % (e,))
        return events

    def handle(self, event):
        if isinstance(event, h2.events.DataReceived):
            self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            s = self.streams.get(event.stream_id)
            if s is not None:
                s.on_data(event.data)
        elif isinstance(event, h2.events.ResponseReceived):
            self.streams[event.stream_id].on_response(event.headers)
        elif isinstance(event, h2.events.StreamEnded):
            self.streams[event.stream_id].on_end("END_STREAM")
        elif isinstance(event, h2.events.StreamReset):
            self.streams[event.stream_id].on_end("RST", int(event.error_code))
        elif isinstance(event, h2.events.ConnectionTerminated):
            fail("goaway-%d" % int(event.error_code))

    def run(self, stream_count):
        self.connect()
        settings_seen = False
        while not settings_seen:
            for e in self.read_events():
                if isinstance(e, h2.events.RemoteSettingsChanged):
                    settings_seen = True
                else:
                    self.handle(e)
            self.flush()
        if self.conn.remote_settings.enable_connect_protocol != 1:
            out("no-extended-connect")
            sys.exit(2)
        for index in range(stream_count):
            sid = self.conn.get_next_available_stream_id()
            headers = [(b":method", b"CONNECT"), (b":protocol", b"websocket"), (b":scheme", self.scheme.encode()),
                       (b":path", self.path.encode()), (b":authority", self.authority.encode()),
                       (b"sec-websocket-version", b"13")]
            if self.protocol:
                headers.append((b"sec-websocket-protocol", self.protocol.encode()))
            self.streams[sid] = WsStream(self, sid, index)
            self.conn.send_headers(sid, headers, end_stream=False)
        self.flush()
        while not all(s.done for s in self.streams.values()):
            for e in self.read_events():
                self.handle(e)
            self.flush()
        # GOAWAY, then read until the server ends the connection (or 1 s passes), so that nothing the server
        # still sends meets a closed socket.
        self.conn.close_connection()
        self.flush()
        self.sock.settimeout(1)
        try:
            while self.sock.recv(65536):
                pass
        except (OSError, ssl.SSLError):
            pass
        self.sock.close()
        out("ok")


def main():
    opts = parse_args(sys.argv[1:])
    try:
        Client(opts).run(opts["streams"])
    except SystemExit:
        raise
    except Exception as e:  # report, don't trace back: the test reads stdout
        fail("%s:%s" % (type(e).__name__, e))


main()
