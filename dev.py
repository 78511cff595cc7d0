#!/usr/bin/env python3
"""Set up and run Buurtwijzer with nothing but Python 3.11+: `python3 dev.py run` or `python3 dev.py test`.

Creates .venv, installs the project with its pinned ranges (again only when pyproject.toml changed),
then runs the bot, the whole test suite (ruff, mypy, pytest incl. PostgreSQL), or the benchmark.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def ensure_env() -> None:
    """Create the virtualenv and install the project when missing or out of date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Buurtwijzer needs Python 3.11 or newer.")
    if not PY.exists():
        print("Creating .venv ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        print("Installing dependencies into .venv ...", file=sys.stderr, flush=True)
        subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True)
        STAMP.write_text(digest)


def run(*args: str) -> int:
    """Run a command from the virtualenv in the project folder; return its exit code."""
    print("$ " + " ".join(args), file=sys.stderr, flush=True)
    return subprocess.run([str(PY), "-m", *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    """Dispatch: run (the bot), test (everything CI runs), bench (the benchmark), or any bot command."""
    command = argv[0] if argv else "run"
    ensure_env()
    if command == "test":
        for step in (("ruff", "check", "bot", "tests", "dev.py"), ("mypy",)):
            if run(*step) != 0:
                return 1
        return run("pytest", "-q", "-p", "no:cacheprovider", *argv[1:])
    if command == "bench":
        return run("bot", "bench", *argv[1:])
    if command == "bench-telegram":
        return run("tests.telegram.bench", *argv[1:])
    if command == "bench-cases":
        return run("tests.telegram.bench_cases", *argv[1:])
    if command == "run":
        return run("bot", "run", *argv[1:])
    return run("bot", *argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
