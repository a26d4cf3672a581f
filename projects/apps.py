from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = "CPEC data"

    def ready(self):
        from . import signals

        signals.connect()
