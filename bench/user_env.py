"""A clean virtual environment, as a user of the generated package or of fal-client has one, for
the benchmarks that time a fresh interpreter's imports.

The development environment holds the generator's and the tests' tools, and some of them change
what a third-party import costs: with click (black's) and Pygments (pytest's) installed, `import
httpx` tries its optional command-line module and imports both (about 13 ms here), which
`import fal_client` pays and a user who installed only fal-client does not. So the import
benchmark runs its interpreters here: the generated package's dependencies (read from
`generated/pyproject.toml`) and fal-client, each at its version in requirements.lock, nothing
else. The environment is made once, in `.bench-user-venv/`, and made again when the lock, those
dependencies or the Python version change (a stamp holds what it was made from).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".bench-user-venv"
LOCK = ROOT / "requirements.lock"
PEERS = ("fal-client",)
"""Installed beside the generated package's dependencies: the peers the interpreters import."""


def requirements() -> list[str]:
    """The distributions the environment holds: the package's dependencies, then the peers."""
    pyproject = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text("utf-8"))
    names = [Requirement(text).name for text in pyproject["project"]["dependencies"]]
    return [*names, *PEERS]


def python() -> Path:
    """The environment's interpreter, making the environment first when it is missing or was
    made from other inputs. pip installs from the package registry, every version held to the
    lock (`-c requirements.lock`)."""
    wanted = requirements()
    stamp = hashlib.sha256(
        "\n".join([sys.version, LOCK.read_text("utf-8"), *wanted]).encode()
    ).hexdigest()
    interpreter = VENV / "bin" / "python"
    stamp_file = VENV / "made-from.sha256"
    if interpreter.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return interpreter
    shutil.rmtree(VENV, ignore_errors=True)
    print(f"making {VENV.relative_to(ROOT)}/: {', '.join(wanted)} (versions of {LOCK.name})")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(interpreter), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(LOCK), *wanted], check=True)
    stamp_file.write_text(stamp)
    return interpreter


def installed(interpreter: Path) -> list[str]:
    """`name==version` of every distribution in the environment (pip itself left out)."""
    done = subprocess.run(
        [str(interpreter), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.split() if not line.lower().startswith("pip==")]
