"""Conditional requirements on an online application (issue 19, point 3): the citizen
answers the standard's question first, only the documents that apply are asked, every
error comes at once, and files already chosen survive an error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from satupintu.applications import files as file_store
from satupintu.applications import services
from satupintu.applications.models import Application, ApplicationFile, Status
from satupintu.applications.selectors import next_step
from satupintu.applications.tests.factories import applicant, image_bytes, pdf_bytes, upload
from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import QuestionData, RequirementData
from satupintu.catalog.tests.factories import FIRST, content

QUESTION = "Apa alasan penggantian KTP-el?"
DOC = {"uploadable": True, "file_types": "pdf,jpg,png", "form": "original_and_copy"}


def replacement_service(booth, *, code: str = "A02", category: str = "kependudukan"):
    """Like the demo's A02: KK always, the other three only for some reasons."""
    ensure_default_categories()
    return create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code=code,
        standard_key=f"ganti-ktp-{code.lower()}",
        category=Category.objects.get(slug=category),
        content=content(
            name="Penggantian KTP-el",
            requirements=(
                RequirementData("KK", **DOC),
                RequirementData("KTP-el lama", applies_when="Rusak; Perubahan data", **DOC),
                RequirementData("Surat keterangan kehilangan", applies_when="Hilang", **DOC),
                RequirementData(
                    "Dokumen dasar perubahan data", applies_when="Perubahan data", **DOC
                ),
            ),
            questions=(QuestionData(QUESTION, "Rusak; Hilang; Perubahan data"),),
        ),
        meta=FIRST,
        online_application=True,
    )


@pytest.fixture
def service(personas):
    return replacement_service(personas.counter_xa.booth)


def url(service) -> str:
    return f"/mpp/{service.mpp.slug}/permohonan/{service.code}/"


def form(**extra):
    return {
        "name": "Siti Aminah",
        "nik": "3302014501900001",
        "phone": "0812-3456-7890",
        "email": "",
        **extra,
    }


def apply_for(personas, service, **given):
    """The citizen's application for the replacement service, as `given`."""
    return services.create_application(
        user=personas.citizen, mpp=service.mpp, service_code=service.code, **given
    )


def test_a_lost_card_needs_no_old_card(personas, service):
    app = apply_for(
        personas,
        service,
        applicant=applicant(),
        conditions={QUESTION: "Hilang"},
        uploads={"p1": upload("kk.pdf"), "p3": upload("hilang.pdf")},
        submit=True,
    )
    assert app.status == Status.SUBMITTED
    assert app.conditions == {QUESTION: "Hilang"}
    assert sorted(f.requirement_key for f in app.files.all()) == ["p1", "p3"]


def test_a_damaged_card_needs_the_old_card_not_a_loss_report(personas, service):
    with pytest.raises(ValidationError) as caught:
        apply_for(
            personas,
            service,
            applicant=applicant(),
            conditions={QUESTION: "Rusak"},
            uploads={"p1": upload("kk.pdf"), "p3": upload("hilang.pdf")},
            submit=True,
        )
    assert set(caught.value.message_dict) == {"files.p2"}
    assert Application.objects.count() == 0


def test_the_question_must_be_answered_with_an_offered_option(personas, service):
    for given in ({}, {QUESTION: "Dicuri"}):
        with pytest.raises(ValidationError) as caught:
            apply_for(
                personas,
                service,
                applicant=applicant(),
                conditions=given,
                submit=True,
            )
        assert "conditions.q1" in caught.value.message_dict
        assert "files.p1" in caught.value.message_dict  # the KK is due whatever the answer
        assert "files.p3" not in caught.value.message_dict


def test_the_first_submit_reports_the_nik_and_every_missing_file_together(personas, service):
    with pytest.raises(ValidationError) as caught:
        apply_for(
            personas,
            service,
            applicant=applicant(nik="123"),
            conditions={QUESTION: "Hilang"},
            submit=True,
        )
    assert {"applicant.nik", "files.p1", "files.p3"} <= set(caught.value.message_dict)
    assert "files.p2" not in caught.value.message_dict


def test_the_apply_page_asks_the_question_first_and_labels_the_conditional_documents(
    client, personas, service
):
    client.force_login(personas.citizen)
    page = client.get(url(service)).text
    assert page.index(QUESTION) < page.index("Data pemohon") < page.index("Surat keterangan")
    assert "(jika hilang)" in page and "(jika rusak atau perubahan data)" in page
    assert shown_files(page) == {"p1", "p2", "p3", "p4"}  # nothing answered: all may apply


def shown_files(page: str) -> set[str]:
    """The requirement keys whose file row the page shows (not `hidden`)."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hidden: list[bool] = []
            self.shown: set[str] = set()

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "div":
                self.hidden.append("hidden" in attrs)
            if tag == "input" and attrs.get("type") == "file" and not any(self.hidden):
                self.shown.add(attrs["name"].removeprefix("file_"))

        def handle_endtag(self, tag):
            if tag == "div" and self.hidden:
                self.hidden.pop()

    rows = Rows()
    rows.feed(page)
    return rows.shown


@pytest.mark.parametrize(
    "answer, shown",
    [("Hilang", {"p1", "p3"}), ("Rusak", {"p1", "p2"}), ("Perubahan data", {"p1", "p2", "p4"})],
)
def test_an_answer_redraws_the_requirements_with_only_what_applies(
    client, personas, service, answer, shown
):
    """What the form's question asks the server (htmx, on each answer): the rule is the
    catalog's (conditions.ruled_out), drawn by the server."""
    client.force_login(personas.citizen)
    page = client.get(url(service), {"cond_q1": answer}, headers={"HX-Request": "true"}).text
    assert shown_files(page) == shown
    assert 'id="requirements"' in page and 'name="file_p1" hx-preserve' in page


def test_a_mistake_keeps_the_chosen_files_and_the_next_try_needs_no_new_choice(
    client, personas, service, django_capture_on_commit_callbacks
):
    client.force_login(personas.citizen)
    first = client.post(
        url(service),
        form(
            nik="3302",
            cond_q1="Hilang",
            file_p1=SimpleUploadedFile("kk.pdf", pdf_bytes()),
            file_p3=SimpleUploadedFile("surat-hilang.png", image_bytes()),
        ),
    )
    assert first.status_code == 422
    assert Application.objects.count() == 0
    assert "Sudah diunggah: kk.pdf" in first.text
    assert "Sudah diunggah: surat-hilang.png" in first.text
    assert 'value="Hilang" checked' in first.text
    held = [
        v["storage_name"]
        for v in client.session[f"applications.held.{service.mpp_id}.A02"].values()
    ]
    assert len(held) == 2
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url(service), form(cond_q1="Hilang"))
    app = Application.objects.get()
    assert second.status_code == 302 and app.status == Status.SUBMITTED
    names = dict(ApplicationFile.objects.values_list("requirement_key", "original_name"))
    assert names == {"p1": "kk.pdf", "p3": "surat-hilang.png"}
    storage = file_store.storage()
    assert all(storage.exists(f.storage_name) for f in app.files.all())
    assert not any(f.storage_name.startswith(file_store.HELD_PREFIX) for f in app.files.all())
    assert not any(storage.exists(name) for name in held)  # let go once taken over
    assert f"applications.held.{service.mpp_id}.A02" not in client.session


def test_a_refused_file_is_not_kept_and_its_error_shows_with_the_others(client, personas, service):
    client.force_login(personas.citizen)
    answer = client.post(
        url(service),
        form(
            nik="3302",
            cond_q1="Hilang",
            file_p1=SimpleUploadedFile("kk.pdf", b"MZ\x90 program"),
        ),
    )
    assert answer.status_code == 422
    text = answer.text
    assert "NIK" in text and "bukan PDF, JPG atau PNG" in text
    assert "Berkas “Surat keterangan kehilangan” belum diunggah" in text
    assert "Sudah diunggah" not in text


def test_a_held_file_is_replaced_by_a_new_choice(client, personas, service):
    client.force_login(personas.citizen)
    client.post(
        url(service),
        form(nik="1", cond_q1="Hilang", file_p1=SimpleUploadedFile("lama.pdf", pdf_bytes())),
    )
    client.post(
        url(service),
        form(nik="1", cond_q1="Hilang", file_p1=SimpleUploadedFile("baru.pdf", pdf_bytes())),
    )
    page = client.get(url(service)).text
    assert "Sudah diunggah: baru.pdf" in page and "lama.pdf" not in page


def test_old_held_files_are_swept(personas, service):
    from satupintu.applications.jobs import sweep_held

    held = file_store.hold(file_store.check_upload(upload("kk.pdf")), mpp_id=service.mpp_id)
    sweep_held(dt.datetime.now(dt.UTC))  # a day after "now - 1 day": too young
    assert file_store.storage().exists(held.storage_name)
    assert sweep_held(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)) >= 1
    assert not file_store.storage().exists(held.storage_name)


def test_the_officer_sees_the_answer_and_only_the_documents_that_apply(client, personas, service):
    app = apply_for(
        personas,
        service,
        applicant=applicant(),
        conditions={QUESTION: "Hilang"},
        uploads={"p1": upload("kk.pdf"), "p3": upload("hilang.pdf")},
        submit=True,
    )
    client.force_login(personas.officer_xa)
    page = client.get(f"/staf/permohonan/{app.public_id}/").text
    assert QUESTION in page and "data-condition-answer>Hilang<" in page
    assert "Surat keterangan kehilangan" in page
    assert "KTP-el lama" not in page and "Dokumen dasar perubahan data" not in page


def test_a_ktp_form_asks_no_nib_and_refuses_one(client, personas, service):
    client.force_login(personas.citizen)
    page = client.get(url(service)).text
    assert 'name="nib"' not in page and "NIB" not in page
    with pytest.raises(ValidationError) as caught:
        apply_for(
            personas,
            service,
            applicant=applicant(nik="", nib="1234567890123"),
            conditions={QUESTION: "Hilang"},
        )
    assert "applicant.nib" in caught.value.message_dict


def test_a_business_licence_form_still_asks_the_nib(client, personas):
    business = replacement_service(
        personas.counter_xa.booth, code="B09", category="perizinan-usaha"
    )
    client.force_login(personas.citizen)
    assert 'name="nib"' in client.get(url(business)).text


def test_no_empty_heading_when_nothing_is_brought_to_the_mpp(client, personas, service):
    client.force_login(personas.citizen)
    assert "Dibawa atau dilakukan saat datang ke MPP" not in client.get(url(service)).text


def test_a_ready_document_is_collected_without_the_lost_card(personas, service):
    app = apply_for(
        personas,
        service,
        applicant=applicant(),
        conditions={QUESTION: "Hilang"},
    )
    app.status = Status.READY
    assert "membawa KTP-el" not in next_step(app)
    assert "nomor permohonan" in next_step(app)


def test_the_api_takes_the_answer_and_lists_only_what_applies(client, personas, service):
    token = personas.token(personas.citizen)
    body = {
        "service": service.code,
        "applicant": {"name": "Siti Aminah", "nik": "3302014501900001", "phone": "081234567890"},
        "conditions": {QUESTION: "Hilang"},
    }
    answer = client.post(
        f"/api/v1/mpps/{service.mpp.slug}/applications",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert data["conditions"] == {QUESTION: "Hilang"}
    assert [r["name"] for r in data["requirements"]] == ["KK", "Surat keterangan kehilangan"]
    upload_to_the_lost_card = client.post(
        f"/api/v1/applications/{data['id']}/files",
        {"requirement": "p2", "file": SimpleUploadedFile("lama.pdf", pdf_bytes())},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert upload_to_the_lost_card.status_code == 422
