from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from satupintu.core import checks  # noqa: F401  (registers them)
