"""Command-line start-up: wall time of ``python -m symcount ...`` in a fresh process.

Times (subprocess, ``sys.executable``, best of 7, commands run round-robin
after one untimed warm-up round) ``python -c pass``, ``python -c "import
sympy"``, the numeric CLI ``python -m symcount 784 16 16 10`` and the
symbolic CLI ``python -m symcount --depth 3``.

Targets: numeric CLI <= 0.25 x ``import sympy``; symbolic CLI <= 1.3 x
``import sympy``; the numeric CLI prints 13002; ``python -X importtime -m
symcount 784 16 16 10`` imports no ``sympy`` module. The installed
``symcount`` console script, if on PATH, is timed for information.
Exit status 1 if a target fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from _timing import ROOT, Verdict, fmt

REPEAT = 7
NUMERIC_MAX = 0.25
SYMBOLIC_MAX = 1.3
PY = sys.executable
COMMANDS = {
    "python -c pass": [PY, "-c", "pass"],
    "python -c 'import sympy'": [PY, "-c", "import sympy"],
    "numeric CLI": [PY, "-m", "symcount", "784", "16", "16", "10"],
    "symbolic CLI": [PY, "-m", "symcount", "--depth", "3"],
}
# Run from the repo root with it on PYTHONPATH, so `-m symcount` finds the package uninstalled. As installed:
# pip compiles a package's bytecode when it installs it, so the warm-up round may write it here too, whatever
# PYTHONDONTWRITEBYTECODE the shell sets (without it, every run would time compiling the sources instead).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
}


def run(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def imported_modules(stderr: str) -> list[str]:
    """Module names from ``-X importtime`` output (``import time: self | cumulative | name``)."""
    return [line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:") and "|" in line]


def main() -> None:
    verdict = Verdict()
    script = shutil.which("symcount")
    commands = dict(COMMANDS)
    if script:
        commands["console script (info)"] = [script, "784", "16", "16", "10"]

    # Warm-up round: also checks that each command works and what it prints.
    for name, cmd in commands.items():
        _, proc = run(cmd)
        verdict.check(f"{name} exits 0", proc.returncode == 0, proc.stderr.strip()[-200:])
        if name == "numeric CLI":
            verdict.check("numeric CLI output contains 13002", "13002" in proc.stdout)

    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(REPEAT):
        for name, cmd in commands.items():
            times[name].append(run(cmd)[0])
    best = {name: min(ts) for name, ts in times.items()}
    sympy_time = best["python -c 'import sympy'"]
    print(f"best of {REPEAT} (wall time, fresh process):")
    for name, t in best.items():
        print(f"  {name:<26} {fmt(t):>10}   {t / sympy_time:5.2f} x import sympy")
    if not script:
        print("  (console script `symcount` not found on PATH: not timed)")

    ratio = best["numeric CLI"] / sympy_time
    verdict.check(f"numeric CLI <= {NUMERIC_MAX} x import sympy", ratio <= NUMERIC_MAX, f"measured {ratio:.2f}")
    ratio = best["symbolic CLI"] / sympy_time
    verdict.check(f"symbolic CLI <= {SYMBOLIC_MAX} x import sympy", ratio <= SYMBOLIC_MAX, f"measured {ratio:.2f}")

    _, proc = run([PY, "-X", "importtime", *COMMANDS["numeric CLI"][1:]])
    modules = imported_modules(proc.stderr)
    sympy_mods = [m for m in modules if m == "sympy" or m.startswith("sympy.")]
    seen = proc.returncode == 0 and "symcount" in modules
    verdict.check(
        "numeric CLI imports no sympy module (-X importtime)",
        seen and not sympy_mods,
        f"{len(modules)} modules imported, {len(sympy_mods)} from sympy" if seen else "importtime output not understood",
    )
    verdict.exit()


if __name__ == "__main__":
    main()
