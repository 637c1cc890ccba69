"""A real browser: Playwright from PyPI driving Debian's Chromium (no browser download).

Every browser test is also a Content-Security-Policy test: each page and frame reports its
`securitypolicyviolation` events to Python at once (so none is lost when the page navigates),
Chromium's console lines about the CSP or the Permissions-Policy header are kept too, and a test
that caused any fails (`csp_violations`).
"""

import shutil
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Runs in every page and frame before its own scripts; reports each violation as it happens.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__portalReportViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    document: event.documentURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""
# What Chromium logs for a violation ("… violates the following Content Security Policy
# directive …") or for a Permissions-Policy header it cannot parse.
CONSOLE_MARKERS = ("Content Security Policy", "Permissions-Policy", "Permissions policy")


class Violations:
    """What the browser reported since the last `clear()`."""

    def __init__(self):
        self.seen = []

    def report(self, source, violation):
        self.seen.append(violation)

    def console(self, message):
        if any(marker in message.text for marker in CONSOLE_MARKERS):
            self.seen.append({"console": message.text, "url": message.location.get("url")})

    def clear(self):
        self.seen = []


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.violations = Violations()
        context.expose_binding("__portalReportViolation", context.violations.report)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", context.violations.console)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    yield page
    # Let reports still on their way arrive before the page goes.
    page.wait_for_timeout(100)
    page.close()
    browser.clear_cookies()


@pytest.fixture(autouse=True)
def csp_violations(browser):
    """Fails the test if the browser reported a CSP violation (a test that expects one
    clears them)."""
    browser.violations.clear()
    yield browser.violations
    seen, browser.violations.seen = browser.violations.seen, []
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(map(str, seen))
