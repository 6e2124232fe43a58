#!/usr/bin/env python3
"""Ctrl+C at the console chat's prompt, at a real terminal (a pty): how long from the key to the process's exit.

Usage: python3 bench/console/ctrl-c-at-prompt.py [runs]   (after `dotnet build src/ShowBot -c Release`)
Each run starts `showbot chat` on an empty database in a temp folder, asks one /recommend, waits for the list and the
prompt, types half a command, presses Ctrl+C, and times the exit. Prints each run, then the median and the slowest.
"""
import os, pty, select, statistics, sys, tempfile, time

DLL = os.path.join(os.path.dirname(__file__), "..", "..", "src", "ShowBot", "bin", "Release", "net10.0", "showbot.dll")


def one_run():
    folder = tempfile.mkdtemp(prefix="showbot-ctrl-c-")
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["ShowBot__Storage__DatabasePath"] = os.path.join(folder, "showbot.db")
        os.execvp("dotnet", ["dotnet", DLL, "chat"])
    seen = b""

    def read_until(marker, patience):
        nonlocal seen
        end = time.time() + patience
        while time.time() < end and marker not in seen:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    return
        if marker not in seen:
            raise SystemExit(f"never saw {marker!r}")

    read_until(b"/help.", 60)
    os.write(fd, b"/recommend Dark\r")
    read_until(b"[#1]", 60)
    time.sleep(0.5)  # the prompt is back
    os.write(fd, b"/rec")
    pressed = time.monotonic()
    os.write(fd, b"\x03")
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return (time.monotonic() - pressed) * 1000, os.waitstatus_to_exitcode(status)
        if select.select([fd], [], [], 0.005)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
        if time.monotonic() - pressed > 60:
            os.kill(pid, 9)
            raise SystemExit("still running 60 s after Ctrl+C")


runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
times = []
for n in range(runs):
    ms, code = one_run()
    times.append(ms)
    print(f"run {n + 1}: exit {code} after {ms:.0f} ms")
print(f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms over {runs} runs")
