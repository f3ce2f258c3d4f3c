"""Fill English translations from a Python dict file and list what is still missing.

python scripts/translate.py en.py [more.py]  # EN = {"Indonesian msgid": "English", ...}
python scripts/translate.py                  # only list untranslated or fuzzy entries
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "satupintu/locale/en/LC_MESSAGES/django.po"
po = polib.pofile(str(PO))
table: dict = {}
for path in sys.argv[1:]:
    table.update(runpy.run_path(path)["EN"])
for entry in po:
    if entry.msgid in table:
        value = table[entry.msgid]
        if entry.msgid_plural:  # ("1 hour", "%(n)s hours")
            entry.msgstr_plural = dict(enumerate(value))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
po.save()
po.save_as_mofile(str(PO.with_suffix(".mo")))
for entry in po.untranslated_entries() + po.fuzzy_entries():
    print(repr(entry.msgid), "->", repr(entry.msgstr))
