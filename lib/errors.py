"""The one error type a user sees. Anything else raised is a bug and must surface."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A problem the user can fix (an unreadable file, bad usage, a missing setting), told in Bahasa Indonesia.

    Shown by one handler in app.py (lib.ui.show_error) and one in lib/cli.py, which maps it to exit code 2.
    """

    def __init__(self, title: str, message: str, details: Any = None):
        super().__init__(f"{title}: {message}")
        self.title = title
        self.message = message
        self.details = details  # e.g. the problem table of an upload


class Refused(UserError):
    """The input was read but is invalid (an upload with errors, a boundary file matching nothing), or the
    operation is refused (an unknown or already rolled-back batch). The command line exits 1 for these."""
