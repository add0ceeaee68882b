"""Appointments: calendars, releases and the fair draw, booking with one-time codes, the counter."""

__all__ = [
    "api_booking",
    "api_counter",
    "api_types",
    "background",
    "calendars",
    "counter",
    "desk",
    "draws",
    "identity",
    "inputs",
    "operations",
    "otp",
    "service",
]
