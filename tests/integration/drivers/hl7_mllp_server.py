#!/usr/bin/python3
"""A real HL7 MLLP receiver for the tests: python3-hl7's asyncio server (hl7.mllp).

Prints "port: N" once listening, then one line per message received — "MSG <MSH-10> <MSH-9>"
— and answers each with the ACK python-hl7 builds (MSA|AA). Exits after --count messages or
--seconds, whichever comes first.
"""
import argparse
import asyncio
import sys

import hl7.mllp


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    done = asyncio.Event()
    received = 0

    async def on_client(reader: hl7.mllp.HL7StreamReader, writer: hl7.mllp.HL7StreamWriter) -> None:
        nonlocal received
        try:
            while not reader.at_eof():
                message = await reader.readmessage()
                print(f"MSG {message.segment('MSH')[10]} {message.segment('MSH')[9]}", flush=True)
                writer.writemessage(message.create_ack())
                await writer.drain()
                received += 1
                if received >= args.count:
                    done.set()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()

    server = await hl7.mllp.start_hl7_server(on_client, "127.0.0.1", 0, encoding="utf-8")
    print(f"port: {server.sockets[0].getsockname()[1]}", flush=True)
    try:
        await asyncio.wait_for(done.wait(), timeout=args.seconds)
    except asyncio.TimeoutError:
        print("TIMEOUT", flush=True)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
