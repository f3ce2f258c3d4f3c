from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "satupintu.simulator"
    label = "simulator"
