#!/usr/bin/env python3
"""Start-up: from process start to the first answered /recommend on the built-in catalog (issue 13, goal 6).

Usage: python3 bench/startup/first-answer.py [runs]   (after `dotnet build src/ShowBot -c Release`)
Each run starts `showbot chat` on an empty database in a temp folder with "/recommend Breaking Bad" piped in, and
times the moment the list's first line ("[#1]") is printed. The baseline, measured in the same run, is
`showbot --version`: starting the .NET runtime and the executable and exiting, which every start pays. Prints each
run, then the medians and their ratio.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

DLL = os.path.join(os.path.dirname(__file__), "..", "..", "src", "ShowBot", "bin", "Release", "net10.0", "showbot.dll")


def version_ms():
    started = time.monotonic()
    subprocess.run(["dotnet", DLL, "--version"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.monotonic() - started) * 1000


def first_answer_ms():
    folder = tempfile.mkdtemp(prefix="showbot-start-")
    env = dict(os.environ, ShowBot__Storage__DatabasePath=os.path.join(folder, "showbot.db"))
    started = time.monotonic()
    process = subprocess.Popen(["dotnet", DLL, "chat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    process.stdin.write(b"/recommend Breaking Bad\n")
    process.stdin.close()
    answered = None
    for line in process.stdout:
        if answered is None and line.startswith(b"[#1]"):
            answered = (time.monotonic() - started) * 1000
    code = process.wait(timeout=120)
    shutil.rmtree(folder, ignore_errors=True)
    if answered is None:
        raise SystemExit(f"no list printed (exit {code})")
    return answered


runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
baseline, answers = [], []
for n in range(runs):
    baseline.append(version_ms())
    answers.append(first_answer_ms())
    print(f"run {n + 1}: --version {baseline[-1]:.0f} ms, first answered /recommend {answers[-1]:.0f} ms")
b, a = statistics.median(baseline), statistics.median(answers)
print(f"median: --version {b:.0f} ms, first answered /recommend {a:.0f} ms ({a / b:.1f}× the bare start), slowest {max(answers):.0f} ms over {runs} runs")
