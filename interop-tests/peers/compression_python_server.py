"""A python3-websockets echo server with its default permessage-deflate (server and client window bits 12,
memLevel 5) for Duplex's client.

Usage: /usr/bin/python3 compression_python_server.py
Prints `port N` once listening on 127.0.0.1. For each connection prints `offer` (the request's
Sec-WebSocket-Extensions), `extensions` (the response's), `agreed` (the negotiated parameters), then echoes
every message with its type: messages with an even index (counted per connection from 0) are echoed in three
fragments, the others whole. Prints `closed CODE REASON` when the connection ends. Exits after 120 s.
"""
import asyncio

import websockets


def report(key, value):
    print(key, value, flush=True)


def agreed(ws):
    if not ws.extensions:
        return "none"
    e = ws.extensions[0]
    return (f"{e.name} remote_no_context_takeover={e.remote_no_context_takeover} "
            f"local_no_context_takeover={e.local_no_context_takeover} "
            f"remote_max_window_bits={e.remote_max_window_bits} local_max_window_bits={e.local_max_window_bits}")


async def handler(ws):
    report("offer", ", ".join(ws.request_headers.get_all("Sec-WebSocket-Extensions")))
    report("extensions", ws.response_headers.get("Sec-WebSocket-Extensions"))
    report("agreed", agreed(ws))
    index = 0
    try:
        async for message in ws:
            if index % 2 == 0 and len(message) >= 3:
                n = len(message)
                await ws.send([message[:n // 3], message[n // 3:2 * n // 3], message[2 * n // 3:]])
            else:
                await ws.send(message)
            index += 1
    except websockets.ConnectionClosed:
        pass
    report("closed", f"{ws.close_code} {ws.close_reason}")


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, compression="deflate") as server:
        report("port", server.sockets[0].getsockname()[1])
        await asyncio.sleep(120)


asyncio.run(main())
