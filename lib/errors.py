"""The one error type a user sees. Anything else raised is a bug and must surface."""
from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix (bad input, missing file), told in Bahasa Indonesia.

    exit_code follows the command line's convention: 1 invalid data, 2 unreadable input or bad usage.
    """

    def __init__(self, title: str, message: str, details=None, exit_code: int = 2):
        super().__init__(f"{title}: {message}")
        self.title = title
        self.message = message
        self.details = details
        self.exit_code = exit_code
