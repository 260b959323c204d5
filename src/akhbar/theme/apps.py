from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "akhbar.theme"
    label = "akhbar_theme"
    verbose_name = "Akhbar theme"
