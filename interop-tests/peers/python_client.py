"""A python3-websockets client that runs the interop scenario against a Duplex echo server.

Usage: /usr/bin/python3 python_client.py ws://127.0.0.1:PORT/echo
Prints one result per line as `key value`; the Java test asserts them. Exits 0 when it ran to the end.
"""
import asyncio
import sys

import websockets

SIZES = [0, 125, 126, 65535, 65536, 1 << 20]


def text_of(size):
    # ASCII plus a multi-byte character now and then, exactly `size` UTF-8 bytes.
    unit = "abcdefghij\u00e9"  # 12 bytes in UTF-8
    s = unit * (size // 12)
    return s + "x" * (size - len(s.encode("utf-8")))


def binary_of(size):
    return bytes((i * 31 + 7) & 0xFF for i in range(size))


def report(key, value):
    print(key, value, flush=True)


async def main(url):
    async with websockets.connect(url, subprotocols=["chat", "superchat"], max_size=None) as ws:
        report("protocol", ws.subprotocol)
        for size in SIZES:
            t = text_of(size)
            await ws.send(t)
            echo = await asyncio.wait_for(ws.recv(), 20)
            report(f"text-{size}", "ok" if echo == t else f"mismatch:{type(echo).__name__}:{len(echo)}")
            b = binary_of(size)
            await ws.send(b)
            echo = await asyncio.wait_for(ws.recv(), 20)
            report(f"binary-{size}", "ok" if echo == b else f"mismatch:{type(echo).__name__}:{len(echo)}")
        # A fragmented message: websockets sends an iterable as one message in several frames.
        parts = ["frag-", "ment", "ed \u00e9", ""]
        await ws.send(parts)
        echo = await asyncio.wait_for(ws.recv(), 20)
        report("fragmented", "ok" if echo == "".join(parts) else f"mismatch:{echo!r}")
        pong = await ws.ping(b"hello")
        await asyncio.wait_for(pong, 10)
        report("ping", "ok")
        await ws.close(code=4000, reason="client done")
        report("client-close", f"{ws.close_code} {ws.close_reason}")

    async with websockets.connect(url, max_size=None) as ws:
        await ws.send("please-close")
        try:
            await asyncio.wait_for(ws.recv(), 10)
            report("server-close", "no-close")
        except websockets.ConnectionClosed as e:
            report("server-close", f"{e.rcvd.code if e.rcvd else None} {e.rcvd.reason if e.rcvd else ''}")
    report("done", "yes")


asyncio.run(main(sys.argv[1]))
