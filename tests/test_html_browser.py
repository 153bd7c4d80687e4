"""The HTML report in a real browser: Debian's headless Chromium driven by selenium through
chromedriver on 127.0.0.1, pages opened from file:// with no network.

Skips with a reason when no browser is installed, except under CI=true (CI installs it).
`SUMMARIZE_REPORT_SCREENSHOT=docs/report-seeds.png` also writes the README's screenshot."""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarize.brief import Briefing
from summarize.render.html import render_briefing_html, render_framing_html

from .test_html_report import (
    HOSTILE_DIR,
    hostile_briefing,
    seeds_briefing,
    sentence_texts,
    with_fallbacks,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--disable-extensions --disable-default-apps --mute-audio --hide-scrollbars"
).split()
HIGHLIGHT = "rgba(255, 226, 122, 1)"  # --hl in report.css: the :target sentence


def _browser_missing() -> str | None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        return (
            f"no browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        )
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI installs the browser, but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,1600")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the driver path is given, so selenium-manager (which would download one) never runs
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    return with_fallbacks(seeds_briefing(tmp_path_factory.mktemp("seeds-cache")))


@pytest.fixture(scope="module")
def seeds_page(seeds: Briefing, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "brief.html"
    path.write_text(render_briefing_html(seeds), encoding="utf-8")
    return path


def _width(driver: Any, width: int | None) -> None:
    """A phone-width viewport (device metrics, so headless window limits do not matter)."""
    if width is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 812, "deviceScaleFactor": 1, "mobile": True},
        )


def _open(driver: Any, path: Path, width: int | None = None) -> None:
    driver.get_log("browser")  # drop whatever an earlier page logged
    _width(driver, width)
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def _errors(driver: Any) -> list[dict[str, Any]]:
    return list(driver.get_log("browser"))


# JS run by the test driver (not by the page, which has none): layout of the main container.
OVERFLOW = """
const main = document.querySelector('main');
const box = main.getBoundingClientRect();
const out = [];
for (const el of main.querySelectorAll('*')) {
  if (el.closest('.scroll') && !el.classList.contains('scroll')) continue;  // scrolls in its box
  const r = el.getBoundingClientRect();
  if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
    out.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + r.left + '..' + r.right);
}
return {inner: window.innerWidth, doc: document.documentElement.scrollWidth,
        main: [main.scrollWidth, main.clientWidth], outside: out.slice(0, 10)};
"""


def assert_fits(driver: Any, width: int) -> None:
    layout = driver.execute_script(OVERFLOW)
    assert layout["inner"] == width
    assert layout["doc"] <= width, layout
    assert layout["main"][0] <= layout["main"][1], layout
    assert layout["outside"] == [], layout


# --- the seeds report -------------------------------------------------------------------------


def test_loads_offline_with_no_console_error_and_no_request(driver: Any, seeds_page: Path) -> None:
    _open(driver, seeds_page)
    assert _errors(driver) == []
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert driver.execute_script("return document.scripts.length") == 0
    assert driver.find_element("id", "matrix").is_displayed()


def test_the_csp_blocks_a_fetch(driver: Any, seeds_page: Path) -> None:
    """Proof the policy is in force: an image the test injects is refused, never requested."""
    _open(driver, seeds_page)
    blocked = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        document.addEventListener('securitypolicyviolation',
            e => done([e.violatedDirective, e.blockedURI]));
        const img = document.createElement('img');
        img.src = 'http://127.0.0.1:9/pixel.png';
        document.body.appendChild(img);
        setTimeout(() => done(null), 2000);
        """
    )
    assert blocked == ["img-src", "http://127.0.0.1:9/pixel.png"]
    # Chromium lists the refused image as a resource entry, but nothing was transferred
    sizes = driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".map(e => [e.transferSize, e.responseStart])"
    )
    assert all(size == 0 and start == 0 for size, start in sizes), sizes
    _errors(driver)  # the refusal is logged: expected here


def test_every_citation_chip_holds_exactly_the_cited_sentence(
    driver: Any, seeds: Briefing, seeds_page: Path
) -> None:
    _open(driver, seeds_page)
    found = driver.execute_script(
        """
        return Array.from(document.querySelectorAll(
            'a.chip, .matrix td.carries a, .matrix td.unclear a'))
          .filter(a => a.getAttribute('href').includes('-S'))
          .map(a => { const id = a.getAttribute('href').slice(1);
                      const el = document.getElementById(id);
                      return [id, el ? el.textContent : null]; });
        """
    )
    texts = sentence_texts(seeds)
    assert len(found) >= sum(len(s.sources) for s in seeds.consensus) + len(seeds.single_source())
    for anchor, text in found:
        assert text == texts[anchor], anchor
    assert seeds.framing is not None
    contrasts: Any = seeds.framing.to_dict()["contrasts"]
    evidence = {
        f"{e['article_id']}-S{e['sentence']}"
        for o in contrasts
        for c in o["items"]
        for e in c["evidence"]
    }
    assert evidence and evidence <= {anchor for anchor, _ in found}  # every contrast's evidence


def test_matrix_cells_as_rendered_say_only_what_the_alignment_asserts(
    driver: Any, seeds: Briefing, seeds_page: Path
) -> None:
    """What a reader sees in each cell (innerText, CSS applied): "unclear" links to a sentence
    of that column's article; "left out" only where the JSON omissions list it; "not reported"
    only where the alignment decided so; a carrying cell links to the sentence that carries it."""
    _open(driver, seeds_page)
    cells = driver.execute_script(
        """
        const cols = Array.from(document.querySelectorAll(
          '#matrix > .scroll .matrix thead th[data-article]')).map(th => th.dataset.article);
        const out = [];
        for (const tr of document.querySelectorAll('.matrix tbody tr[data-fact]')) {
          const tds = Array.from(tr.querySelectorAll('td')).slice(1);  // after the support
          tds.forEach((td, i) => {
            const a = td.querySelector('a');
            const target = a && document.getElementById(a.getAttribute('href').slice(1));
            out.push([tr.dataset.fact, cols[i], td.className, td.textContent.trim(),
                      a ? a.getAttribute('href') : null, target ? target.textContent : null]);
          });
        }
        return out;
        """
    )
    assert seeds.alignment is not None
    listed = {
        (aid, f) for aid, fs in seeds.to_dict()["omissions"]["by_article"].items() for f in fs
    }
    decided = {(r.fact_id, aid): d for r in seeds.matrix for aid, d in r.cells}
    seen = set()
    for fact, aid, state, text, href, target in cells:
        d = decided[(fact, aid)]
        seen.add(state)
        if text == "left out":
            assert (aid, fact) in listed
        if state == "unclear":
            assert text == "unclear" and d.status == "unclear" and d.sentence is not None
            assert href.startswith(f"#{aid}-S") and target == d.sentence.text
        if text == "not reported":
            assert d.status == "not_reported" and state == "absent"
        if state == "carries":
            assert d.status == "carries" and d.sentence is not None
            assert href == f"#{aid}-S{d.sentence.index + 1}" and target == d.sentence.text
    assert len(cells) == len(seeds.matrix) * len(seeds.article_ids)
    assert {"carries", "unclear", "absent"} <= seen


@pytest.mark.parametrize(
    "selector",
    [
        "#consensus .claim a.chip",
        "blockquote.verbatim a.chip",
        "#matrix > .scroll td.carries a",  # the rows shown (the rest sit in a closed details)
        "#matrix > .scroll td.unclear a",
        ".version a.chip",
        ".touched a.chip",
        ".contrast-list .ev a.chip",
    ],
)
def test_clicking_a_citation_shows_its_sentence_highlighted(
    driver: Any, seeds_page: Path, selector: str
) -> None:
    _open(driver, seeds_page)
    link = driver.find_elements("css selector", selector)[-1]
    href = link.get_attribute("href").split("#", 1)[1]
    target = driver.find_element("id", href)
    before = target.value_of_css_property("background-color")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert driver.execute_script("return location.hash") == "#" + href
    assert target.value_of_css_property("background-color") == HIGHLIGHT != before
    visible = driver.execute_script(
        """const r = arguments[0].getBoundingClientRect();
           return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;""",
        target,
    )
    assert visible


def test_matrix_has_a_row_per_fact_and_a_column_per_outlet(
    driver: Any, seeds: Briefing, seeds_page: Path
) -> None:
    _open(driver, seeds_page)
    assert seeds.alignment is not None
    rows = driver.find_elements("css selector", ".matrix tbody tr")
    columns = driver.find_elements("css selector", "#matrix > .scroll thead th[data-article]")
    assert len(rows) == len(seeds.matrix)  # the rows shown and the rest, one click away
    shown = driver.find_elements("css selector", "#matrix > .scroll tbody tr")
    assert len(shown) == sum(r.shown for r in seeds.matrix) == 25
    assert [c.text for c in columns] == seeds.article_ids
    for row in rows:
        assert len(row.find_elements("css selector", "td")) == 1 + len(columns)  # + support


def test_seeds_report_fits_a_phone(driver: Any, seeds_page: Path) -> None:
    _open(driver, seeds_page, width=375)
    try:
        assert_fits(driver, 375)
        assert _errors(driver) == []
    finally:
        _width(driver, None)


def test_screenshot_of_the_seeds_report(driver: Any, seeds_page: Path, tmp_path: Path) -> None:
    _open(driver, seeds_page)
    driver.set_window_size(1280, 2700)
    try:
        shot = tmp_path / "report-seeds.png"
        assert driver.save_screenshot(str(shot))
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width >= 1200 and height >= 1500, (width, height)
        wanted = os.environ.get("SUMMARIZE_REPORT_SCREENSHOT")
        if wanted:
            shutil.copyfile(shot, wanted)
    finally:
        driver.set_window_size(1280, 1600)


# --- hostile input ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from summarize.articles import load_articles
    from summarize.framing import compare_outlets

    folder = tmp_path_factory.mktemp("hostile")
    brief = folder / "brief.html"
    brief.write_text(render_briefing_html(hostile_briefing()), encoding="utf-8")
    articles = load_articles([HOSTILE_DIR]).articles
    framing = folder / "framing.html"
    framing.write_text(render_framing_html(articles, compare_outlets(articles)), encoding="utf-8")
    return [brief, framing]


def test_the_hook_would_catch_a_payload_that_ran(driver: Any, tmp_path: Path) -> None:
    """Control: the same payloads left raw on a page without the report's CSP do set it."""
    from .test_html_report import PAYLOADS

    raw = tmp_path / "raw.html"
    raw.write_text("<!doctype html><body>" + "".join(PAYLOADS[:2]) + "</body>", encoding="utf-8")
    _open(driver, raw)
    assert driver.execute_script("return window.__pwned") in ("s", "img")
    _errors(driver)


@pytest.mark.parametrize("which", [0, 1], ids=["briefing", "framing"])
def test_hostile_report_runs_nothing_and_fits_a_phone(
    driver: Any, hostile_pages: list[Path], which: int
) -> None:
    _open(driver, hostile_pages[which], width=375)
    try:
        assert driver.execute_script("return window.__pwned") is None
        assert driver.execute_script("return document.scripts.length") == 0
        assert driver.execute_script("return document.querySelectorAll('img,iframe').length") == 0
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
        assert _errors(driver) == []  # not even a payload refused by the CSP: none came alive
        hrefs = driver.execute_script(
            "return Array.from(document.links).map(a => a.getAttribute('href'))"
        )
        assert hrefs and all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
        # click every in-page link: still nothing runs, nothing leaves the file
        for link in driver.find_elements("css selector", "a[href^='#']")[:60]:
            driver.execute_script("arguments[0].click()", link)
        assert driver.execute_script("return window.__pwned") is None
        assert driver.current_url.startswith(hostile_pages[which].as_uri())
        driver.execute_script("window.scrollTo(0, 0)")
        assert_fits(driver, 375)
    finally:
        _width(driver, None)
