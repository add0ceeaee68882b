from datetime import date
from tests.integration.test_appointment_notices import *  # noqa
def test_dbg(desk):
    desk.clock.set(berlin(date(2026, 5, 5), 22))
    a = desk.book("BK900001", day=DAY)
    print(a.starts_at, desk.inbox())
    print(desk.container.db.fetch_all("SELECT message_id, status, due_at FROM appointment_outbox"))
