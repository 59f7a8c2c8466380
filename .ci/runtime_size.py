"""Print what `make run` installs: the packages of requirements.txt and everything they depend on, with their size
on disk, read from the test environment (which holds them all) without installing anything. The test tools of
requirements-dev.txt are left out, as `make run` leaves them out."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def closure(names: list[str]) -> dict[str, metadata.Distribution]:
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[name] = dist
        for req in dist.requires or []:
            if "extra ==" not in req:  # an optional extra is not installed by the plain requirement
                todo.append(_name(req))
    return found


def size(dist: metadata.Distribution) -> int:
    total = 0
    for f in dist.files or []:
        path = Path(str(dist.locate_file(f)))
        if path.is_file():
            total += path.stat().st_size
    return total


def main() -> int:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    top = [_name(x) for x in lines if x.strip() and not x.lstrip().startswith(("#", "-"))]
    runtime = closure(top)
    every = {d.metadata["Name"].lower().replace("_", "-"): d for d in metadata.distributions()}
    mb = sum(size(d) for d in runtime.values()) / 1e6
    all_mb = sum(size(d) for d in every.values()) / 1e6
    print(f"make run installs {len(runtime)} packages, {mb:.0f} MB; make test {len(every)} packages, {all_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
