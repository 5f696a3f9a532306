"""A python3-autobahn client (asyncio flavour) with permessage-deflate that echoes the compression scenario
through a Duplex server. Its default offer: `permessage-deflate; client_no_context_takeover;
client_max_window_bits`.

Usage: /usr/bin/python3 compression_autobahn_client.py ws://127.0.0.1:PORT/path PAYLOAD_DIR
PAYLOAD_DIR holds messages.txt (INDEX text|binary SIZE CUTS) and msg-INDEX.bin. Each message is sent
(fragmented at CUTS when given: beginMessage, one sendMessageFrame per piece with a ping after the first,
endMessage), its echo awaited and compared. Prints `key value` lines: `extensions` (the server's
Sec-WebSocket-Extensions), `agreed` (the PerMessageDeflate in use), `echo-INDEX ok|mismatch...`,
`pongs RECEIVED/SENT`, `closed CODE REASON` (the server's close frame), `done yes`.
"""
import os
import sys

import txaio

txaio.use_asyncio()

import asyncio  # noqa: E402

from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol  # noqa: E402
from autobahn.websocket.compress import (PerMessageDeflateOffer, PerMessageDeflateResponse,  # noqa: E402
                                         PerMessageDeflateResponseAccept)


def report(key, value):
    print(key, value, flush=True)


def load(directory):
    messages = []
    with open(os.path.join(directory, "messages.txt"), encoding="ascii") as f:
        for line in f:
            index, kind, size, cuts = line.split()
            with open(os.path.join(directory, f"msg-{index}.bin"), "rb") as p:
                data = p.read()
            assert len(data) == int(size)
            cuts = [] if cuts == "-" else [int(c) for c in cuts.split(",")]
            messages.append((int(index), kind == "text", data, cuts))
    return messages


URL, DIRECTORY = sys.argv[1], sys.argv[2]
MESSAGES = load(DIRECTORY)


class Client(WebSocketClientProtocol):
    def onConnect(self, response):
        report("extensions", response.headers.get("sec-websocket-extensions"))

    def onOpen(self):
        in_use = self.websocket_extensions_in_use
        report("agreed", repr(in_use[0]) if in_use else "none")
        self.next = 0
        self.pings = 0
        self.pongs = 0
        self.send_next()

    def send_next(self):
        if self.next == len(MESSAGES):
            report("pongs", f"{self.pongs}/{self.pings}")
            self.sendClose(1000, "done")
            return
        index, is_text, data, cuts = MESSAGES[self.next]
        if cuts:
            bounds = [0] + cuts + [len(data)]
            self.beginMessage(isBinary=not is_text)
            for a, b in zip(bounds, bounds[1:]):
                self.sendMessageFrame(data[a:b])
                if a == 0:
                    self.sendPing(f"q{index}".encode())  # a control frame inside the compressed message
                    self.pings += 1
            self.endMessage()
        else:
            self.sendMessage(data, isBinary=not is_text)

    def onPong(self, payload):
        self.pongs += 1

    def onMessage(self, payload, isBinary):
        index, is_text, data, cuts = MESSAGES[self.next]
        ok = isBinary == (not is_text) and payload == data
        report(f"echo-{index}", "ok" if ok else f"mismatch:{'binary' if isBinary else 'text'}:{len(payload)}")
        self.next += 1
        self.send_next()

    def onClose(self, wasClean, code, reason):
        report("closed", f"{self.remoteCloseCode} {self.remoteCloseReason or ''}")
        report("done", "yes" if wasClean else "not-clean")
        asyncio.get_event_loop().stop()


def accept(response):
    return PerMessageDeflateResponseAccept(response) if isinstance(response, PerMessageDeflateResponse) else None


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    txaio.config.loop = loop
    factory = WebSocketClientFactory(URL)
    factory.protocol = Client
    factory.setProtocolOptions(perMessageCompressionOffers=[PerMessageDeflateOffer()],
                               perMessageCompressionAccept=accept,
                               maxFramePayloadSize=0, maxMessagePayloadSize=0)
    host, port = URL.split("/")[2].split(":")
    loop.run_until_complete(loop.create_connection(factory, host, int(port)))
    loop.call_later(60, lambda: (report("timeout", "yes"), loop.stop()))
    loop.run_forever()
    loop.close()


main()
