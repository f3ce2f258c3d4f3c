"""Changes reach officers: an amended or revoked regulation of a service, or a new version
of a standard, shows in the console of the agency's officers until they acknowledge it;
the supervisor sees who has not."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import VersionMeta
from satupintu.catalog.tests.factories import content, make_service
from satupintu.knowledge import services
from satupintu.knowledge.tests.factories import regulation

pytestmark = pytest.mark.django_db


def console(client, personas) -> str:
    return client.get(f"/staf/loket/{personas.counter_xa.pk}/konsol/").content.decode()


def test_an_officer_acknowledges_a_revocation_in_the_console(personas, client):
    service = make_service(personas.counter_xa.booth)
    other = make_service(personas.counter_xa.booth)
    old = regulation(
        "pp", "5", 2021, "Perizinan Berusaha Berbasis Risiko", services=[service, other]
    )
    new = regulation("pp", "28", 2025, "Perizinan Berusaha Berbasis Risiko")
    services.record_change(new, revokes=[old])
    services.record_change(new, revokes=[old])  # the same link again: no second notice
    client.force_login(personas.supervisor_x)
    home = client.get("/staf/pengetahuan/").content.decode()
    said = f"PP 5/2021 dicabut oleh PP 28/2025 (layanan {service.code}, {other.code})."
    assert said in home
    assert personas.officer_xa.full_name in home.split("Belum membaca:")[1]
    client.force_login(personas.officer_xa)
    page = console(client, personas)
    assert page.count(said) == 1  # one notice for both services of the agency
    form = page.split(said)[1]
    action = form.split('action="')[1].split('"')[0]
    response = client.post(action, {"next": f"/staf/loket/{personas.counter_xa.pk}/konsol/"})
    assert response.status_code == 302
    assert response["Location"] == f"/staf/loket/{personas.counter_xa.pk}/konsol/"
    assert "dicabut oleh" not in console(client, personas)
    client.force_login(personas.officer_xb)  # another agency: never concerned
    assert "dicabut oleh" not in client.get("/staf/").content.decode()
    client.force_login(personas.supervisor_x)
    assert "Semua petugas sudah membaca" in client.get("/staf/pengetahuan/").content.decode()


def test_a_new_standard_version_reaches_the_agencys_officers(personas, client):
    service = make_service(personas.counter_xa.booth, name="Surat keterangan")
    client.force_login(personas.officer_xa)
    assert "Standar pelayanan" not in console(client, personas).split("console-live")[0]
    publish_version(
        service=service,
        content=content(name="Surat keterangan"),
        meta=VersionMeta(effective_from=dt.date(2027, 1, 4), reason="Biaya dihapus"),
    )
    top = console(client, personas).split("console-live")[0]
    assert "Standar pelayanan Surat keterangan versi 2" in top and "Biaya dihapus" in top


def test_acknowledging_someone_elses_notice_changes_nothing(personas, client):
    service = make_service(personas.counter_xa.booth)
    old = regulation("uu", "23", 2006, "Administrasi Kependudukan", services=[service])
    services.record_change(regulation("uu", "24", 2013, "Perubahan"), amends=[old])
    from satupintu.knowledge.models import Notice

    notice = Notice.objects.get()
    client.force_login(personas.officer_xb)
    response = client.post(f"/staf/pengetahuan/perubahan/{notice.pk}/baca/", {"next": "//evil"})
    assert response["Location"] == "/staf/"
    assert not notice.reads.exists()
