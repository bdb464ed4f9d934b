"""Version, git revision and engine build, shown by `configurator version` and the About box.

An installer build writes `_build_revision.txt` next to this module; a source checkout asks git;
otherwise the revision is "unknown".
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from configurator import __version__

_REVISION_FILE = Path(__file__).with_name("_build_revision.txt")


def git_revision() -> str:
    if _REVISION_FILE.is_file():
        return _REVISION_FILE.read_text(encoding="utf-8").strip() or "unknown"
    repo = Path(__file__).resolve().parent.parent
    if not (repo / ".git").exists():
        return "unknown"
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "unknown"


def build_info() -> dict[str, str]:
    """Version, revision and how the rule engine runs (compiled or from its sources)."""
    from configurator.rules.native import running

    return {"version": __version__, "revision": git_revision(), "engine": running().reason}
