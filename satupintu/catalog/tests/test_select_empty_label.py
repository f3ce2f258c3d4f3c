"""The empty choice of a select (a model field's blank choice, a ModelChoiceField) reads
"— Pilih —" on Indonesian pages and "— Choose —" on English ones, never Django 6.1's
untranslated "- Select an option -" (first seen on the staff catalog's service forms)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from satupintu.catalog.models import ServiceVersion

pytestmark = pytest.mark.django_db


def empty_options(html: str) -> list[str]:
    return re.findall(r'<option value=""[^>]*>([^<]*)</option>', html)


def test_the_new_service_form_offers_pilih_in_indonesian_and_choose_in_english(personas):
    client = Client()
    client.force_login(personas.supervisor_x)
    page = client.get("/staf/katalog/baru/").content.decode()
    assert "Select an option" not in page
    assert empty_options(page) and set(empty_options(page)) == {"— Pilih —"}
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/staf/katalog/baru/").content.decode()
    assert set(empty_options(page)) == {"— Choose —"}


def test_a_model_fields_blank_choice_is_translated():
    field = ServiceVersion._meta.get_field("processing_time_unit")
    with translation.override("id"):
        assert field.get_choices()[0] == ("", "— Pilih —")
    with translation.override("en"):
        assert field.get_choices()[0] == ("", "— Choose —")
