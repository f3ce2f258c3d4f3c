"""The work list names its first column for what it holds: application numbers, not
queue tickets ("Nomor permohonan" / "Application number")."""

import re

from satupintu.applications.tests.factories import online_service, submitted


def headers(html: str) -> list[str]:
    return re.findall(r'<th scope="col">([^<]*)</th>', html)


def test_the_worklist_column_of_application_numbers_says_so(client, personas):
    app = submitted(personas.citizen, online_service(personas.counter_xa.booth))
    client.force_login(personas.officer_xa)
    page = client.get("/staf/permohonan/").text
    assert app.tracking_number in page and headers(page)[0] == "Nomor permohonan"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/staf/permohonan/").text
    assert headers(page)[0] == "Application number" and "Ticket" not in headers(page)
