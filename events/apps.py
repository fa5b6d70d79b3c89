from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Gebeurtenissen"

    def ready(self):
        from . import receivers  # noqa: F401  (connects to the domain's signals)
