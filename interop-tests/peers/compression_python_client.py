"""A python3-websockets client with permessage-deflate (its default offer, `permessage-deflate;
client_max_window_bits`) that echoes the compression scenario through a Duplex server.

Usage: /usr/bin/python3 compression_python_client.py ws://127.0.0.1:PORT/path PAYLOAD_DIR
PAYLOAD_DIR holds messages.txt (INDEX text|binary SIZE CUTS) and msg-INDEX.bin. Each message is sent
(fragmented at CUTS when given: websockets sends an iterable as one fragmented message), its echo awaited and
compared. Prints `key value` lines: `extensions` (the server's Sec-WebSocket-Extensions), `agreed` (the
negotiated parameters), `echo-INDEX ok|mismatch...`, `closed CODE REASON`, `done yes`.
"""
import asyncio
import os
import sys

import websockets


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


def agreed(ws):
    if not ws.extensions:
        return "none"
    e = ws.extensions[0]
    return (f"{e.name} remote_no_context_takeover={e.remote_no_context_takeover} "
            f"local_no_context_takeover={e.local_no_context_takeover} "
            f"remote_max_window_bits={e.remote_max_window_bits} local_max_window_bits={e.local_max_window_bits}")


async def main(url, directory):
    messages = load(directory)
    async with websockets.connect(url, max_size=None, compression="deflate") as ws:
        report("extensions", ws.response_headers.get("Sec-WebSocket-Extensions"))
        report("agreed", agreed(ws))
        for index, is_text, data, cuts in messages:
            payload = data.decode("utf-8") if is_text else data
            if cuts:
                bounds = [0] + cuts + [len(data)]
                pieces = [data[a:b] for a, b in zip(bounds, bounds[1:])]
                await ws.send([p.decode("utf-8") for p in pieces] if is_text else pieces)
            else:
                await ws.send(payload)
            echo = await asyncio.wait_for(ws.recv(), 30)
            ok = type(echo) is type(payload) and echo == payload
            report(f"echo-{index}", "ok" if ok else f"mismatch:{type(echo).__name__}:{len(echo)}")
        await ws.close(1000, "done")
        report("closed", f"{ws.close_code} {ws.close_reason}")
    report("done", "yes")


asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 60))
