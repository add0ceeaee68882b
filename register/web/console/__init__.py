"""The staff console at /console: people sign in, and read the register in ar, fr or en."""

__all__ = [
    "i18n",
    "labels",
    "mount",
    "pages",
    "rendering",
    "security",
    "signing_in",
    "views",
]
