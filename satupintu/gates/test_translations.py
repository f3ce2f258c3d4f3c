"""Translation gate: complete `id` and `en` catalogs, compiled, and nothing left outside them.

Our msgids are Indonesian; `id` translates each to itself so the catalog is complete
by construction (scripts/fill_catalogs.py), `en` is translated by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from satupintu.gates.report import record

PACKAGE = Path(__file__).resolve().parent.parent
LANGUAGES = ["id", "en"]
pytestmark = pytest.mark.gate

# Words that are the same in every language: names, abbreviations, the brand.
UNTRANSLATED_OK = {"satupintu", "ID", "EN", "MPP", "API", "SHA-256", "·", "–", "—"}


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_with_no_fuzzy_or_obsolete_entry(lang):
    po = catalog(lang)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    obsolete = [e.msgid for e in po.obsolete_entries()]
    failures = len(untranslated) + len(fuzzy) + len(obsolete)
    record(f"i18n-{lang}", "catalog entries translated, none fuzzy", len(po), failures, "-")
    assert not untranslated, f"untranslated in {lang}: {untranslated}"
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy}"
    assert not obsolete, f"obsolete in {lang}: {obsolete}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_the_source(lang):
    """A .po edited without `compilemessages` would silently show stale text."""
    po = catalog(lang)
    mo = polib.mofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    stale = [
        e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert not stale, f"run `make messages`: {lang} .mo differs for {stale[:5]}"


def test_every_marked_string_in_code_and_templates_is_in_the_catalogs(tmp_path):
    """Extract messages from a copy of the code, as `make messages` would, and compare."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (Debian package gettext) is needed to extract messages")
    copy = tmp_path / "satupintu"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    ours = {e.msgid for e in catalog("en")}
    missing, extra = sorted(extracted - ours), sorted(ours - extracted)
    record(
        "i18n-extract",
        "messages extracted from code and templates",
        len(extracted),
        len(missing) + len(extra),
        "-",
    )
    assert not missing, (
        f"strings marked in code but missing from the catalogs (make messages): {missing}"
    )
    assert not extra, f"catalog entries no longer in the code (make messages): {extra}"


_BLOCK = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
# <code> holds identifiers (open data's column names, API paths), not prose to translate
_SCRIPT = re.compile(r"<(script|style|code)\b.*?</\1>", re.S | re.I)
_HTML = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
_ATTR = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def untranslated_text(source: str) -> list[str]:
    """Words a template shows to people without passing them through the catalogs."""
    attrs = [v for v in _ATTR.findall(source) if _TAG.sub("", v).strip()]
    text = _BLOCK.sub(" ", source)
    text = _SCRIPT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _HTML.sub(" ", text)
    text = _ENTITY.sub(" ", text)
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ][\w'-]*", text) if w not in UNTRANSLATED_OK]
    return words + [f'attribute "{a}"' for a in attrs]


def templates() -> list[Path]:
    return sorted(PACKAGE.glob("*/templates/**/*.html"))


def test_templates_show_no_text_outside_the_catalogs():
    found = {str(t.relative_to(PACKAGE)): untranslated_text(t.read_text()) for t in templates()}
    offenders = {name: words for name, words in found.items() if words}
    record(
        "i18n-templates",
        "templates scanned for text outside {% translate %}",
        len(found),
        len(offenders),
        "-",
    )
    assert not offenders, f"wrap these in {{% translate %}}: {offenders}"


def test_the_template_scanner_catches_a_bare_word():
    assert untranslated_text("<p>{% translate 'Buka' %} Closed</p>") == ["Closed"]
    assert untranslated_text('<img alt="Logo instansi">') == ['attribute "Logo instansi"']
    assert untranslated_text("<p>{% blocktranslate %}Buka {{ x }}{% endblocktranslate %}</p>") == []


def english_phrases() -> list[str]:
    """Our English texts that differ from their Indonesian originals."""
    return sorted(
        {
            e.msgstr
            for e in catalog("en").translated_entries()
            if e.msgstr != e.msgid and len(e.msgstr) >= 4 and "%(" not in e.msgstr
        },
        key=len,
        reverse=True,
    )


def visible_text(html: str) -> str:
    html = _SCRIPT.sub(" ", html)
    return re.sub(r"\s+", " ", _ENTITY.sub(" ", _HTML.sub(" ", html)))


@pytest.mark.django_db(transaction=True)
def test_indonesian_pages_show_none_of_our_english_strings(settings):
    """Every page each persona can open, rendered in Indonesian, shows no English text of ours."""
    settings.DEBUG = False  # the real 404 page, not Django's technical one
    from satupintu.demo.services import seed_demo
    from satupintu.gates.pages import PERSONAS, client_for, discover_pages

    seed_demo()
    phrases = [re.compile(rf"(?<![\w-]){re.escape(p)}(?![\w-])") for p in english_phrases()]
    checked, leaks = 0, {}
    for persona in PERSONAS:
        client = client_for(persona)
        client.cookies["django_language"] = "id"
        for path in discover_pages(persona, client):
            text = visible_text(client.get(path).content.decode())
            checked += 1
            found = [p.pattern for p in phrases if p.search(text)]
            if found:
                leaks[f"{persona} {path}"] = found
    record(
        "i18n-pages",
        f"Indonesian page views free of our {len(phrases)} English strings",
        checked,
        len(leaks),
    )
    assert not leaks, leaks
