"""Appointments, calendars, the day's slots, release batches, the fair draw, contact details."""

__all__ = ["appointment", "calendars", "contact", "draw", "limits", "release_schedule", "slot_day"]
