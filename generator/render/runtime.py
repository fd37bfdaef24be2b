"""The hand-written runtime (templates/runtime/) as it ships in the package: `modelclients._runtime`.

Each file is copied under a one-line stamp naming its source file and that file's hash, verbatim
but for the blocking twins of its marked asyncio code (`blocking_twins`, formatted by ruff with
the rest of the package, since a line without `async` may fit where the original did not); the
package `__init__` re-exports the runtime's `__all__`, read here from its source.
"""

from __future__ import annotations

import ast
from pathlib import Path

from . import headers
from .blocking_twins import TwinError, with_blocking_twins

PACKAGE_DIR = "modelclients/_runtime"


class RuntimeCopyError(RuntimeError):
    """The runtime directory is missing or has no readable `__all__`."""


def runtime_files(runtime_dir: Path) -> list[Path]:
    return sorted(p for p in runtime_dir.rglob("*.py") if "__pycache__" not in p.parts)


def copied_runtime(runtime_dir: Path, label: str) -> dict[str, str]:
    """generated path -> stamped copy of every runtime module. `label` names the source folder
    in stamps (e.g. `templates/runtime`), so they do not depend on where the repo lives."""
    files = runtime_files(runtime_dir)
    if not (runtime_dir / "__init__.py").is_file():
        raise RuntimeCopyError(f"{runtime_dir}: the runtime package has no __init__.py")
    out: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(runtime_dir).as_posix()
        data = path.read_bytes()
        source = f"{label}/{rel}"
        try:
            text = with_blocking_twins(data.decode("utf-8"), source)
        except UnicodeDecodeError:
            raise RuntimeCopyError(f"{source}: not UTF-8 text") from None
        except TwinError as exc:
            raise RuntimeCopyError(str(exc)) from None
        stamp = headers.python(headers.copied_from(source, headers.sha256(data)))
        out[f"{PACKAGE_DIR}/{rel}"] = f"{stamp}\n{text}"
    return out


def exported_names(runtime_dir: Path) -> list[str]:
    """The runtime's `__all__`, as written in its `__init__.py`."""
    source = (runtime_dir / "__init__.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            names = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
            if all(isinstance(n, str) for n in names):
                return sorted(str(n) for n in names)
    raise RuntimeCopyError(f"{runtime_dir / '__init__.py'}: no literal __all__ list")
