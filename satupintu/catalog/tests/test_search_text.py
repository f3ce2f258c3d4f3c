"""Indonesian text for search: words, stems, synonyms, filler words and typos. No database."""

import pytest

from satupintu.catalog.search.analysis import interpret
from satupintu.catalog.search.synonyms import parse, thesaurus
from satupintu.catalog.search.text import filler_words, stem, stop_words, words
from satupintu.catalog.search.typos import Vocabulary, distance, is_indonesian

VOCABULARY = Vocabulary(
    {
        "paspor": 5,
        "perpanjangan": 3,
        "panjang": 3,
        "skck": 2,
        "ktp": 60,
        "kpp": 1,
        "hilang": 2,
        "ulang": 2,
        "kelahiran": 4,
        "lahir": 4,
        "sim": 6,
        "sertifikat": 3,
    }
)


def test_words_are_lower_case_ascii_split_on_punctuation():
    assert words("Perekaman KTP-el (baru)") == ["perekaman", "ktp", "el", "baru"]
    assert words("Pasang baru listrik 1.300 VA") == ["pasang", "baru", "listrik", "1300", "va"]
    assert words("Sértifikat\x00 TANAH") == ["sertifikat", "tanah"]
    assert words("🙂 ?!") == []


def test_the_stemmer_finds_indonesian_roots_and_leaves_abbreviations_alone():
    assert stem("pembayaran") == "bayar"
    assert stem("perpanjangan") == stem("perpanjang") == "panjang"
    assert stem("kelahiran") == "lahir"
    assert stem("skck") == "skck"
    assert stem("p2") == "p2"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("KTP-el", ["ktp"]),
        ("e-KTP", ["ktp"]),
        ("kartu tanda penduduk elektronik", ["ktp"]),
        ("akte kelahiran", ["akta", "lahir"]),
        ("surat kelakuan baik", ["skck"]),
        ("Surat Keterangan Catatan Kepolisian", ["skck"]),
        ("pajak bumi dan bangunan", ["pbb"]),
        ("PBB-P2", ["pbb"]),
        ("izin usaha", ["nib"]),
        ("nomor induk berusaha", ["nib"]),
        ("umrah", ["umroh"]),
        ("sertipikat", ["sertifikat"]),
        ("kartu kuning", ["ak1"]),
    ],
)
def test_every_way_of_saying_a_thing_becomes_one_form(text, tokens):
    assert thesaurus().canonical(words_to_stems(text)) == tokens


def words_to_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in stop_words()]


def test_documents_keep_their_own_words_beside_the_short_form():
    """'Sertifikat Produksi Pangan … (SPP-IRT)' is found by 'pirt' and by its words."""
    tokens = thesaurus().tokens("Sertifikat Produksi Pangan Industri Rumah Tangga")
    assert "pirt" in tokens
    assert {"sertifikat", "produksi", "pangan"} <= set(tokens)


def test_services_get_the_words_citizens_use_for_them():
    th = thesaurus()
    related = th.related_terms([th.tokens("Paspor biasa masa berlaku 5 tahun")])
    assert {"umroh", "haji"} <= set(related)
    assert "warung" in th.related_terms([th.tokens("Nomor Induk Berusaha (NIB)")])
    assert th.related_terms([th.tokens("Legalisir dokumen")]) != []
    assert "umroh" not in th.related_terms([th.tokens("Perpanjangan SIM A")])


def test_the_synonym_file_refuses_a_phrase_in_two_groups():
    with pytest.raises(ValueError, match="two groups"):
        parse(["ktp, kartu tanda penduduk", "kia, kartu tanda penduduk"])
    with pytest.raises(ValueError, match="two entries"):
        parse(["ktp"])


def test_the_word_lists_load_and_do_not_overlap_with_meaningful_words():
    assert {"bikin", "urus", "cara", "syarat", "gimana", "mau"} <= filler_words()
    assert {"dan", "yang", "di"} <= stop_words()
    meaningful = {"baru", "lama", "a", "c", "anak", "daftar", "bayar", "pajak", "ktp", "sim"}
    assert not meaningful & (filler_words() | stop_words())


@pytest.mark.parametrize(
    ("query", "tokens"),
    [
        ("gimana cara bikin ktp", ("ktp",)),
        ("syarat urus skck dong", ("skck",)),
        ("mau bayar pbb", ("bayar", "pbb")),
        ("bikin rekening", ("buka", "rekening")),  # a synonym phrase is never a filler
        ("syarat", ("syarat",)),  # only fillers: search for them rather than nothing
        ("", ()),
    ],
)
def test_filler_words_are_dropped_from_queries(query, tokens):
    assert interpret(query, VOCABULARY).tokens == tokens


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pasport", "paspor"),  # a letter too many
        ("skkc", "skck"),  # two letters swapped
        ("ktpp", "ktp"),  # the much more common word wins a tie
        ("ilang", "hilang"),  # a dropped letter beats a changed one
        ("kelahran", "kelahiran"),
        ("perpnjang", "perpanjangan"),  # through the form without the suffix
        ("sertifkat", "sertifikat"),
    ],
)
def test_typos_are_corrected_against_the_indexed_words(typed, meant):
    assert VOCABULARY.correct(typed) == meant


def test_short_words_far_words_and_real_words_are_not_corrected():
    assert VOCABULARY.correct("kk") is None
    assert VOCABULARY.correct("zzzzzz") is None
    assert is_indonesian("harga") and is_indonesian("pembayaran")
    understood = interpret("harga tanah", VOCABULARY)
    assert understood.corrections == ()


def test_a_half_typed_last_word_is_completed():
    understood = interpret("perpanj", VOCABULARY)
    assert understood.corrections == (("perpanj", "perpanjangan"),)
    assert understood.tokens == ("panjang",)
    assert understood.corrected == "perpanjangan"


def test_chat_endings_come_off_unknown_words():
    understood = interpret("ktpnya ilang", VOCABULARY)
    assert understood.words == ("ktp", "hilang")
    assert understood.tokens == ("ktp", "hilang")


def test_damerau_levenshtein_counts_a_swap_as_one_edit():
    assert distance("skck", "skkc") == 1
    assert distance("paspor", "pasport") == 1
    assert distance("abc", "abc") == 0
    assert distance("", "abc") == 3
