from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "akhbar.demo"
    label = "akhbar_demo"
    verbose_name = "Akhbar demo"
