"""The staff catalog pages, through the pages themselves: who sees what, who may edit,
what an edit publishes, and what is refused (with nothing half-written)."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.test import Client
from openpyxl import load_workbook

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import FeeVariantData, RequirementData, VersionMeta
from satupintu.catalog.tests.factories import content, make_service
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.tenancy.models import Booth

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser would submit from the page's own POST form (the first one
    without an action: the header's language and sign-out forms have one)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self.done = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self.done:
            self.inside = "action" not in a
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "file"}:
            checkbox = a.get("type") == "checkbox"
            if not checkbox or "checked" in a:
                self.data.setdefault(name, []).append(a.get("value") or ("on" if checkbox else ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.data.setdefault(self.select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                # Browsers drop the one newline that follows <textarea>.
                value = self.data[self.textarea][-1]
                self.data[self.textarea][-1] = value.removeprefix("\n")
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_of(response) -> dict[str, str]:
    parser = _Form()
    parser.feed(response.content.decode())
    return {name: values[-1] for name, values in parser.data.items()}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def services(personas):
    """A01 (agency A) and B01 (agency B) at MPP X; A01 also at MPP Y, different text."""
    ensure = {
        code: Booth.objects.get(mpp=mpp, agency__code=agency)
        for code, mpp, agency in [
            ("xa", personas.mpp_x, "AGENCY-A"),
            ("xb", personas.mpp_x, "AGENCY-B"),
            ("ya", personas.mpp_y, "AGENCY-A"),
        ]
    }
    return {
        "xa": make_service(
            booth=ensure["xa"],
            code="A01",
            name="Legalisir KK",
            requirements=(RequirementData("KK", form="copy"), RequirementData("KTP-el")),
        ),
        "xb": make_service(booth=ensure["xb"], code="B01", name="Izin reklame"),
        "ya": make_service(booth=ensure["ya"], code="A01", name="Legalisir KK Y"),
    }


def numbers(service) -> list[int]:
    return list(service.versions.order_by("number").values_list("number", flat=True))


# --- who sees what ------------------------------------------------------------------------
def test_the_staff_room_links_to_the_catalog(personas):
    html = signed_in(personas.officer_xa).get("/staf/").content.decode()
    assert 'href="/staf/katalog/"' in html and "Katalog layanan" in html


def test_a_supervisor_lists_every_service_of_their_mpp_only(
    personas, services, django_assert_max_num_queries
):
    client = signed_in(personas.supervisor_x)
    with django_assert_max_num_queries(8):
        html = client.get("/staf/katalog/").content.decode()
    assert "Legalisir KK" in html and "Izin reklame" in html
    assert "Legalisir KK Y" not in html
    assert 'href="/staf/katalog/A01/ubah/"' in html
    assert 'href="/staf/katalog/ekspor/xlsx/"' in html
    filtered = client.get("/staf/katalog/?instansi=AGENCY-B").content.decode()
    assert "Izin reklame" in filtered and "Legalisir KK" not in filtered


def test_an_officer_lists_their_agencys_services_read_only(personas, services):
    html = signed_in(personas.officer_xa).get("/staf/katalog/").content.decode()
    assert "Legalisir KK" in html
    assert "Izin reklame" not in html and "Legalisir KK Y" not in html
    assert "/ubah/" not in html and "/impor/" not in html and "/ekspor/" not in html


def test_people_who_are_not_staff_cannot_open_the_staff_catalog(client, personas, services):
    assert client.get("/staf/katalog/").status_code == 302  # to the login page
    for user in (personas.citizen, personas.kiosk_x, personas.operator):
        assert signed_in(user).get("/staf/katalog/").status_code == 403


def test_an_officer_reads_their_agencys_service_and_nothing_else(personas, services):
    client = signed_in(personas.officer_xa)
    page = client.get("/staf/katalog/A01/")
    assert page.status_code == 200
    assert "Hanya baca" in page.content.decode()
    assert client.get("/staf/katalog/B01/").status_code == 403  # another agency
    assert client.get("/staf/katalog/A01/ubah/").status_code == 403  # officers never edit
    assert client.get("/staf/katalog/baru/").status_code == 403
    assert client.get("/staf/katalog/impor/").status_code == 403
    assert client.get("/staf/katalog/ekspor/csv/").status_code == 403


def test_nobody_reaches_another_mpps_catalog(personas, services):
    services["xb"]  # B01 exists at MPP X only
    for user in (personas.supervisor_y, personas.officer_ya):
        client = signed_in(user)
        assert client.get("/staf/katalog/B01/").status_code == 404
    response = signed_in(personas.supervisor_y).post("/staf/katalog/B01/ubah/", {})
    assert response.status_code == 404
    assert numbers(services["xb"]) == [1]


def test_the_detail_page_shows_the_standard_and_every_version(personas, services):
    publish_version(
        service=services["xa"],
        content=content(name="Legalisir KK", fee_rupiah=10_000),
        meta=VersionMeta(reason="Perda 2099", effective_from=dt.date(2099, 1, 1)),
        author=personas.supervisor_x,
    )
    html = signed_in(personas.supervisor_x).get("/staf/katalog/A01/").content.decode()
    assert "Ditampilkan: versi 1" in html
    assert "Versi 2 dijadwalkan berlaku sejak 1 Januari 2099" in html
    assert "Perda 2099" in html and personas.supervisor_x.full_name in html


# --- editing ------------------------------------------------------------------------------
def edit_form(client, code="A01") -> dict[str, str]:
    page = client.get(f"/staf/katalog/{code}/ubah/")
    assert page.status_code == 200
    return form_of(page)


def test_an_edit_publishes_a_new_version_and_leaves_the_old_one(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client)
    assert data["name"] == "Legalisir KK"
    assert (data["requirements-0-name"], data["requirements-1-name"]) == ("KK", "KTP-el")
    data |= {
        "fee_rupiah": "15000",
        "requirements-0-DELETE": "on",
        "requirements-1-is_optional": "on",
        "reason": "Tarif baru",
        "effective_from": "2027-01-01",
        "category": "kepolisian",
        "uses_appointment": "on",
    }
    response = client.post("/staf/katalog/A01/ubah/", data, follow=True)
    assert response.redirect_chain[-1][0] == "/staf/katalog/A01/"
    assert "Versi 2 layanan A01 diterbitkan, berlaku sejak 1 Januari 2027." in (
        response.content.decode()
    )
    service = Service.objects.get(pk=services["xa"].pk)
    new = service.versions.get(number=2)
    assert (new.fee_rupiah, new.reason, new.effective_from, new.author) == (
        15_000,
        "Tarif baru",
        dt.date(2027, 1, 1),
        personas.supervisor_x,
    )
    assert [(r.name, r.is_optional) for r in new.requirements.all()] == [("KTP-el", True)]
    assert [r.name for r in service.versions.get(number=1).requirements.all()] == ["KK", "KTP-el"]
    assert (service.category.slug, service.uses_appointment) == ("kepolisian", True)


def test_wrong_input_is_explained_next_to_each_field_and_nothing_is_written(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {
        "name": "",
        "fee_kind": "fixed",
        "fee_rupiah": "",
        "requirements-1-count": "0",
        "reason": "",
        "effective_from": "besok",
    }
    response = client.post("/staf/katalog/A01/ubah/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Periksa isian berikut; belum ada yang disimpan." in html
    assert 'href="#id_fee_rupiah"' in html  # the summary links to the field
    assert "Biaya tetap harus diisi nominalnya (0 bila gratis)." in html
    assert 'aria-describedby="id_fee_rupiah_helptext id_fee_rupiah_error"' in html
    assert 'id="id_fee_rupiah_error"' in html and 'aria-invalid="true"' in html
    assert 'id="id_requirements-1-count_error"' in html
    assert 'id="id_reason_error"' in html and 'id="id_effective_from_error"' in html
    assert 'href="#id_name"' in html
    assert numbers(services["xa"]) == [1]


def test_add_row_keeps_what_was_typed_and_adds_an_empty_focused_row(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {"name": "Nama diketik", "reason": "", "tambah": "requirements"}
    response = client.post("/staf/katalog/A01/ubah/", data)
    html = response.content.decode()
    assert response.status_code == 200
    after = form_of(response)
    assert after["name"] == "Nama diketik"
    assert after["requirements-TOTAL_FORMS"] == "3"
    assert after["requirements-2-name"] == ""
    assert 'name="requirements-2-name"' in html and "autofocus" in html
    assert "Periksa isian berikut" not in html  # no errors for a half-filled form
    assert numbers(services["xa"]) == [1]


def test_saving_without_changes_publishes_nothing(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {"reason": "Tidak ada", "effective_from": "2027-01-01"}
    html = client.post("/staf/katalog/A01/ubah/", data).content.decode()
    assert "Tidak ada perubahan: isian sama dengan versi terakhir." in html
    assert numbers(services["xa"]) == [1]


def test_an_edit_started_before_someone_elses_is_refused_and_keeps_the_input(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {"name": "Versi saya", "reason": "R", "effective_from": "2027-01-01"}
    publish_version(
        service=services["xa"],
        content=content(name="Versi rekan"),
        meta=VersionMeta(reason="Rekan", effective_from=dt.date(2027, 1, 1)),
    )
    response = client.post("/staf/katalog/A01/ubah/", data)
    html = response.content.decode()
    assert "versi 2 sudah diterbitkan orang lain" in html
    assert form_of(response)["name"] == "Versi saya"
    assert numbers(services["xa"]) == [1, 2]


def test_fee_variants_are_edited_as_rows(personas, services):
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {"tambah": "fee_variants"}
    data = form_of(client.post("/staf/katalog/A01/ubah/", data))
    data |= {
        "fee_kind": "variable",
        "fee_rupiah": "",
        "fee_variants-0-name": "Legalisir 1 lembar",
        "fee_variants-0-amount_rupiah": "2000",
        "reason": "Varian",
        "effective_from": "2027-01-01",
    }
    assert client.post("/staf/katalog/A01/ubah/", data).status_code == 302
    version = services["xa"].versions.get(number=2)
    assert [(f.name, f.amount_rupiah) for f in version.fee_variants.all()] == [
        ("Legalisir 1 lembar", 2000)
    ]


def test_a_supervisor_edits_the_same_code_only_in_their_own_mpp(personas, services):
    client = signed_in(personas.supervisor_y)
    data = edit_form(client) | {"name": "Hanya di Y", "reason": "R", "effective_from": "2027-01-01"}
    assert client.post("/staf/katalog/A01/ubah/", data).status_code == 302
    assert numbers(services["ya"]) == [1, 2]
    assert numbers(services["xa"]) == [1]


def test_a_post_without_the_csrf_token_is_refused(personas, services):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.supervisor_x)
    assert client.post("/staf/katalog/A01/ubah/", {"name": "x"}).status_code == 403


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_saving_the_same_service_at_once_lose_nothing(personas, services):
    """Both start from version 1; one publishes version 2, the other is told so and
    keeps their input; saved again from version 2, theirs becomes version 3."""
    other = make_user_supervisor(personas)
    clients = [signed_in(personas.supervisor_x), signed_in(other)]
    forms = [edit_form(c) | {"reason": "R", "effective_from": "2027-01-01"} for c in clients]
    for i, form in enumerate(forms):
        form["name"] = f"Nama {i}"

    def save(i):
        return clients[i].post("/staf/katalog/A01/ubah/", forms[i])

    results = run_concurrently(save, 2)
    assert sorted(r.status_code for r in results) == [200, 302], results
    refused = next(i for i, r in enumerate(results) if r.status_code == 200)
    assert "sudah diterbitkan orang lain" in results[refused].content.decode()
    again = form_of(results[refused])
    again["based_on"] = "2"
    assert clients[refused].post("/staf/katalog/A01/ubah/", again).status_code == 302
    names = list(services["xa"].versions.order_by("number").values_list("name", flat=True))
    assert names[0] == "Legalisir KK" and sorted(names[1:]) == ["Nama 0", "Nama 1"]


def make_user_supervisor(personas):
    from satupintu.accounts.tests.factories import make_user

    return make_user("supervisor", mpp=personas.mpp_x)


# --- a new service -----------------------------------------------------------------------
def test_a_supervisor_adds_a_service_with_its_first_version(personas, services):
    client = signed_in(personas.supervisor_x)
    data = form_of(client.get("/staf/katalog/baru/"))
    data |= {
        "code": "b02",
        "agency": "AGENCY-B",
        "name": "Izin usaha mikro",
        "category": "perizinan-usaha",
        "fee_kind": "fixed",
        "fee_rupiah": "0",
        "requirements-0-name": "NIB",
        "requirements-0-form": "digital",
        "steps-0-description": "Ambil antrian",
        "reason": "Layanan baru",
        "effective_from": "2027-01-01",
    }
    response = client.post("/staf/katalog/baru/", data)
    assert response.status_code == 302, form_of(response)
    service = Service.objects.get(mpp=personas.mpp_x, code="B02")
    assert (service.standard_key, service.agency.code) == ("izin-usaha-mikro", "AGENCY-B")
    version = service.versions.get()
    assert (version.number, version.author, version.effective_from) == (
        1,
        personas.supervisor_x,
        dt.date(2027, 1, 1),
    )
    assert [r.name for r in version.requirements.all()] == ["NIB"]
    assert [s.description for s in version.steps.all()] == ["Ambil antrian"]


def test_a_new_service_needs_a_free_code_and_an_agency_of_this_mpp(personas, services):
    client = signed_in(personas.supervisor_y)  # agency B has no booth at MPP Y
    data = form_of(client.get("/staf/katalog/baru/")) | {
        "code": "A01",
        "agency": "AGENCY-B",
        "name": "Coba",
        "reason": "R",
        "effective_from": "2027-01-01",
    }
    html = client.post("/staf/katalog/baru/", data).content.decode()
    assert "Kode ini sudah dipakai layanan lain di MPP ini." in html
    assert "Pilih instansi yang memiliki gerai di MPP ini." in html
    assert Service.objects.filter(mpp=personas.mpp_y).count() == 1


# --- import and export pages -------------------------------------------------------------------
def export_of(client, fmt="csv") -> bytes:
    response = client.get(f"/staf/katalog/ekspor/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_export_is_a_download_of_the_own_mpps_catalog(personas, services):
    client = signed_in(personas.supervisor_x)
    workbook = load_workbook(io.BytesIO(export_of(client, "xlsx")))
    codes = [row[0] for row in workbook["Katalog"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["A01", "B01"]
    assert b"Legalisir KK Y" not in export_of(client, "json")


def upload(client, data: bytes, name: str, action: str):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        "/staf/katalog/impor/",
        {"file": file, "reason": "Perda 2027", "effective_from": "2027-01-01", "action": action},
    )


def test_the_import_preview_lists_every_error_by_row_and_column(personas, services):
    client = signed_in(personas.supervisor_x)
    csv_text = export_of(client).decode("utf-8-sig")
    broken = csv_text.replace("AGENCY-B", "TIDAK-ADA").replace(",kependudukan,", ",hiburan,")
    response = upload(client, broken.encode(), "katalog.csv", "impor")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ditemukan 3 kesalahan. Tidak ada yang disimpan." in html
    assert "<td>3</td>" in html and "<code>kode_instansi</code>" in html
    assert "Instansi dengan kode TIDAK-ADA tidak dikenal." in html
    assert "Kategori “hiburan” tidak dikenal" in html
    assert ServiceVersion.objects.filter(mpp=personas.mpp_x).count() == 2


def test_a_dry_run_then_an_import_publishes_the_changes(personas, services):
    client = signed_in(personas.supervisor_x)
    changed = export_of(client).decode("utf-8-sig").replace("Izin reklame", "Izin reklame luar")
    html = upload(client, changed.encode(), "katalog.csv", "periksa").content.decode()
    assert "Berkas benar: 2 baris dapat diimpor." in html
    assert numbers(services["xb"]) == [1]
    response = upload(client, changed.encode(), "katalog.csv", "impor")
    assert response.status_code == 302
    assert numbers(services["xb"]) == [1, 2]
    assert services["xb"].versions.get(number=2).author == personas.supervisor_x
    assert numbers(services["xa"]) == [1]


def test_an_upload_of_the_wrong_kind_is_explained(personas, services):
    html = upload(
        signed_in(personas.supervisor_x), b"%PDF-1.4", "katalog.pdf", "periksa"
    ).content.decode()
    assert "Jenis berkas tidak didukung: gunakan .xlsx, .csv atau .json" in html


def test_a_supervisor_imports_into_their_own_mpp_only(personas, services):
    exported = export_of(signed_in(personas.supervisor_x)).decode("utf-8-sig")
    html = upload(
        signed_in(personas.supervisor_y), exported.encode(), "katalog.csv", "impor"
    ).content.decode()
    assert "Instansi AGENCY-B tidak memiliki gerai di MPP ini." in html
    assert Service.objects.filter(mpp=personas.mpp_y).count() == 1


def test_a_variant_fee_shows_in_rupiah_on_the_detail_page(personas, services):
    publish_version(
        service=services["xa"],
        content=content(
            fee_kind="variable", fee_rupiah=None, fee_variants=(FeeVariantData("A", 1_250_000),)
        ),
        meta=VersionMeta(reason="R", effective_from=dt.date(2024, 2, 1)),
    )
    html = signed_in(personas.officer_xa).get("/staf/katalog/A01/").content.decode()
    assert "A: Rp1.250.000" in html
