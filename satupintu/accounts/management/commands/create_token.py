from django.core.management.base import BaseCommand, CommandError

from satupintu.accounts.selectors import user_by_login
from satupintu.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Create an API token for LOGIN (e-mail or phone) and print it on the last line."

    def add_arguments(self, parser):
        parser.add_argument("login")
        parser.add_argument(
            "--name", default="", help="what the token is for (e.g. 'kios pintu utama')"
        )

    def handle(self, *args, **options):
        user = user_by_login(options["login"])
        if user is None:
            raise CommandError(f"No account with login {options['login']!r}")
        if not user.is_active:
            raise CommandError("That account is not active")
        self.stdout.write(issue_api_token(user=user, name=options["name"]))
