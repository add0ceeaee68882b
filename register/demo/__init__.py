"""Synthetic demo data: families of citizens abroad, recorded through the register's commands."""

__all__ = ["loader", "names"]
