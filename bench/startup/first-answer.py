#!/usr/bin/env python3
"""Start-up: from process start to the first answered /recommend on the built-in catalog (issue 13, goal 6).

Usage: python3 bench/startup/first-answer.py [runs]   (after `dotnet build src/ShowBot -c Release`)
Each run starts `showbot chat` with "/recommend Breaking Bad" piped in and times the moment the list's first line
("[#1]"; "[#2]" on a later start) is printed: first on an empty database in a temp folder (a new install, which
also stores the built-in catalog), then again on that same database (every later start). The baseline, measured in
the same run, is `showbot --version`: starting the .NET runtime and the executable and exiting, which every start
pays. Prints each run, then the medians and their ratios to the baseline. SHOWBOT_DLL names another build to measure
(e.g. a ReadyToRun publish).
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

DLL = os.environ.get("SHOWBOT_DLL") or os.path.join(os.path.dirname(__file__), "..", "..", "src", "ShowBot", "bin", "Release", "net10.0", "showbot.dll")


def version_ms():
    started = time.monotonic()
    subprocess.run(["dotnet", DLL, "--version"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.monotonic() - started) * 1000


def first_answer_ms(folder):
    env = dict(os.environ, ShowBot__Storage__DatabasePath=os.path.join(folder, "showbot.db"))
    started = time.monotonic()
    process = subprocess.Popen(["dotnet", DLL, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    process.stdin.write(b"/recommend Breaking Bad\n")
    process.stdin.close()
    answered = None
    for line in process.stdout:
        if answered is None and line.startswith(b"[#"):
            answered = (time.monotonic() - started) * 1000
    code = process.wait(timeout=120)
    if answered is None:
        raise SystemExit(f"no list printed (exit {code})")
    return answered


runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
baseline, fresh, again = [], [], []
for n in range(runs):
    folder = tempfile.mkdtemp(prefix="showbot-start-")
    baseline.append(version_ms())
    fresh.append(first_answer_ms(folder))
    again.append(first_answer_ms(folder))
    shutil.rmtree(folder, ignore_errors=True)
    print(f"run {n + 1}: --version {baseline[-1]:.0f} ms; first answered /recommend: new install {fresh[-1]:.0f} ms, later start {again[-1]:.0f} ms")
b, f, a = statistics.median(baseline), statistics.median(fresh), statistics.median(again)
print(f"median over {runs} runs: --version {b:.0f} ms; first answered /recommend: new install {f:.0f} ms ({f / b:.1f}×), "
      f"later start {a:.0f} ms ({a / b:.1f}×); slowest {max(fresh):.0f} / {max(again):.0f} ms")
