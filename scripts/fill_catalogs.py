"""Keep the `id` catalog complete: our msgids are Indonesian, so `id` translates each to itself.

python scripts/fill_catalogs.py   (after `make messages`; English is translated by hand)
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "satupintu/locale/id/LC_MESSAGES").glob("*.po"):
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(path.with_suffix(".mo")))
