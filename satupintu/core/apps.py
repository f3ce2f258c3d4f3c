from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        from satupintu.core import checks  # noqa: F401  (registers them)

        # The empty choice of every select made from a model field or a ModelChoiceField.
        # Django 6.1's own "- Select an option -" has no Indonesian translation yet; this
        # is the place Django names for replacing it (an app's ready()).
        fields.BLANK_CHOICE_LABEL = gettext_lazy("— Pilih —")
