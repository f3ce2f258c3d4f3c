import json

from django.core.management.base import BaseCommand

from satupintu.demo.home import citizen_with_a_day, citizen_with_nothing
from satupintu.tenancy.selectors import mpp_by_slug


class Command(BaseCommand):
    help = (
        "Give the demo citizen a live ticket and a booking and print a signed-in session "
        "cookie and the ticket's page as JSON (for Lighthouse and screenshots of \"Beranda "
        'saya"); --empty: a citizen with nothing yet. Run seed_demo first.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--mpp", default="banyumas")
        parser.add_argument("--empty", action="store_true")

    def handle(self, *args, **options):
        if options["empty"]:
            found = citizen_with_nothing()
        else:
            found = citizen_with_a_day(mpp_by_slug(options["mpp"]))
        self.stdout.write(json.dumps(found))
