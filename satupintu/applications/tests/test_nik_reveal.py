"""The full NIK on the verification screen: only the agency's own officers have it shown,
by a POST, and every reveal is logged (who, when, which application, from where); the
MPP's supervisor reads the log; everyone else sees the NIK masked, on pages and in the API."""

from __future__ import annotations

import pytest

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.applications.models import ApplicationEvent, FormDefinition, NikReveal
from satupintu.applications.tests.factories import NIK, online_service, submitted

MASKED = "3302********0001"
SPOUSE_NIK = "3302011002920007"
SPOUSE_MASKED = "3302********0007"


@pytest.fixture
def app(personas):
    service = online_service(personas.counter_xa.booth)
    FormDefinition.objects.create(
        mpp=service.mpp,
        service=service,
        fields=[{"key": "nik_pasangan", "label": "NIK suami/istri", "type": "nik"}],
    )
    application = submitted(personas.citizen, service)
    application.fields = {"nik_pasangan": SPOUSE_NIK}
    application.save(update_fields=["fields"])
    return application


def verify_url(app) -> str:
    return f"/staf/permohonan/{app.public_id}/"


def test_the_agency_officer_reveals_the_full_nik_and_each_reveal_is_logged(client, personas, app):
    officer = personas.officer_xa
    client.force_login(officer)
    page = client.get(verify_url(app))
    assert MASKED in page.text and SPOUSE_MASKED in page.text
    assert NIK not in page.text and SPOUSE_NIK not in page.text
    assert "Tampilkan NIK lengkap" in page.text
    assert not NikReveal.objects.exists()

    shown = client.post(verify_url(app), {"action": "reveal_nik"}, HTTP_USER_AGENT="Uji/1.0")
    assert shown.status_code == 200
    assert NIK in shown.text and SPOUSE_NIK in shown.text
    assert "tercatat atas nama Anda" in shown.text
    assert "no-store" in shown["Cache-Control"]
    row = NikReveal.objects.get()
    assert (row.application, row.officer, row.mpp) == (app, officer, app.mpp)
    assert (row.ip_address, row.user_agent, row.channel) == ("127.0.0.1", "Uji/1.0", "web")
    event = ApplicationEvent.objects.get(application=app, action="nik_revealed")
    assert event.actor == officer and event.from_status == event.to_status == app.status
    assert "membuka NIK lengkap" in shown.text  # the application's own history

    again = client.get(verify_url(app))
    assert NIK not in again.text and MASKED in again.text  # masked again by default
    client.post(verify_url(app), {"action": "reveal_nik"})
    assert NikReveal.objects.count() == 2


def test_a_get_never_reveals_nor_logs(client, personas, app):
    client.force_login(personas.officer_xa)
    page = client.get(verify_url(app), {"action": "reveal_nik"})
    assert NIK not in page.text and not NikReveal.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_xb", 404), ("officer_ya", 404), ("supervisor_x", 403), ("outsider", 404)],
)
def test_nobody_else_gets_the_full_nik_on_the_page(client, personas, app, persona, status):
    user = make_user(Role.CITIZEN) if persona == "outsider" else getattr(personas, persona)
    client.force_login(user)
    page = client.get(verify_url(app))
    assert NIK not in page.text and "Tampilkan NIK lengkap" not in page.text
    answer = client.post(verify_url(app), {"action": "reveal_nik"})
    assert answer.status_code == status
    assert NIK not in answer.text and SPOUSE_NIK not in answer.text
    assert not NikReveal.objects.exists()


def test_the_applicant_and_an_anonymous_visitor_get_no_full_nik(client, personas, app):
    answer = client.post(verify_url(app), {"action": "reveal_nik"})
    assert answer.status_code == 302 and "next=" in answer["Location"]  # to the sign-in page
    client.force_login(personas.citizen)
    answer = client.post(verify_url(app), {"action": "reveal_nik"}, follow=True)
    assert NIK not in answer.text and SPOUSE_NIK not in answer.text
    own = client.get(f"/permohonan/{app.public_id}/")
    assert NIK not in own.text
    assert not NikReveal.objects.exists()


def test_the_supervisor_reads_the_log_and_officers_do_not(client, personas, app):
    client.force_login(personas.officer_xa)
    client.post(verify_url(app), {"action": "reveal_nik"})
    listing = client.get("/staf/permohonan/")
    assert "NIK lengkap yang dibuka petugas" not in listing.text
    assert "Nomor permohonan" in listing.text  # the column of application numbers
    client.force_login(personas.supervisor_x)
    listing = client.get("/staf/permohonan/")
    assert "NIK lengkap yang dibuka petugas" in listing.text
    log = listing.text.split("NIK lengkap yang dibuka petugas", 1)[1]
    assert personas.officer_xa.full_name in log and app.tracking_number in log
    assert "127.0.0.1" in log and NIK not in listing.text
    client.force_login(personas.supervisor_y)
    assert app.tracking_number not in client.get("/staf/permohonan/").text


def test_public_tracking_leaves_the_reveal_out(client, personas, app):
    client.force_login(personas.officer_xa)
    client.post(verify_url(app), {"action": "reveal_nik"})
    client.logout()
    found = client.post("/lacak/", {"nomor": app.tracking_number, "telepon": "7890"})
    assert found.status_code == 200 and "membuka NIK" not in found.text


# --- the API ------------------------------------------------------------------------------


def api(client, token, method, path):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(path, {}, content_type="application/json", headers=headers)


def test_the_api_reveals_only_to_the_agency_officer_and_logs_it(client, personas, app):
    path = f"/api/v1/applications/{app.public_id}"
    officer = personas.token(personas.officer_xa)
    shown = api(client, officer, "get", path).json()
    assert shown["applicant"]["nik"] == MASKED and shown["fields"]["nik_pasangan"] == SPOUSE_MASKED
    answer = api(client, officer, "post", f"{path}/nik-reveal")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert answer.json()["nik"] == NIK and answer.json()["fields"] == {"nik_pasangan": SPOUSE_NIK}
    row = NikReveal.objects.get()
    assert row.officer == personas.officer_xa and row.channel == "api"
    for name, status in [
        ("officer_xb", 404),
        ("officer_ya", 404),
        ("supervisor_x", 403),
        ("citizen", 403),
    ]:
        token = personas.token(getattr(personas, name))
        refused = api(client, token, "post", f"{path}/nik-reveal")
        assert refused.status_code == status, name
        assert NIK not in refused.text and SPOUSE_NIK not in refused.text
        seen = api(client, token, "get", path)
        assert NIK not in seen.text and SPOUSE_NIK not in seen.text
    assert api(client, None, "post", f"{path}/nik-reveal").status_code == 401
    assert NikReveal.objects.count() == 1


def test_the_reveal_log_is_read_in_one_query(personas, app, django_assert_num_queries):
    from satupintu.applications import selectors, services

    for officer in (personas.officer_xa, personas.officer_xa):
        services.reveal_nik(user=officer, application=app, ip_address="10.0.0.7")
    with django_assert_num_queries(1):
        rows = selectors.nik_reveals(app.mpp)
    assert [r.ip_address for r in rows] == ["10.0.0.7", "10.0.0.7"]
    assert rows[0].agency == str(personas.officer_xa.agency)
