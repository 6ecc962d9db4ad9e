"""`STRATEGY_SLOW_PAGES=SECONDS`: the live server sends each response's headers at once and its body
that much later. That is the moment in which a browser has left the old page and not yet parsed the
new one, widened from microseconds to something every test hits: a test that reads a page without
waiting for it fails at once instead of once in a few hundred CI runs (see pages.opens_a_page).
At 0.2 s, the tests that read too early failed 4 runs in 4 (at 0.05 s, 1 in 3); the browser
tests take 10 % longer."""

import time

from django.core.handlers import wsgi


class LateBody:
    """A response's body, sent `seconds` after its headers; closed (files and all) even when the
    browser leaves before it arrives, as the server closes what it was given."""

    def __init__(self, response, seconds):
        self.response, self.seconds = response, seconds

    def __iter__(self):
        yield b""  # the server sends the headers with the first (empty) piece of the body
        time.sleep(self.seconds)
        yield from self.response

    def close(self):
        self.response.close()


def send_bodies_late(monkeypatch, seconds):
    respond = wsgi.WSGIHandler.__call__

    def respond_late(handler, environ, start_response):
        return LateBody(respond(handler, environ, start_response), seconds)

    monkeypatch.setattr(wsgi.WSGIHandler, "__call__", respond_late)
