"""The service page's link to the same service elsewhere counts the other MPPs with real
plurals: "1 other MPP", "2 other MPPs" (never "MPP(s)"), "1 MPP lain" in Indonesian."""

import pytest
from django.test import Client

from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.tests.factories import FIRST, content
from satupintu.tenancy.tests.factories import BoothFactory, MppFactory

pytestmark = pytest.mark.django_db


def offer_at(mpp, key="ktp-el-baru"):
    ensure_default_categories()
    booth = BoothFactory(mpp=mpp, queue_prefix="A")
    return create_service(
        mpp=mpp,
        agency=booth.agency,
        code="A01",
        standard_key=key,
        category=Category.objects.get(slug="kependudukan"),
        content=content(name="Penerbitan KTP-el baru"),
        meta=FIRST,
    )


def english() -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_one_and_two_other_mpps_read_right_in_both_languages():
    home = MppFactory(slug="banyumas")
    offer_at(home)
    offer_at(MppFactory(slug="purbalingga"))
    url = "/mpp/banyumas/layanan/A01/"
    assert "Juga ada di 1 MPP lain" in Client().get(url).content.decode()
    page = english().get(url).content.decode()
    assert "Also at 1 other MPP<" in page and "MPP(s)" not in page
    offer_at(MppFactory(slug="cilacap"))
    page = english().get(url).content.decode()
    assert "Also at 2 other MPPs" in page and "MPP(s)" not in page
