"""Appointments (the staff side; booking is public): the operations register/access.py checks."""

from __future__ import annotations

from register.access import Operation


class AppointmentOperation(Operation):
    MISSION_AGENDA = "missionAgenda"
    MISSION_AGENDA_PAGE = "missionAgendaPage"
    MARK_ATTENDED = "markAttended"
    MARK_NO_SHOW = "markNoShow"
    APPOINTMENT_CALENDAR = "appointmentCalendar"
    SCHEDULE_APPOINTMENT_SERVICE = "scheduleAppointmentService"
    SET_APPOINTMENT_RULES = "setAppointmentRules"
    CLOSE_APPOINTMENT_DAY = "closeAppointmentDay"
    REOPEN_APPOINTMENT_DAY = "reopenAppointmentDay"
    RECORD_CONTACT_DETAILS = "recordContactDetails"
