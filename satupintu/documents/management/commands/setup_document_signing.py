"""`satupintu setup_document_signing <mpp-slug> [--force]`: create the MPP's own root CA
and document-signing certificate, its time-stamping authority and CRL (local signing
provider, documents/signing/local.py). A chain made before timestamps (no TSA, no CA key)
keeps signing B-B until --force replaces it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from satupintu.documents.signing import local
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Create an MPP's own CA and signing certificate for issued documents."

    def add_arguments(self, parser) -> None:
        parser.add_argument("mpp", help="the MPP's slug, e.g. banyumas")
        parser.add_argument("--force", action="store_true", help="replace an existing chain")

    def handle(self, *args, mpp: str, force: bool, **options) -> None:
        found = Mpp.objects.filter(slug=mpp).first()
        if found is None:
            raise CommandError(f"No MPP with slug {mpp!r}.")
        if local.is_set_up(found.slug) and not force:
            note = "" if local.has_timestamps(found.slug) else ", without a TSA: signs B-B only"
            self.stdout.write(
                f"{found.slug}: signing chain already set up{note} (--force replaces it; "
                "documents signed under the old CA then no longer validate)"
            )
            return
        folder = local.create_chain(mpp_slug=found.slug, mpp_name=found.name)
        self.stdout.write(f"{found.slug}: signing chain written to {folder}")
