"""A python3-websockets echo server that Duplex's client is tested against.

Usage: /usr/bin/python3 python_server.py
Prints `port N` once listening on 127.0.0.1. Echoes every message with its type; on the text message
`please-close` it closes with 4001 "server says bye". After each connection ends it prints
`closed CODE REASON` with what the client sent. Exits by itself after 120 s.
"""
import asyncio

import websockets


async def handler(ws):
    try:
        async for message in ws:
            if message == "please-close":
                await ws.close(4001, "server says bye")
                break
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass
    print("closed", ws.close_code, ws.close_reason, flush=True)


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, subprotocols=["chat", "superchat"],
                                max_size=None) as server:
        port = server.sockets[0].getsockname()[1]
        print("port", port, flush=True)
        await asyncio.sleep(120)


asyncio.run(main())
