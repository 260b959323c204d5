from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "akhbar.backup"
    label = "akhbar_backup"
    verbose_name = "النسخ الاحتياطي"
