"""Where the CPU of a `make test` goes, by kind of process: a table.

Runs the command given (default: `make test`) and samples every process on the machine twice
a second, keeping each one's last CPU time (user + system): the kernels (by the folder
they run in, with the command that started them), Chromium, JupyterLab's server, the pytest
processes, the rest. A process that lives less than a sample is missed, and one running before the
command counts with what it spends meanwhile, so the total is close to, not equal to, what the
machine spent (the suite prints that: "CPU, every process on the machine").

    .venv/bin/python benchmarks/suite_cpu.py            # make test
    .venv/bin/python benchmarks/suite_cpu.py pytest -x  # any other command
"""

import collections
import contextlib
import os
import subprocess
import sys
import time

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def kind(info):
    command = " ".join(info["cmdline"] or [])
    if "ipykernel" in command:
        try:
            parent = " ".join(psutil.Process(info["ppid"]).cmdline())
        except psutil.Error:
            parent = ""
        started_by = "JupyterLab" if "jupyter-lab" in parent else "pytest"
        folder = os.path.relpath(info["cwd"] or "?", ROOT)
        folder = folder if not folder.startswith("..") else "a scratch folder"
        return f"kernel in {folder}, started by {started_by}"
    if "chrom" in (info["name"] or ""):
        return "Chromium"
    if "jupyter-lab" in command:
        return "JupyterLab's server"
    if " -m pytest" in command or command.endswith("pytest"):
        return "pytest"
    return info["name"] or "?"


def _cpu(process):
    times = process.cpu_times()
    return times.user + times.system


def main(command):
    handles, kinds, before, spent = {}, {}, {}, {}
    for p in psutil.process_iter():  # those already running: only what they spend from now on
        with contextlib.suppress(psutil.Error):
            handles[p.pid], kinds[p.pid], before[p.pid] = p, "running before", _cpu(p)
    with open(os.path.join(ROOT, ".suite_cpu.log"), "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        start = time.monotonic()
        fields = ["pid", "ppid", "name", "cmdline", "cwd"]
        while process.poll() is None:
            for pid in psutil.pids():
                try:
                    if pid not in handles:  # new: what it is, once
                        handles[pid] = psutil.Process(pid)
                        kinds[pid] = kind(handles[pid].as_dict(fields))
                    spent[pid] = _cpu(handles[pid]) - before.get(pid, 0.0)
                except psutil.Error:  # gone since: its last reading stays
                    pass
            time.sleep(0.5)
        wall = time.monotonic() - start
    totals, counts = collections.Counter(), collections.Counter()
    for pid, seconds in spent.items():
        totals[kinds[pid]] += seconds
        counts[kinds[pid]] += 1
    print(f"{' '.join(command)}: exit code {process.returncode} after {wall:.0f} s")
    print("(its output: .suite_cpu.log)")
    print(f"{'CPU s':>7}  {'processes':>9}  kind")
    for name, seconds in totals.most_common():
        if seconds >= 0.5:
            print(f"{seconds:7.1f}  {counts[name]:9d}  {name}")
    print(f"{sum(totals.values()):7.1f}  {sum(counts.values()):9d}  in all")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["make", "test"]))
