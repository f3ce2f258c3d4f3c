"""The knowledge base's full-text index stays in step with the rows on both databases:
an edit moves a regulation to its new words, a deletion takes it out, a bulk insert is
found, and on SQLite a table rebuild that dropped the triggers is repaired by migrate."""

from __future__ import annotations

import pytest
from django.db import connection

from satupintu.knowledge.index import ensure_index
from satupintu.knowledge.models import Article, Regulation
from satupintu.knowledge.search import fill_tokens, search
from satupintu.knowledge.services import save_regulation
from satupintu.knowledge.tests.factories import article, regulation

pytestmark = pytest.mark.django_db


def test_an_edit_moves_a_regulation_to_its_new_words_and_a_deletion_removes_it(personas):
    law = regulation("perda", "7", 2021, "Retribusi Persetujuan Bangunan Gedung")
    assert search("bangunan gedung", mpp=personas.mpp_x).regulations == [law]
    law.title = "Pajak Reklame"
    save_regulation(law)
    assert search("bangunan gedung", mpp=personas.mpp_x).regulations == []
    assert search("reklame", mpp=personas.mpp_x).regulations == [law]
    law.delete()
    assert search("reklame", mpp=personas.mpp_x).regulations == []


def test_title_words_rank_above_body_words_and_more_words_above_fewer(personas):
    in_body = article(
        personas.mpp_x, personas.supervisor_x, "Biaya layanan", "Perpanjangan paspor gratis."
    )
    in_title = article(personas.mpp_x, personas.supervisor_x, "Paspor hilang", "Lapor dulu.")
    both = article(
        personas.mpp_x, personas.supervisor_x, "Paspor rusak", "Paspor hilang atau rusak."
    )
    found = search("paspor hilang", mpp=personas.mpp_x).articles
    assert found == [in_title, both, in_body]  # 8+8, 8+1, then one token only


def test_rows_inserted_in_bulk_are_found(personas):
    item = Article(mpp=personas.mpp_x, status="reviewed", title="Izin reklame", body="Syarat.")
    fill_tokens(item)
    Article.objects.bulk_create([item])
    assert [a.title for a in search("reklame", mpp=personas.mpp_x).articles] == ["Izin reklame"]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_migrate_puts_back_triggers_a_table_rebuild_dropped(personas):
    law = regulation("perda", "3", 2020, "Retribusi Pasar")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER knowledge_regulation_fts_insert")
        # as after a table rebuild: the index lost its rows
        cursor.execute(
            "INSERT INTO knowledge_regulation_fts (knowledge_regulation_fts) VALUES ('delete-all')"
        )
    ensure_index()
    assert search("pasar", mpp=personas.mpp_x).regulations == [law]
    regulation("perda", "4", 2020, "Retribusi Terminal")
    assert [r.title for r in search("terminal", mpp=personas.mpp_x).regulations] == [
        "Retribusi Terminal"
    ]
    assert Regulation.objects.count() == 2
