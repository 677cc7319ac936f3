#!/usr/bin/env python3
"""Slow clients against `syscensus serve`: K connections that send a request head one byte every
GAP seconds (slowloris), and meanwhile a normal client that asks GET /healthz every second.
Prints, for the normal client, each request's latency (or its failure), and for the slow
connections how long the server kept each one open.

  python3 bench/slow_clients.py --port 8080 [--slow 40] [--gap 1] [--seconds 30]
"""
import argparse
import socket
import threading
import time


def dribble(port, gap, deadline, out, i):
    started = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port))
        s.setblocking(True)
        head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100000
        for b in head:
            if time.time() > deadline:
                out[i] = "open at the end (%.1f s)" % (time.time() - started)
                s.close()
                return
            s.send(bytes([b]))
            s.settimeout(gap)
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    break
            except socket.timeout:
                pass
        out[i] = "closed by the server after %.1f s" % (time.time() - started)
    except OSError as e:
        out[i] = "closed by the server after %.1f s (%s)" % (time.time() - started, e.strerror)


def normal(port):
    started = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = s.recv(100)
        s.close()
        status = answer.split(b"\r\n", 1)[0].decode() if answer else "closed without an answer"
    except OSError as e:
        status = "failed: %s" % e
    return time.time() - started, status


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--slow", type=int, default=40)
    p.add_argument("--gap", type=float, default=1.0)
    p.add_argument("--seconds", type=float, default=30.0)
    a = p.parse_args()
    deadline = time.time() + a.seconds
    out = [None] * a.slow
    threads = [threading.Thread(target=dribble, args=(a.port, a.gap, deadline, out, i)) for i in range(a.slow)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    latencies = []
    while time.time() < deadline:
        took, status = normal(a.port)
        latencies.append(took)
        print("normal GET /healthz: %-24s %.3f s" % (status, took), flush=True)
        time.sleep(max(0.0, 1.0 - took))
    for t in threads:
        t.join()
    closed = sorted(out)
    print("slow connections (%d, one byte every %.1f s): %s ... %s" % (a.slow, a.gap, closed[0], closed[-1]))
    latencies.sort()
    print("normal client: %d requests, median %.3f s, max %.3f s" % (len(latencies), latencies[len(latencies) // 2], latencies[-1]))


if __name__ == "__main__":
    main()
