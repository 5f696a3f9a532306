"""A python3-autobahn echo server (Twisted flavour) that accepts permessage-deflate offers with autobahn's
defaults, for Duplex's client.

Usage: /usr/bin/python3 compression_autobahn_server.py
Prints `port N` once listening on 127.0.0.1. For each connection prints `offer` (the request's
Sec-WebSocket-Extensions), `extensions` (the response's), `agreed` (the PerMessageDeflate in use), then
echoes every message with its type: messages with an even index (counted per connection from 0) are echoed
in three fragments (beginMessage, sendMessageFrame, endMessage), the others whole. Prints `closed CODE
REASON` (the client's close frame) when the connection ends. Exits by itself after 120 s.
"""
from twisted.internet import reactor

from autobahn.twisted.websocket import WebSocketServerFactory, WebSocketServerProtocol
from autobahn.websocket.compress import PerMessageDeflateOffer, PerMessageDeflateOfferAccept


def report(key, value):
    print(key, value, flush=True)


def accept(offers):
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            return PerMessageDeflateOfferAccept(offer)
    return None


class Echo(WebSocketServerProtocol):
    def onConnect(self, request):
        report("offer", request.headers.get("sec-websocket-extensions"))
        self.index = 0
        return None

    def onOpen(self):
        answer = [line.split(":", 1)[1].strip() for line in self.http_response_data.split("\r\n")
                  if line.lower().startswith("sec-websocket-extensions:")]
        report("extensions", answer[0] if answer else "none")
        in_use = self.websocket_extensions_in_use
        report("agreed", repr(in_use[0]) if in_use else "none")

    def onMessage(self, payload, isBinary):
        if self.index % 2 == 0 and len(payload) >= 3:
            n = len(payload)
            self.beginMessage(isBinary=isBinary)
            for a, b in ((0, n // 3), (n // 3, 2 * n // 3), (2 * n // 3, n)):
                self.sendMessageFrame(payload[a:b])
            self.endMessage()
        else:
            self.sendMessage(payload, isBinary=isBinary)
        self.index += 1

    def onClose(self, wasClean, code, reason):
        report("closed", f"{self.remoteCloseCode} {self.remoteCloseReason or ''}")


factory = WebSocketServerFactory()
factory.protocol = Echo
factory.setProtocolOptions(perMessageCompressionAccept=accept, echoCloseCodeReason=True,
                           maxFramePayloadSize=0, maxMessagePayloadSize=0)
listening = reactor.listenTCP(0, factory, interface="127.0.0.1")
report("port", listening.getHost().port)
reactor.callLater(120, reactor.stop)
reactor.run()
