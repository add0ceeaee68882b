"""People's accounts for the staff console: passwords, sign-in with lock-out, and sessions."""

__all__ = ["accounts", "passwords", "sessions"]
