"""The clinic web page in a real browser: the chat widget against the real Rasa stack.

Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`) driven by Playwright for
Python; no browser download. Patients type free text (and click one quick reply) until a result
card appears; the page is reloaded, restarted, checked with axe-core (web/node_modules) and
photographed into results/.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from playwright import sync_api as playwright_sync

from harness.stack import ROOT, free_port, running_stack, wait_for

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "results"

# A patient with an ordinary strain: regex on the bot's last question -> free-text answer.
SELF_CARE_ANSWERS = {
    r"where exactly": "low down in the middle",
    r"how long": "3 days",
    r"how old": "I'm 34",
    r"scale of 0|0 to 10": "about a 5",
    r"better, getting worse|better or worse": "a bit better today",
    r"tried": "just rest and a hot shower",
    r"doing when|how did it start": "lifting boxes when we moved house",
    r"spread down|leg": "no",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page's origin, served by scripts/serve_web.py, with the real stack behind it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    if not AXE.exists():
        pytest.fail("web/node_modules is missing: make install (npm ci in web/)")
    workdir = tmp_path_factory.mktemp("web")
    web_port = free_port()
    origin = f"http://127.0.0.1:{web_port}"
    with running_stack(workdir, extra_args=("--cors", origin)) as stack:
        log = workdir / "web.log"
        server = subprocess.Popen([sys.executable, "-m", "scripts.serve_web", "--port", str(web_port),
                                   "--bind", "127.0.0.1", "--rasa-url", stack.rasa_url],
                                  cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  stdout=log.open("w"), stderr=subprocess.STDOUT)
        try:
            wait_for(f"{origin}/", server, log, seconds=30)
            yield origin
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_sync.Browser]:
    """Debian's Chromium, headless."""
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: playwright_sync.Browser, site: str) -> Iterator[playwright_sync.Page]:
    """A fresh browser profile (empty storage) on the clinic page; fails on any page error."""
    # bypass_csp: the page's Content-Security-Policy would block the injected axe-core script.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + "/")
    yield page
    context.close()
    assert not errors, errors


def log_items(page) -> int:
    return page.locator("#bpc-log > .bpc-item").count()


def wait_for_reply(page, before: int, quiet: float = 1.5, timeout: float = 60) -> None:
    """Wait until the bot has answered (something after the patient's message) and gone quiet."""
    page.wait_for_function(
        "n => { const items = document.querySelectorAll('#bpc-log > .bpc-item');"
        " return items.length > n && !items[items.length - 1].classList.contains('bpc-msg--user'); }",
        arg=before + 1, timeout=timeout * 1000)
    count, since = log_items(page), time.time()
    while time.time() - since < quiet:
        time.sleep(0.25)
        if log_items(page) != count:
            count, since = log_items(page), time.time()


def say(page, text: str) -> None:
    """Type a message into the widget as a patient would (keyboard), and wait for the reply."""
    before = log_items(page)
    page.locator("#bpc-input").fill(text)
    page.locator("#bpc-input").press("Enter")
    wait_for_reply(page, before)


def last_bot_text(page) -> str:
    return page.locator("#bpc-log > .bpc-item.bpc-msg--bot").last.inner_text()


def replies_to_last_message(page) -> str:
    """Everything the bot said after the patient's last message."""
    return page.evaluate("""() => {
        const items = [...document.querySelectorAll('#bpc-log > .bpc-item')];
        const last = items.map(i => i.classList.contains('bpc-msg--user')).lastIndexOf(true);
        return items.slice(last + 1).map(i => i.innerText).join('\\n'); }""")


def answer_until_card(page, answers: dict[str, str], max_turns: int = 25) -> None:
    """Answer each question (free text, 'No.' by default) until a result card is shown."""
    clicked = False
    for _ in range(max_turns):
        if page.locator(".bpc-card").count():
            return
        question = last_bot_text(page).lower()
        replies = page.locator(".bpc-reply")
        if not clicked and replies.count() and re.search(r"spread down", question):
            # One quick reply by mouse: it sends the button's plain-text payload.
            before = log_items(page)
            replies.filter(has_text=re.compile(r"^No$")).click()
            wait_for_reply(page, before)
            assert page.locator("#bpc-log > .bpc-item.bpc-msg--user .bpc-msg-text").last.inner_text() == "No"
            clicked = True
            continue
        reply = next((a for pattern, a in answers.items() if re.search(pattern, question)), "No.")
        say(page, reply)
    raise AssertionError(f"no result card after {max_turns} turns; last question: {last_bot_text(page)!r}")


def show_card(page) -> None:
    """Scroll the chat (only the chat) so that the latest result card is at the top, for a screenshot."""
    page.evaluate("""() => {
        const body = document.querySelector('.bpc-body'), cards = document.querySelectorAll('.bpc-card');
        const gap = cards[cards.length - 1].getBoundingClientRect().top - body.getBoundingClientRect().top;
        body.scrollTo({top: body.scrollTop + gap - 8, behavior: 'instant'}); }""")


def open_with_keyboard(page) -> None:
    """Open the widget from the keyboard; the text box gets the focus."""
    page.locator("#bpc-launcher").focus()
    page.keyboard.press("Enter")
    assert page.locator("#bpc-panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "bpc-input"
    page.wait_for_selector(".bpc-root[data-connected=true]", state="attached", timeout=30000)


def axe_violations(page) -> list[dict]:
    """axe-core (WCAG 2.x A/AA and best practices) on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return result


def check_accessibility(page, name: str) -> None:
    """No serious or critical axe violation; every finding is written to results/."""
    violations = axe_violations(page)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"web_axe_{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    print(f"axe {name}: {len(violations)} violations, {len(serious)} serious or critical")
    assert not serious, json.dumps(serious, indent=2)


def test_self_care_conversation_reload_and_start_again(page) -> None:
    assert "Riverside Family Clinic" in page.locator("header").inner_text()
    open_with_keyboard(page)
    say(page, "I hurt my lower back lifting boxes 3 days ago")
    assert "Riverside Family Clinic" in page.locator("#bpc-log").inner_text()
    answer_until_card(page, SELF_CARE_ANSWERS)

    card = page.locator(".bpc-card").last
    assert card.get_attribute("data-level") == "self_care"
    assert card.get_attribute("data-imaging") == "none"
    assert "care for your back at home" in card.inner_text()
    assert "do not need an X-ray or MRI" in card.inner_text()
    assert card.locator("a.bpc-call--clinic").get_attribute("href") == "tel:5550100"  # one tap to the clinic
    assert page.locator("#bpc-emergency").is_hidden()
    page.wait_for_timeout(1500)  # the advice messages after the card
    show_card(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web_self_care.png"))
    check_accessibility(page, "self_care")

    keep_advice(page, card)

    # Typing works whatever buttons are showing: the text box is never disabled.
    assert page.locator("#bpc-input").is_enabled()

    # A reload keeps the session id and shows the same conversation.
    session = page.evaluate("window.BackPainChat.sessionId()")
    transcript = page.locator("#bpc-log").inner_text()
    page.reload()
    assert page.locator("#bpc-panel").is_visible()  # still open in this tab
    assert page.evaluate("window.BackPainChat.sessionId()") == session
    assert page.locator("#bpc-log").inner_text() == transcript
    assert page.locator(".bpc-card[data-level=self_care]").count() == 1
    stored = json.loads(page.evaluate("localStorage.getItem('backpainChat.v1')"))
    assert stored["sessionId"] == session and len(stored["messages"]) == log_items(page)

    # The same session goes on after the reload: a follow-up question gets an answer.
    page.wait_for_selector(".bpc-root[data-connected=true]", state="attached", timeout=30000)
    say(page, "Do I need an X-ray?")
    assert re.search(r"x-ray|scan|mri", replies_to_last_message(page), re.I)

    # Start again: a new session id and an empty conversation, and the new chat works.
    page.get_by_role("button", name="Start again").click()
    assert log_items(page) == 0
    assert page.evaluate("window.BackPainChat.sessionId()") != session
    assert json.loads(page.evaluate("localStorage.getItem('backpainChat.v1')"))["messages"] == []
    page.wait_for_selector(".bpc-root[data-connected=true]", state="attached", timeout=30000)
    hostile = 'my back hurts <img src=x onerror="window.__xss=1"><b>bold</b>'
    say(page, hostile)
    assert page.locator("#bpc-log > .bpc-item.bpc-msg--user .bpc-msg-text").first.inner_text() == hostile
    assert page.locator("#bpc-log img, #bpc-log b").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator("#bpc-log > .bpc-item.bpc-msg--bot").count() >= 1

    # Escape closes the widget and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    assert page.locator("#bpc-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "bpc-launcher"


def keep_advice(page, card) -> None:
    """Every message shows its time; "Save my advice" downloads the advice and the chat as text; "Print"
    prints only the chat (print stylesheet); photographed at 360 px."""
    times = page.locator("#bpc-log time.bpc-time")
    assert times.count() == page.locator("#bpc-log > .bpc-msg").count() > 0
    assert re.match(r"\d{4}-\d\d-\d\dT", times.first.get_attribute("datetime"))
    with page.expect_download() as download:
        card.get_by_role("button", name="Save my advice").click()
    assert re.fullmatch(r"back-pain-advice-\d{4}-\d\d-\d\d\.txt", download.value.suggested_filename)
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved.startswith("Back pain advice from Riverside Family Clinic\nSaved on ")
    assert "care for your back at home" in saved and "do not need an X-ray or MRI" in saved
    assert re.search(r"\[[^\]]+\] You: I hurt my lower back lifting boxes 3 days ago", saved)
    assert "Keep moving" in saved.split("The whole chat")[0]  # the advice after the result, before the chat

    page.evaluate("window.print = () => { window.__printed = true; }")  # no print dialog in a test
    card.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") and page.evaluate(
        "document.documentElement.classList.contains('bpc-printing')")
    page.emulate_media(media="print")
    assert page.locator("header").first.is_hidden() and page.locator(".bpc-form").is_hidden()
    assert page.locator("#bpc-launcher").is_hidden() and page.locator("#bpc-log").is_visible()
    page.emulate_media(media="screen")
    page.evaluate("document.documentElement.classList.remove('bpc-printing')")

    page.set_viewport_size({"width": 360, "height": 740})
    show_card(page)
    page.screenshot(path=str(RESULTS / "web_self_care_360.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def keeps_focus_inside(page) -> None:
    """Full screen on a phone: Tab and Shift+Tab never leave the chat panel."""
    inside = "document.getElementById('bpc-panel').contains(document.activeElement)"
    page.locator("#bpc-input").focus()
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), page.evaluate("document.activeElement.outerHTML")
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside), page.evaluate("document.activeElement.outerHTML")


def test_emergency_banner_same_turn_and_phone_width(page) -> None:
    open_with_keyboard(page)
    say(page, "my back hurts and I can't feel the toilet paper when I wipe")

    card = page.locator(".bpc-card").first
    assert card.get_attribute("data-level") == "emergency"
    assert card.get_attribute("data-imaging") == "immediate"
    banner = page.locator("#bpc-emergency")
    assert banner.is_visible()
    assert "go now" in banner.inner_text().lower()
    assert "911" in banner.inner_text()
    assert banner.get_by_role("link").get_attribute("href") == "tel:911"
    # The banner sits at the top of the chat, above the conversation.
    assert banner.bounding_box()["y"] < page.locator(".bpc-body").bounding_box()["y"]
    assert re.search(r"emergency", page.locator("#bpc-log").inner_text(), re.I)
    show_card(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web_emergency.png"))
    check_accessibility(page, "emergency")

    # The banner survives a reload.
    page.reload()
    assert page.locator("#bpc-emergency").is_visible()

    # A phone: 360 px wide, the chat fills the screen and nothing overflows sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    panel = page.locator("#bpc-panel").bounding_box()
    assert panel["x"] >= 0 and panel["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("#bpc-input").is_visible() and page.locator(".bpc-send").is_visible()
    keeps_focus_inside(page)
    show_card(page)
    page.screenshot(path=str(RESULTS / "web_mobile_360.png"))
    check_accessibility(page, "mobile_360")
