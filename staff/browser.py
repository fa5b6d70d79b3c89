"""Debian's Chromium driven by Playwright, for the end-to-end tests and the screenshots."""

import threading
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class SiteThread:
    """This Django site (static files included) served on a free local port in a thread."""

    def __init__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        self.server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        self.server.set_app(StaticFilesHandler(get_wsgi_application()))
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
