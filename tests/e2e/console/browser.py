"""Debian's chromium, headless, driven by Selenium through Debian's chromium-driver.

Both paths are given explicitly, so Selenium Manager never looks for (or downloads) a browser
or a driver; a machine without them fails here with how to install them.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

if TYPE_CHECKING:
    from selenium.webdriver.remote.webelement import WebElement

ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "console"
DESK = (1366, 768)
PHONE = (390, 844)


def chromium() -> webdriver.Chrome:
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.fail(
            "the console's browser tests need Debian's chromium and chromium-driver:"
            " scripts/install.sh dev installs them as root (apt-get install chromium"
            " chromium-driver)"
        )
    options = Options()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests run as root in CI
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={DESK[0]},{DESK[1]}",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


class Page:
    """The browser on the console: open, fill, press, read, and photograph what it shows."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, label: str) -> None:
        self.driver = driver
        self.base_url = base_url
        self.label = label

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def find(self, css: str) -> WebElement:
        return WebDriverWait(self.driver, 10).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
        )

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def fill(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def press(self, css: str) -> None:
        """Press a button and wait for the next page to replace this one.

        The page must have finished loading first: a button found while the previous page
        was still being replaced can belong to neither (chromium: "Node with given id does
        not belong to the document"), so such a press is tried again on the settled page."""
        for attempt in range(3):
            self.loaded()
            old = self.find("html")
            try:
                self.find(css).click()
            except (StaleElementReferenceException, WebDriverException) as e:
                replaced = isinstance(e, StaleElementReferenceException) or (
                    "does not belong to the document" in str(e)
                )
                if not replaced or attempt == 2:
                    raise
                continue
            WebDriverWait(self.driver, 10).until(expected_conditions.staleness_of(old))
            return

    def loaded(self) -> None:
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    def html_attribute(self, name: str) -> str:
        return self.find("html").get_attribute(name) or ""

    @property
    def text(self) -> str:
        return self.find("body").text

    @property
    def path(self) -> str:
        return self.driver.current_url.removeprefix(self.base_url)

    def shoot(self, step: str, size: tuple[int, int]) -> Path:
        """Save the whole page at this width (its full height, its fonts loaded) as a PNG."""
        self.viewport(size)
        # Without scrollbars (an Arabic page's is on its left, and would shift the picture).
        self.driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
        self.settle()
        height = int(self.driver.execute_script("return document.documentElement.scrollHeight"))
        # A screen as tall as the page, rather than Chrome's capture beyond the viewport, which
        # shifts right-to-left pages sideways.
        self.viewport((size[0], max(size[1], min(height, 4000))))
        self.settle()
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        self.viewport(size)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        lang = self.html_attribute("lang")
        where = ARTEFACTS / f"{self.label}-{lang}-{size[0]}x{size[1]}-{step}.png"
        where.write_bytes(base64.b64decode(shot["data"]))
        return where

    def settle(self) -> None:
        """Wait for the fonts, then for two frames: the page as a person would see it now."""
        self.driver.execute_async_script(
            "const done = arguments[0];"
            "document.fonts.ready.then("
            "  () => requestAnimationFrame(() => requestAnimationFrame(() => done())));"
        )

    def viewport(self, size: tuple[int, int]) -> None:
        """Lay the page out at exactly this size, as a screen of that size would."""
        width, height = size
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def overflows(self) -> bool:
        """Whether the page is wider than the window (sideways scrolling on a phone)."""
        return bool(
            self.driver.execute_script(
                "return document.documentElement.scrollWidth"
                " > document.documentElement.clientWidth + 1"
            )
        )

    def csp_violations(self) -> list[str]:
        return [
            entry["message"]
            for entry in self.driver.get_log("browser")
            if "Content Security Policy" in entry["message"]
        ]
