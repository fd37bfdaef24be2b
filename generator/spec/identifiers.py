"""The names that become paths, modules and URLs, checked where they enter the system.

An endpoint id becomes a spec file path (`specs/fal/<id>.yaml`), a module name and part of every
request URL; a `python_name:` becomes a module file; a type name becomes a class in a module that
also imports the runtime. A hostile or careless name must therefore be refused with a located
error before anything is derived from it, and every write must land inside its output folder.

The rules here are provider-neutral; a provider may narrow them with `id_pattern:` in its
`specs/providers/<name>.yaml` (checked with the other set rules).
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from functools import cache
from pathlib import Path
from typing import Final

MAX_ID_LENGTH: Final = 200
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_MODULE = re.compile(r"[a-z][a-z0-9_]*")

ENDPOINT_MODULE_NAMES: Final = frozenset(
    {
        # defined by templates/endpoint.py.jinja
        "Input",
        "Output",
        "Client",
        "AsyncClient",
        "ENDPOINT",
        "validate",
        "__getattr__",  # and __dir__: made by lazy_clients, which defines Client and AsyncClient
        "__dir__",
        # imported by it or by the models datamodel-code-generator writes
        "Annotated",
        "Any",
        "BaseModel",
        "ConfigDict",
        "Field",
        "Literal",
        "Mapping",
        "RootModel",
        "UUID4",
        "ValidationIssue",
        "validate_payload",
        "JsonBoolean",
        "JsonInteger",
        "JsonNumber",
        "JsonString",
        "JsonArray",
        "JsonObject",
        "JsonAny",
        "InputModel",
        "CheckedInputModel",
        "OutputModel",
        "MISSING",
        "TYPE_CHECKING",
        "lazy_clients",
        "EndpointInfo",
    }
)
"""Top-level names of a generated endpoint module besides its spec types (tests keep this true)."""

RUNTIME_INIT: Final = Path(__file__).resolve().parents[2] / "templates" / "runtime" / "__init__.py"


SPEC_SUFFIX: Final = ".yaml"
"""How a spec file's name ends (`specs/<provider>/<owner>/<name>.yaml`)."""


def endpoint_id_problem(endpoint_id: object) -> str | None:
    """Why `endpoint_id` cannot name an endpoint, or None when it can.

    An id is `owner/name[/more...]`: two or more segments, each starting with a letter or digit
    and made of letters, digits, `.`, `_` and `-`, so no segment is empty, `.` or `..`, no id is
    absolute, and nothing in it means something to a file system or a URL; no segment ends in
    `.yaml` (the spec of `a/b.yaml/c` lives in a folder `b.yaml`, where `a/b`'s file would be).
    """
    if not isinstance(endpoint_id, str) or not endpoint_id:
        return "an endpoint id must be a non-empty string"
    if len(endpoint_id) > MAX_ID_LENGTH:
        return f"an endpoint id is at most {MAX_ID_LENGTH} characters (this one has {len(endpoint_id)})"
    if endpoint_id.startswith("/"):
        return f"endpoint id {endpoint_id!r} is absolute; an id is owner/name"
    segments = endpoint_id.split("/")
    if len(segments) < 2:
        return f"endpoint id {endpoint_id!r} has no owner; an id is owner/name"
    for segment in segments:
        if segment in ("", ".", ".."):
            shown = "an empty" if not segment else f"a {segment!r}"
            return f"endpoint id {endpoint_id!r} has {shown} segment"
        if not _SEGMENT.fullmatch(segment):
            return (
                f"endpoint id {endpoint_id!r}: segment {segment!r} must start with a letter or "
                "digit and hold only letters, digits, '.', '_' and '-'"
            )
        if segment.lower().endswith(SPEC_SUFFIX):
            return (
                f"endpoint id {endpoint_id!r}: segment {segment!r} ends in {SPEC_SUFFIX!r}, "
                "so its spec's folder could collide with another endpoint's spec file"
            )
    return None


def module_name_problem(name: str) -> str | None:
    """Why `name` cannot be an endpoint module (`python_name:`), or None when it can."""
    if not _MODULE.fullmatch(name):
        return (
            f"python_name {name!r} must start with a lowercase letter and hold only lowercase "
            "letters, digits and '_' (no leading underscore, no dunder)"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"python_name {name!r} is a Python keyword: the module could not be imported"
    return None


def type_name_problem(name: str) -> str | None:
    """Why a named type cannot be a class of a generated endpoint module, or None."""
    if keyword.iskeyword(name):
        return f"type name {name!r} is a Python keyword"
    if name in reserved_type_names():
        return (
            f"type name {name!r} is also a name of the generated module or the runtime it "
            "imports; rename the type"
        )
    if hasattr(builtins, name):
        return f"type name {name!r} would shadow the Python builtin of that name; rename the type"
    return None


@cache
def reserved_type_names() -> frozenset[str]:
    """The names a generated endpoint module uses for itself, and everything the runtime exports."""
    return ENDPOINT_MODULE_NAMES | runtime_exports(RUNTIME_INIT)


def runtime_exports(init: Path) -> frozenset[str]:
    """The `__all__` of the runtime package (read, not imported: the runtime is a template)."""
    try:
        tree = ast.parse(init.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return frozenset()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            return frozenset(str(v) for v in value)
    return frozenset()


class OutsideFolderError(ValueError):
    """A path that would be written outside the folder it was meant for."""


def inside(root: Path, relative: str | Path) -> Path:
    """`root / relative`, refused unless it resolves to a path inside `root`.

    Every file the tool writes goes through here (spec files, the generated tree), so no id, name
    or symlink can place a file elsewhere.
    """
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts:
        raise OutsideFolderError(f"{relative}: refusing to write outside {root}")
    target = root / rel
    base = root.resolve()
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise OutsideFolderError(f"{relative}: resolves to {resolved}, outside {base}")
    return target
