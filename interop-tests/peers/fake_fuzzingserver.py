"""A stand-in for the conformance suite's fuzzing server, to test `duplex testee-client`.

It speaks the same URL protocol as the real one:
  GET /getCaseCount                    -> one text message with the number of cases, then close
  GET /runCase?case=N&agent=NAME       -> runs case N: sends messages, expects them echoed with the same type
  GET /updateReports?agent=NAME        -> close
Usage: /usr/bin/python3 fake_fuzzingserver.py
Prints `port N` once listening, then `case N ok|fail:WHY` for every case run and `reports AGENT` when
/updateReports is called. Exits by itself after 120 s.
"""
import asyncio
import urllib.parse

import websockets

BIG = bytes((i * 7) & 0xFF for i in range(200_000))


async def expect(ws, sent):
    got = await asyncio.wait_for(ws.recv(), 10)
    if type(got) is not type(sent) or got != sent:
        raise AssertionError(f"echo mismatch: sent {type(sent).__name__}[{len(sent)}], got {type(got).__name__}[{len(got)}]")


async def case_1(ws):
    await ws.send("Hello, \u00e9\u4e16\u754c \U0001F600")
    await expect(ws, "Hello, \u00e9\u4e16\u754c \U0001F600")


async def case_2(ws):
    # A binary message in several frames.
    await ws.send([BIG[:1000], BIG[1000:50_000], BIG[50_000:]])
    await expect(ws, BIG)


async def case_3(ws):
    pong = await ws.ping(b"case-3")
    await asyncio.wait_for(pong, 10)
    await ws.send("")
    await expect(ws, "")
    await ws.send(b"")
    await expect(ws, b"")


async def case_4(ws):
    for i in range(50):
        await ws.send(f"message {i}")
    for i in range(50):
        await expect(ws, f"message {i}")


CASES = [case_1, case_2, case_3, case_4]


async def handler(ws):
    url = urllib.parse.urlparse(ws.path)
    query = urllib.parse.parse_qs(url.query)
    if url.path == "/getCaseCount":
        await ws.send(str(len(CASES)))
        await ws.close()
    elif url.path == "/runCase":
        n = int(query["case"][0])
        try:
            await CASES[n - 1](ws)
            await ws.close(1000)
            print(f"case {n} ok", flush=True)
        except Exception as e:  # report, never crash the server
            print(f"case {n} fail:{type(e).__name__}:{e}".replace(" ", "_"), flush=True)
    elif url.path == "/updateReports":
        print("reports", query.get("agent", ["?"])[0], flush=True)
        await ws.close()
    else:
        await ws.close(1008, "unknown path")


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, compression=None) as server:
        print("port", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.sleep(120)


asyncio.run(main())
