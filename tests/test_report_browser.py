"""Issue 11 acceptance: the batch HTML report in headless Chromium.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and selenium;
skips with the reason otherwise. The driver path is explicit so Selenium Manager never runs
(and never downloads anything).
"""
from __future__ import annotations

import os
import shutil
import time

import pytest

from scorer import render_html
from scorer.report import verdict_for

CHROMEDRIVER = "/usr/bin/chromedriver"


def _browser_or_skip(profile_dir):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium chromium-driver)")
    if not os.access(CHROMEDRIVER, os.X_OK):
        pytest.skip(f"{CHROMEDRIVER} is missing (apt-get install chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: no Selenium Manager downloads
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile_dir}", "--window-size=1280,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = _browser_or_skip(tmp_path_factory.mktemp("chromium-profile"))
    yield d
    d.quit()


@pytest.fixture(scope="module")
def seed_rows(seed_paths):
    import scorer

    return [scorer.score_file(p).to_dict() for p in seed_paths]  # as in the JSONL: no body


def _open(driver, page_html, path):
    path.write_text(page_html, encoding="utf-8")
    driver.get(path.as_uri())
    driver.find_element("css selector", "#rows tr")  # the script has filled the table
    return path


def _severe(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _scores_in_table(driver):
    return [td.text for td in driver.find_elements("css selector", "#rows td.score")]


def test_seed_report_in_chromium(driver, seed_rows, tmp_path):
    _open(driver, render_html.render_page(seed_rows, base=[os.getcwd()]), tmp_path / "report.html")
    rows = driver.find_elements("css selector", "#rows tr")
    assert len(rows) == 5
    panel = driver.find_element("id", "a0")
    assert "000_406ec7b0fca02697" in panel.find_element("css selector", ".meta").text
    if not seed_rows[0]["evidence"]:
        pytest.fail("seed 000 has no evidence spans; the highlight check needs at least one")
    marks = panel.find_elements("css selector", ".body mark")
    assert marks, "no highlighted span in seed 000's panel"
    first = seed_rows[0]["evidence"][0]
    assert any(first["reason"] in (m.get_attribute("title") or "") for m in marks)
    assert _severe(driver) == []
    shot = tmp_path / "report.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_sorting_by_score(driver, seed_rows, tmp_path):
    # The seed rows' own scores when a reliability model exists; until then, stand-in scores
    # (one left unscored) so the check is about the page's sorting, not about the model.
    rows = [dict(r) for r in seed_rows]
    if len({r["score"] for r in rows}) < 4:
        for r, s in zip(rows, (62.5, 12.0, None, 88.0, 40.0)):
            r["score"], r["verdict"] = s, verdict_for(s)
    _open(driver, render_html.render_page(rows, base=[os.getcwd()]), tmp_path / "sorted.html")
    unsorted = _scores_in_table(driver)
    header = driver.find_element("css selector", 'th button[data-key="0"]')
    header.click()
    asc = _scores_in_table(driver)
    header.click()
    desc = _scores_in_table(driver)
    nums = lambda col: [float(x) for x in col if x != "n/a"]  # noqa: E731
    assert nums(asc) == sorted(nums(unsorted)) and nums(desc) == sorted(nums(unsorted), reverse=True)
    assert asc != unsorted or nums(unsorted) == sorted(nums(unsorted))
    if "n/a" in unsorted:  # unscored rows stay last either way
        assert asc[-1] == "n/a" and desc[-1] == "n/a"
    th = header.find_element("xpath", "..")
    assert th.get_attribute("aria-sort") == "descending"
    assert _severe(driver) == []


def test_filter_and_keyboard(driver, seed_rows, tmp_path):
    _open(driver, render_html.render_page(seed_rows, base=[os.getcwd()]), tmp_path / "keys.html")
    from selenium.webdriver.common.keys import Keys

    body = driver.find_element("tag name", "body")
    body.send_keys("/")
    box = driver.switch_to.active_element
    assert box.get_attribute("id") == "filter"
    box.send_keys("003_798332")
    assert len(driver.find_elements("css selector", "#rows tr")) == 1
    assert len(driver.find_elements("css selector", "#panels .panel")) == 1
    box.send_keys(Keys.ESCAPE)
    box.clear()
    box.send_keys("x")  # re-filter to all then clear: input events
    box.send_keys(Keys.BACKSPACE, Keys.ESCAPE)
    assert len(driver.find_elements("css selector", "#rows tr")) == 5
    active = driver.switch_to.active_element
    assert active.tag_name == "tr" and active.get_attribute("data-i") == "0"
    active.send_keys("j")
    active = driver.switch_to.active_element
    assert active.get_attribute("data-i") == "1"
    active.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "a1"
    assert _severe(driver) == []


def test_pagination_of_many_rows(driver, tmp_path):
    # Above COMPRESS_OVER rows the panels are shipped deflated: the browser must unpack them.
    body = "Short body with Openai in it."
    rows = [{"path": f"crawl/{i:05d}.txt", "status": "ok", "title": f"Article {i}", "score": float(i % 101),
             "verdict": verdict_for(float(i % 101)), "facets": {}, "reasons": [], "body": body,
             "evidence": [{"feature": "mt.casing", "start": 16, "end": 22, "snippet": "Openai",
                           "reason": f"casing {i}"}]} for i in range(1000)]
    page = render_html.render_page(rows, page_size=100)
    assert '"packed":true' in page
    t0 = time.monotonic()
    _open(driver, page, tmp_path / "many.html")
    assert len(driver.find_elements("css selector", "#rows tr")) == 100
    driver.find_element("id", "next").click()
    assert driver.find_element("css selector", "#rows tr").get_attribute("data-i") == "100"
    assert "page 2 of 10" in driver.find_element("id", "pageinfo").text
    from selenium.webdriver.support.ui import WebDriverWait

    mark = WebDriverWait(driver, 10).until(lambda d: d.find_elements("css selector", "#a100 .body mark"))[0]
    assert mark.text == "Openai" and mark.get_attribute("title") == "mt: casing 100"
    assert len(driver.find_elements("css selector", "#panels .panel")) == 100
    assert time.monotonic() - t0 < 20
    assert _severe(driver) == []


def test_rows_in_several_data_blocks(driver, tmp_path, monkeypatch):
    # A big batch's rows come in several <script> blocks (one would pass the longest string
    # Chromium holds, ~70,000 articles): the page reads them all, in order.
    monkeypatch.setattr(render_html, "DATA_BLOCK_CHARS", 50_000, raising=False)
    rows = [{"path": f"crawl/{i:04d}.txt", "status": "ok", "title": f"Article {i}", "score": float(i % 101),
             "verdict": verdict_for(float(i % 101)), "facets": {}, "reasons": [], "body": "Openai said so.",
             "evidence": [{"feature": "mt.casing", "start": 0, "end": 6, "snippet": "Openai", "reason": "casing"}]}
            for i in range(1000)]
    page = render_html.render_page(rows, page_size=250)
    assert page.count('class="spinscore-more"') > 3
    _open(driver, page, tmp_path / "blocks.html")
    assert "of 1000" in driver.find_element("id", "pageinfo").text
    for _ in range(3):
        driver.find_element("id", "next").click()
    trs = driver.find_elements("css selector", "#rows tr")
    assert len(trs) == 250 and trs[-1].get_attribute("data-i") == "999"
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.find_elements("css selector", "#a999 .body mark"))
    assert _severe(driver) == []


def test_script_in_article_is_text_and_never_runs(driver, tmp_path):
    body = "Before <script>alert(1)</script> after. <img src=x onerror=alert(2)>"
    row = {"path": 'evil"><script>alert(3)</script>.html', "status": "ok", "sha256": None,
           "title": "</script><script>alert(4)</script>\u2028<!--", "score": 20.0,
           "verdict": "likely unreliable", "facets": {"mt": 0.9}, "reasons": [],
           "evidence": [{"feature": "ai_style.x", "start": 7, "end": 32, "snippet": "<script>alert(1)</script>",
                         "reason": '"><script>alert(5)</script>'}], "body": body}
    _open(driver, render_html.render_page([row]), tmp_path / "xss.html")
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - raises when no dialog is open
    panel_text = driver.find_element("css selector", "#a0 .body").text
    assert "<script>alert(1)</script>" in panel_text
    assert "<img src=x onerror=alert(2)>" in panel_text
    assert "</script><script>alert(4)</script>" in driver.find_element("css selector", "#rows td.title").text
    assert driver.execute_script("return document.scripts.length") == 2  # the data block and ours
    assert driver.find_elements("css selector", "#panels script, #panels img, #rows script") == []
    assert _severe(driver) == []
