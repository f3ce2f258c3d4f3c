"""satupintu rebuild_search_index: index every service again from its newest version.

Needed after an upgrade that adds search, after editing synonyms.txt, stopwords.txt or
fillers.txt, and after renaming an agency (its names are indexed with its services).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from satupintu.catalog.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the service search index (after editing synonyms.txt, or an upgrade)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = rebuild_index()
        self.stdout.write(f"{count} services indexed")
