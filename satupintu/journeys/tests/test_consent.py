"""Verified once, with consent (issue 23 item 4): what the next agency's officer sees and may
use depends on the citizen's consent (given, withdrawn, expired, for which agency and
document); every use is logged; a use without consent is refused."""

import datetime as dt
import json

import pytest
import time_machine

from satupintu.journeys.consent import selectors, services
from satupintu.journeys.consent.models import Consent, DataUse
from satupintu.journeys.tests.consent_setup import MIN, NOON, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def travel():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_the_journey_consent_says_what_is_shared_with_whom_until_when(travel):
    visit = make_visit(consent_given=True)
    consent = Consent.objects.get()
    assert consent.user == visit.citizen and consent.ticket == visit.first
    assert {"kk", "ktp-el"} <= set(consent.documents)
    assert {a.pk for a in consent.agencies.all()} == {
        visit.birth.dukcapil[0].booth.agency_id,
        visit.birth.bpjs.booth.agency_id,
    }
    assert "Kartu Keluarga (KK)" in consent.wording
    assert "sampai 10 Agustus 2026 pukul 23.59 WIB" in consent.wording
    assert consent.valid_until == dt.datetime(2026, 8, 10, 16, 59, 59, tzinfo=dt.UTC)


def test_with_consent_the_next_officer_sees_the_check_and_each_use_is_logged(travel):
    visit = make_visit(consent_given=True)
    shown = selectors.verified_for(visit.at_bpjs)
    assert [v.check.document_key for v in shown] == ["kk"]
    assert shown[0].check.agency == visit.birth.dukcapil[0].booth.agency
    used_at = NOON + 16 * MIN
    use = services.use_verified_document(
        officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check, now=used_at
    )
    again = services.use_verified_document(
        officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check, now=used_at
    )
    assert again.pk == use.pk and DataUse.objects.count() == 1
    assert (use.officer, use.used_at, use.agency) == (
        visit.bpjs_officer,
        used_at,
        visit.birth.bpjs.booth.agency,
    )
    assert selectors.verified_for(visit.at_bpjs)[0].used == use


def test_without_consent_nothing_is_shown_and_a_use_is_refused(travel):
    visit = make_visit(consent_given=False)
    assert selectors.verified_for(visit.at_bpjs) == []
    with pytest.raises(services.NoConsent) as refused:
        services.use_verified_document(
            officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
        )
    assert refused.value.status == 403
    assert not DataUse.objects.exists()


def test_withdrawal_stops_the_use_at_once_and_the_log_stays(travel):
    visit = make_visit(consent_given=True)
    services.use_verified_document(
        officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
    )
    services.withdraw_consent(consent=Consent.objects.get())
    assert selectors.verified_for(visit.at_bpjs) == []
    assert DataUse.objects.count() == 1  # the log stays
    with pytest.raises(services.NoConsent):  # a document checked after it: not usable
        services.use_verified_document(
            officer=visit.bpjs_officer,
            ticket=visit.at_bpjs,
            check=services.record_check(
                officer=visit.dukcapil_officer, ticket=visit.first, document_key="ktp-el"
            ),
        )


def test_an_expired_consent_shows_nothing_the_next_day(travel):
    visit = make_visit(consent_given=True)
    travel.move_to(dt.datetime(2026, 8, 10, 17, 0, tzinfo=dt.UTC))  # 00.00 WIB the next day
    assert selectors.verified_for(visit.at_bpjs) == []
    with pytest.raises(services.NoConsent):
        services.use_verified_document(
            officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
        )


def test_a_consent_covers_only_its_agencies_and_documents(travel):
    visit = make_visit(consent_given=False)
    dukcapil = visit.birth.dukcapil[0].booth.agency
    services.give_consent(
        mpp=visit.birth.mpp,
        user=visit.citizen,
        documents=["ktp-el"],  # not the KK
        agencies=[visit.birth.bpjs.booth.agency.code],
        valid_until=NOON + 60 * MIN,
        purpose="Pendaftaran BPJS",
        channel="api",
    )
    services.give_consent(
        mpp=visit.birth.mpp,
        user=visit.citizen,
        documents=["kk"],
        agencies=[dukcapil.code],  # not BPJS
        valid_until=NOON + 60 * MIN,
        purpose="Akta",
        channel="api",
    )
    assert selectors.verified_for(visit.at_bpjs) == []


def test_the_officers_page_shows_already_verified_and_logs_the_use(client, travel):
    visit = make_visit(consent_given=True)
    url = f"/staf/nomor/{visit.at_bpjs.public_id}/dokumen/"
    client.force_login(visit.bpjs_officer)
    page = client.get(url).content.decode()
    assert "sudah diverifikasi oleh" in page and "pukul 12.05" in page
    response = client.post(url, {"action": "use", "check": visit.kk_check.pk})
    assert response.status_code == 302
    assert DataUse.objects.get().officer == visit.bpjs_officer
    console = client.get(f"/staf/loket/{visit.birth.bpjs.pk}/konsol/").content.decode()
    assert "Tidak perlu fotokopi:" in console and "Dokumen kunjungan" in console


def test_another_agencys_officer_cannot_open_the_step_and_bad_input_is_422(client, travel):
    visit = make_visit(consent_given=True)
    url = f"/staf/nomor/{visit.at_bpjs.public_id}/dokumen/"
    client.force_login(visit.dukcapil_officer)
    assert client.get(url).status_code == 403
    client.force_login(visit.bpjs_officer)
    response = client.post(url, {"action": "nik", "nik": "12"})
    assert response.status_code == 422 and "NIK terdiri atas 16 angka." in response.text
    response = client.post(url, {"action": "nib", "nib": "x" * 13})
    assert response.status_code == 422
    response = client.post(url, {"action": "use", "check": "99999"})
    assert response.status_code == 404


def test_the_citizen_sees_who_used_what_when_and_withdraws(client, travel):
    visit = make_visit(consent_given=True)
    services.use_verified_document(
        officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
    )
    client.force_login(visit.citizen)
    page = client.get("/akun/data/").content.decode()
    assert "Agus BPJS" in page and "Kartu Keluarga (KK)" in page and "Tarik persetujuan" in page
    uses = client.get("/api/v1/me/data-uses").json()
    assert uses[0]["officer"] == "Agus BPJS" and uses[0]["document"] == "Kartu Keluarga (KK)"
    consent = Consent.objects.get()
    response = client.post(f"/akun/data/{consent.public_id}/tarik/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Ditarik" in client.get("/akun/data/").content.decode()


def test_consent_api_gives_withdraws_and_explains_refusals(client, travel):
    visit = make_visit(consent_given=False)
    body = {
        "mpp": visit.birth.mpp.slug,
        "documents": ["kk"],
        "agencies": [visit.birth.bpjs.booth.agency.code],
        "valid_until": (NOON + 60 * MIN).isoformat(),
        "purpose": "Pendaftaran BPJS Kesehatan bayi",
        "ticket": str(visit.first.public_id),
    }
    post = lambda data, **kw: client.post(  # noqa: E731
        "/api/v1/me/consents", json.dumps(data), content_type="application/json", **kw
    )
    assert post(body).status_code == 401
    client.force_login(visit.citizen)
    bad = post({**body, "documents": ["paspor"], "valid_until": (NOON - MIN).isoformat()})
    assert bad.status_code == 422
    assert "Dokumen tidak dikenal" in bad.text and "harus setelah saat ini" in bad.text
    english = post({**body, "documents": ["paspor"]}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422 and "paspor" in english.text
    assert post({**body, "mpp": "tidak-ada"}).status_code == 404
    for odd in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        assert post({**body, "valid_until": odd}).status_code == 422
    local = post({**body, "valid_until": "2026-08-10T13:00:00"})  # no zone: the MPP's (WIB)
    until = dt.datetime.fromisoformat(local.json()["valid_until"])
    assert until == dt.datetime(2026, 8, 10, 6, 0, tzinfo=dt.UTC)
    client.delete(f"/api/v1/me/consents/{local.json()['id']}")
    given = post(body)
    assert given.status_code == 201, given.text
    out = given.json()
    assert out["state"] == "active" and "Kartu Keluarga (KK)" in out["wording"]
    assert [v.check.pk for v in selectors.verified_for(visit.at_bpjs)] == [visit.kk_check.pk]
    gone = client.delete(f"/api/v1/me/consents/{out['id']}")
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"
    assert (
        client.delete("/api/v1/me/consents/00000000-0000-0000-0000-000000000000").status_code == 404
    )
    assert selectors.verified_for(visit.at_bpjs) == []


def test_the_plan_and_its_page_carry_the_consent_sentence(client, travel):
    visit = make_visit(consent_given=False)
    slug = visit.birth.mpp.slug
    plan = client.post(
        f"/api/v1/mpps/{slug}/journeys/kelahiran/plan",
        json.dumps({"answers": {"jkn": "Ya"}}),
        content_type="application/json",
    ).json()
    assert plan["consent"]["sentence"].startswith("Saya setuju")
    page = client.get(f"/mpp/{slug}/peristiwa-hidup/kelahiran/?jkn=Ya").content.decode()
    assert plan["consent"]["sentence"] in page.replace("&#x27;", "'")
    client.post(
        f"/mpp/{slug}/peristiwa-hidup/kelahiran/",
        {"jkn": "Ya", "phone": "081234567809", "consent": "1"},
    )
    assert Consent.objects.filter(channel="web", user=None).count() == 1


def test_the_citizens_lists_take_a_fixed_number_of_queries(
    client, travel, django_assert_max_num_queries
):
    visit = make_visit(consent_given=True)
    services.use_verified_document(
        officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
    )
    for _ in range(3):
        services.give_consent(
            mpp=visit.birth.mpp,
            user=visit.citizen,
            documents=["kk"],
            agencies=[visit.birth.bpjs.booth.agency.code],
            valid_until=NOON + 60 * MIN,
            purpose="Pendaftaran BPJS",
            channel="api",
        )
    client.force_login(visit.citizen)
    with django_assert_max_num_queries(6):  # session, user, consents, their agencies
        assert len(client.get("/api/v1/me/consents").json()) == 4
    with django_assert_max_num_queries(5):  # session, user, uses with their joins
        assert len(client.get("/api/v1/me/data-uses").json()) == 1


def test_a_consent_ticked_at_the_kiosk_covers_that_visit_without_an_account(client, travel):
    from satupintu.accounts.tests.factories import UserFactory
    from satupintu.journeys.tests.factories import make_birth
    from satupintu.queueing.models import Ticket

    birth = make_birth()
    client.force_login(UserFactory(role="kiosk", mpp=birth.mpp))
    url = f"/kios/{birth.mpp.slug}/peristiwa-hidup/kelahiran/"
    screen = client.get(url, {"rencana": "1", "jkn": "Ya"}).content.decode()
    assert "Tidak perlu fotokopi lagi" in screen and "pukul 23.59 WIB" in screen
    client.post(url, {"jkn": "Ya", "consent": "1"})
    consent = Consent.objects.get()
    assert (consent.channel, consent.user, consent.ticket) == ("kiosk", None, Ticket.objects.get())


def test_a_consent_for_one_visit_does_not_cover_the_citizens_next_visit(travel):
    from satupintu.queueing.tickets.services import create_ticket

    visit = make_visit(consent_given=True)
    other = create_ticket(
        mpp=visit.birth.mpp,
        service=visit.birth.jkn,
        channel="online",
        phone="081234567899",
        user=visit.citizen,
    )
    check = services.record_check(
        officer=visit.dukcapil_officer, ticket=visit.first, document_key="ktp-el"
    )
    check.visit = other  # as if checked during that other visit
    check.save(update_fields=["visit"])
    assert selectors.verified_for(other) == []
