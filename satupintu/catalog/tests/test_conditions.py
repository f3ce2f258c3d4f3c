"""Conditional requirements in the catalog (issue 19, point 3 and point 9's words): the
model and its checks, the public page and poster, import/export, the staff editor, and
the demo catalog that says which of its requirements are conditional."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from satupintu.catalog import conditions
from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import QuestionData, RequirementData, VersionMeta, content_of
from satupintu.catalog.tests.factories import content, make_service
from satupintu.catalog.tests.test_staff_pages import edit_form, services, signed_in  # noqa: F401
from satupintu.catalog.transfer import export_catalog, import_catalog
from satupintu.demo import conditions as demo_conditions
from satupintu.demo.catalog import content_from_reference
from satupintu.demo.services import reference_catalog
from satupintu.tenancy.models import Booth

pytestmark = pytest.mark.django_db
QUESTION = QuestionData("Apa alasan penggantian KTP-el?", "Rusak; Hilang; Perubahan data")
DOC = {"form": "original_and_copy", "uploadable": True, "file_types": "pdf,jpg"}
REQUIREMENTS = (
    RequirementData("KK", **DOC),
    RequirementData("KTP-el lama", applies_when="Rusak; Perubahan data", **DOC),
    RequirementData("Surat keterangan kehilangan", applies_when="Hilang", **DOC),
)
META = VersionMeta(reason="Persyaratan bersyarat", effective_from=dt.date(2024, 1, 1))


def a02(personas):
    booth = Booth.objects.get(mpp=personas.mpp_x, agency__code="AGENCY-A")
    return make_service(
        booth=booth,
        code="A02",
        name="Penggantian KTP-el",
        requirements=REQUIREMENTS,
        questions=(QUESTION,),
    )


def test_a_requirement_without_a_condition_always_applies():
    answers = {QUESTION.text: "Hilang"}
    assert [r.name for r in conditions.applicable(REQUIREMENTS, answers)] == [
        "KK",
        "Surat keterangan kehilangan",
    ]
    assert [r.name for r in conditions.applicable(REQUIREMENTS, {QUESTION.text: "Rusak"})] == [
        "KK",
        "KTP-el lama",
    ]


def test_only_an_answered_question_rules_a_requirement_out():
    kk, old_card, lost = REQUIREMENTS
    other = QuestionData("Untuk siapa?", "Diri sendiri; Anggota keluarga")
    asked = (QUESTION, other)
    assert not conditions.ruled_out(lost, asked, {})  # not answered yet: it may apply
    assert not conditions.ruled_out(lost, asked, {other.text: "Diri sendiri"})
    assert conditions.ruled_out(lost, asked, {QUESTION.text: "Rusak"})
    assert not conditions.ruled_out(old_card, asked, {QUESTION.text: "perubahan data"})
    assert not conditions.ruled_out(kk, asked, {QUESTION.text: "Rusak"})  # always applies


@pytest.mark.parametrize(
    ("questions", "requirements", "problem"),
    [
        ((QUESTION,), (RequirementData("X", applies_when="Dicuri"),), "bukan pilihan"),
        ((QuestionData("Tanya?", "Ya"),), (), "dua pilihan"),
        ((QUESTION, QuestionData("Lagi?", "Hilang; Tidak")), (), "lebih dari satu"),
        (
            (QUESTION, QuestionData("Lagi?", "Ya; Tidak")),
            (RequirementData("X", applies_when="Hilang; Ya"),),
            "satu pertanyaan",
        ),
    ],
)
def test_a_broken_condition_is_refused_on_publishing(personas, questions, requirements, problem):
    service = a02(personas)
    with pytest.raises(ValidationError) as caught:
        publish_version(
            service=service,
            content=content(requirements=requirements, questions=questions),
            meta=META,
        )
    assert problem in " ".join(caught.value.messages)


def test_the_service_page_and_poster_say_when_a_requirement_applies(client, personas):
    service = a02(personas)
    page = client.get(f"/mpp/{service.mpp.slug}/layanan/A02/").content.decode()
    label = '<span class="req-condition fw-normal">(jika rusak atau perubahan data)</span>'
    assert f"KTP-el lama {label}" in page
    assert "(jika hilang)" in page and QUESTION.text in page
    poster = client.get(f"/mpp/{service.mpp.slug}/layanan/A02/cetak/").content.decode()
    assert "jika hilang" in poster


def test_the_form_is_not_repeated_where_the_name_says_it_or_it_is_no_document(client, personas):
    booth = Booth.objects.get(mpp=personas.mpp_x, agency__code="AGENCY-A")
    service = make_service(
        booth=booth,
        code="A09",
        requirements=(
            RequirementData("Fotokopi KTP-el", form="original_and_copy"),
            RequirementData("Perekaman biometrik (foto, sidik jari)", form="none"),
            RequirementData("Kartu Keluarga", form="original_and_copy"),
        ),
    )
    page = client.get(f"/mpp/{service.mpp.slug}/layanan/A09/").content.decode()
    assert page.count("Asli dan fotokopi") == 1  # only after "Kartu Keluarga"
    poster = client.get(f"/mpp/{service.mpp.slug}/layanan/A09/cetak/").content.decode()
    assert poster.count("asli dan fotokopi") == 1


def test_the_service_page_states_counter_time_and_online_target_honestly(client, personas):
    booth = Booth.objects.get(mpp=personas.mpp_x, agency__code="AGENCY-A")
    service = make_service(booth=booth, code="A03")  # 1 hour at the counter
    service.online_application = True
    service.save()
    page = client.get(f"/mpp/{service.mpp.slug}/layanan/A03/").content.decode()
    assert "1 jam" in page
    assert "di loket; permohonan daring: paling lambat 1 hari kerja" in page


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_conditions_survive_an_export_and_import(personas, fmt):
    service = a02(personas)
    before = content_of(service.versions.get())
    data = export_catalog(personas.mpp_x, fmt)
    report = import_catalog(
        mpp=personas.mpp_x, data=data, filename=f"katalog.{fmt}", author=None, meta=META
    )
    assert report.errors == [] and service.versions.count() == 1  # nothing changed
    assert before.questions == (QUESTION,)
    assert [r.applies_when for r in before.requirements] == ["", "Rusak; Perubahan data", "Hilang"]


def test_an_import_names_a_condition_that_is_no_option(personas):
    a02(personas)
    document = json.loads(export_catalog(personas.mpp_x, "json"))
    document["services"][0]["requirements"][2]["applies_when"] = "Dicuri"
    report = import_catalog(
        mpp=personas.mpp_x,
        data=json.dumps(document).encode(),
        filename="katalog.json",
        author=None,
        meta=META,
    )
    assert [(e.column, "Dicuri" in e.message) for e in report.errors] == [("questions", True)]


def test_the_staff_editor_publishes_a_question_and_a_condition(personas, services):  # noqa: F811
    client = signed_in(personas.supervisor_x)
    data = edit_form(client) | {
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Siapa yang mengurus?",
        "questions-0-options": "Sendiri; Dikuasakan",
        "requirements-1-applies_when": "Dikuasakan",
        "reason": "Surat kuasa bila dikuasakan",
        "effective_from": "2027-01-01",
    }
    response = client.post("/staf/katalog/A01/ubah/", data, follow=True)
    assert response.redirect_chain[-1][0] == "/staf/katalog/A01/"
    new = services["xa"].versions.get(number=2)
    assert [q.text for q in new.questions.all()] == ["Siapa yang mengurus?"]
    assert [r.applies_when for r in new.requirements.all()] == ["", "Dikuasakan"]
    bad = edit_form(client) | {"requirements-0-applies_when": "Tidak ada", "reason": "x"}
    bad |= {"effective_from": "2027-02-01"}
    html = client.post("/staf/katalog/A01/ubah/", bad).content.decode()
    assert "bukan pilihan pertanyaan syarat" in html


# --- the demo catalog ------------------------------------------------------------------


def test_every_conditional_remark_of_the_reference_becomes_a_condition():
    unresolved = [
        (ref["code"], name)
        for ref in reference_catalog()["services"]
        for name in ref.get("requirements") or []
        if demo_conditions.REMARK.search(name)
        and demo_conditions.conditional(ref["code"], name) is None
    ]
    assert unresolved == []


def test_the_demo_a02_asks_why_and_only_the_lost_card_document_if_lost():
    ref = next(s for s in reference_catalog()["services"] if s["code"] == "A02")
    standard = content_from_reference(ref)
    assert standard.questions == (QUESTION,)
    lost = conditions.applicable(standard.requirements, {QUESTION.text: "Hilang"})
    assert [r.name for r in lost] == ["KK", "Surat keterangan kehilangan"]
    assert all("jika" not in r.name for r in standard.requirements)


def test_the_demo_catalog_reads_right():
    refs = {s["code"]: s for s in reference_catalog()["services"]}
    a01 = content_from_reference(refs["A01"])
    assert a01.requirements[0].name == (
        "Penduduk WNI berusia 17 tahun atau sudah kawin atau pernah kawin"
    )
    assert a01.legal_basis and a01.legal_basis != a01.fee_legal_basis
    assert "Administrasi Kependudukan" in a01.legal_basis
    biometric = next(r for r in a01.requirements if r.name.startswith("Perekaman"))
    assert biometric.form == "none" and not biometric.uploadable
    c01 = content_from_reference(refs["C01"])
    assert next(r for r in c01.requirements if r.name == "Fotokopi KTP-el").form == "copy"
    assert next(r for r in c01.requirements if r.name.startswith("Pas foto")).form == "original"
    for code in ("E01", "P01", "B01", "A03", "A05", "A07"):
        assert content_from_reference(refs[code]).questions, code
