import json

from django.core.management.base import BaseCommand

from satupintu.demo.services import seed_demo


class Command(BaseCommand):
    help = "Load the demo MPPs Banyumas and Purbalingga (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        summary = seed_demo()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for mpp in summary["mpps"]:
            self.stdout.write(f"{mpp['name']} ({mpp['slug']}): {len(mpp['counters'])} loket")
            for account in mpp["accounts"]:
                self.stdout.write(f"  {account['role']:<10} {account['login']}")
        self.stdout.write(f"  operator   {summary['operators'][0]['login']}")
        self.stdout.write(f"Kata sandi demo untuk semua orang: {summary['password']}")
