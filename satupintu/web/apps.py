from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "satupintu.web"
    label = "web"
    verbose_name = "Web"
