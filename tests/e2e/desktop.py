"""Browser pages at the desktop widths the layout tests check."""

from contextlib import contextmanager

WIDTHS = [1280, 1440]


@contextmanager
def desktop_page(browser, live_server, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="nl-NL", base_url=live_server.url
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
    finally:
        context.close()
