"""`satupintu jobs`: list the periodic jobs, or run the due ones once (for cron or a worker)."""

from django.core.management.base import BaseCommand

from satupintu.core.jobs import registered_jobs, run_due_jobs


class Command(BaseCommand):
    help = "List periodic jobs; with --once run those that are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the due jobs once and exit")

    def handle(self, *args, **options):
        if options["once"]:
            ran = run_due_jobs()
            self.stdout.write("ran: " + (", ".join(ran) if ran else "nothing due"))
            return
        for job in registered_jobs():
            self.stdout.write(f"{job.name}\tevery {job.every}")
