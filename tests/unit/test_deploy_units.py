"""deploy/'s systemd units work as written: what they may write, that they restart, and the scheduled backup."""

from __future__ import annotations

import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def unit(name: str) -> dict[str, list[str]]:
    """A unit file's settings (continued lines joined), every value of each key in order."""
    text = (DEPLOY / name).read_text(encoding="utf-8").replace("\\\n", " ")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def writable(u: dict[str, list[str]]) -> set[str]:
    return {p for value in u.get("ReadWritePaths", []) for p in value.split()}


def test_the_dashboard_unit_may_write_its_data_folder_under_protect_system_strict_and_restarts_on_failure():
    u = unit("atensi@.service")
    assert u["ProtectSystem"] == ["strict"]  # the whole file system read-only but for ReadWritePaths
    assert f"{u['WorkingDirectory'][0]}/data" in writable(u)  # the DuckDB file, boundaries, their source notes
    assert u["Restart"] == ["on-failure"]


def test_the_backup_timer_runs_the_backup_command_as_a_named_admin_into_a_private_writable_folder():
    timer, service = unit("atensi-cadangan.timer"), unit("atensi-cadangan.service")
    assert timer["OnCalendar"] and timer["Persistent"] == ["true"]
    command = shlex.split(service["ExecStart"][0])[-1]
    assert "-m lib cadangan" in command and "--user" in command
    folder = "/var/backups/atensi"
    assert folder in command and folder in writable(service)
    assert f"{service['WorkingDirectory'][0]}/data" in writable(service)  # the backup's audit line (DuckDB)
    assert service["UMask"] == ["0077"]
