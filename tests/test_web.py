"""The clinic web page in a real browser: the chat widget against the real Rasa stack.

Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`) driven by Playwright for
Python; no browser download. Patients type free text (and click one quick reply) until a result
card appears; the page is reloaded, restarted, checked with axe-core (web/node_modules) and
photographed into results/. In Spanish (issue 15): the Spanish page, a conversation typed in Spanish
to a Spanish result card, and the widget's language switch.
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

from clinic import wording
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

# The same patient, typing in Spanish (questions as domain.yml's Spanish variations ask them).
SPANISH_ANSWERS = {
    r"qué le pasa en la espalda": "me duele la parte baja de la espalda",
    r"dónde le duele|arriba de la espalda": "abajo, en el centro",
    r"desde cuándo|cuánto tiempo": "desde hace 3 días",
    r"cuántos años|grupo de edad": "tengo 34 años",
    r"del 0 al 10|del 0 \(sin dolor\)": "como un 5",
    r"va mejor|está bajando": "un poco mejor hoy",
    r"ha probado": "solo descanso y una ducha caliente",
    r"qué estaba haciendo": "estaba cargando cajas en la mudanza",
    r"le preocupa|evita moverse|ánimo": "nada",
    r"confía": "mucho",
    r"baja a una pierna|nalga o a la pierna": "no",
}
# What the patient who switches language in the middle types: the English question's answer, in Spanish.
SPANISH_FOR_ENGLISH = {
    r"where exactly": "abajo, en el centro",
    r"how long": "desde hace 3 días",
    r"how old": "tengo 34 años",
    r"scale of 0|0 to 10": "como un 5",
    r"better, getting worse|better or worse": "un poco mejor hoy",
    r"tried": "solo descanso",
    r"doing when|how did it start": "cargando cajas",
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


def answer_until_card(page, answers: dict[str, str], max_turns: int = 25, click: bool = True) -> None:
    """Answer each question (free text, 'No.' by default) until a result card is shown; with `click`, the
    leg question once with its quick reply."""
    clicked = not click
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


# ---------- Spanish (issue 15) ----------

def response_patterns(language: str) -> list[re.Pattern[str]]:
    """Every message text domain.yml can send in `language` (its Spanish variations, or the unconditioned
    English ones), as patterns: values filled in by the server match any text, and a response is sent as
    one chat message per paragraph (Rasa's socket.io channel splits at blank lines)."""
    patterns = []
    for name, options in wording.responses().items():
        if name.startswith(("utter_page_", "utter_summary_")):
            continue
        for option in options:
            spanish = any(c.get("name") == "language" and c.get("value") == "es" for c in option.get("condition") or [])
            if spanish != (language == "es") or not option.get("text"):
                continue
            for part in option["text"].strip().split("\n\n"):
                if len(re.sub(r"\{\w+\}|\W", "", part)) < 4:
                    continue  # a bare value ({summary}) says nothing about the language
                patterns.append(re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(part.strip())), re.S))
    return patterns


def bot_texts(page, since: int = 0) -> list[str]:
    """The bot's chat messages (exactly as received: the saved transcript), from message `since` on."""
    messages = json.loads(page.evaluate("localStorage.getItem('backpainChat.v1')"))["messages"]
    return [m["text"] for m in messages[since:] if m.get("from") == "bot" and m.get("text")]


def saved_count(page) -> int:
    return len(json.loads(page.evaluate("localStorage.getItem('backpainChat.v1')"))["messages"])


def assert_all_in(language: str, texts: list[str]) -> None:
    """Each message is one of domain.yml's responses in `language`."""
    patterns = response_patterns(language)
    assert texts
    for text in texts:
        assert any(p.fullmatch(text.strip()) for p in patterns), f"not a {language} response: {text!r}"


def widget_labels(page) -> dict[str, str]:
    """The widget's own words as shown: title, input label, send button, launcher, privacy link."""
    return page.evaluate("""() => ({
        title: document.querySelector('#bpc-title').textContent,
        label: document.querySelector('.bpc-label').textContent,
        send: document.querySelector('.bpc-send').textContent,
        launcher: document.querySelector('#bpc-launcher').textContent,
        privacy: document.querySelector('#bpc-privacy a').textContent,
        privacyHref: document.querySelector('#bpc-privacy a').getAttribute('href'),
        lang: document.querySelector('.bpc-root').lang})""")


def expected_labels(language: str) -> dict[str, str]:
    texts = wording.texts("utter_page_", language)
    return {"title": texts["name"], "label": texts["input_label"], "send": texts["send"],
            "privacy": texts["privacy_link"], "lang": language}


def assert_labels(page, language: str) -> None:
    """Every label of the widget in `language`, and the switch says which language is chosen."""
    labels = widget_labels(page)
    assert {k: labels[k] for k in expected_labels(language)} == expected_labels(language)
    assert wording.texts("utter_page_", language)["name"] in labels["launcher"]
    assert labels["privacyHref"] == ("/es/privacy.html" if language == "es" else "/privacy.html")
    for other in ("en", "es"):
        button = page.locator(f".bpc-language[data-language={other}]")
        assert button.get_attribute("aria-pressed") == str(other == language).lower()


def sent_to_rasa(page) -> list[str]:
    """Everything the page sends to Rasa from now on: socket.io packets over WebSocket or long-polling."""
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(str(frame))))
    page.on("request", lambda request: sent.append(request.post_data or "")
            if "/socket.io/" in request.url and request.method == "POST" else None)
    return sent


def uttered(sent: list[str]) -> list[dict]:
    """The user_uttered events among socket.io packets ('42["user_uttered",{...}]')."""
    events = []
    for packet in sent:
        for match in re.finditer(r'42(\["user_uttered".*?\])(?=\x1e|$)', packet, re.S):
            events.append(json.loads(match.group(1))[1])
    return events


def press_language(page, name: str) -> None:
    """Choose a language in the widget's header with the keyboard (a real button: focus, Enter)."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"


def test_the_spanish_page_and_its_privacy_notice(page, site: str) -> None:
    # The English page links to the Spanish one, and back.
    link = page.locator("header a[hreflang=es]")
    assert link.inner_text() == "Español" and link.get_attribute("lang") == "es"
    link.click()
    page.wait_for_url(site + "/es/")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert "¿Le duele la espalda?" in page.locator("h1").inner_text()
    assert "Horario y contacto" in page.locator("nav").inner_text()
    assert page.locator("header a[hreflang=en]").inner_text() == "English"
    assert page.locator(".emergency-strip").inner_text().startswith("En una emergencia, llame al 911")
    # The clinic's details are filled in; the opening hours stay in Spanish (clinic.yml's are English).
    assert "Riverside Family Clinic" in page.locator("header").inner_text()
    assert "De lunes a viernes" in page.locator("#visit").inner_text()

    # The widget starts in the page's language: every label from domain.yml's Spanish variations.
    page.get_by_role("button", name="Empezar la revisión del dolor de espalda").click()
    assert page.locator("#bpc-panel").is_visible()
    assert_labels(page, "es")
    texts = wording.texts("utter_page_", "es")
    intro = page.locator(".bpc-intro").inner_text()
    assert texts["intro"] in intro and texts["privacy"] in intro
    assert page.get_by_role("button", name=texts["restart"]).is_visible()
    assert page.locator(".bpc-close").get_attribute("aria-label") == texts["close_label"]
    assert page.locator(".bpc-languages").get_attribute("role") == "group"
    page.wait_for_selector(".bpc-root[data-connected=true]", state="attached", timeout=30000)
    check_accessibility(page, "spanish_page")

    # The privacy notice in Spanish, with the right language and its way back.
    privacy = page.context.new_page()
    privacy.goto(site + "/es/privacy.html")
    assert privacy.evaluate("document.documentElement.lang") == "es"
    assert privacy.locator("h1").inner_text() == wording.texts("utter_page_privacy_", "es")["title"]
    assert "borrar mis datos" in privacy.locator("main").inner_text()
    assert privacy.locator("main a[href='/es/']").count() == 1
    assert privacy.locator("a[hreflang=en]").get_attribute("href") == "/privacy.html"
    privacy.goto(site + "/privacy.html")
    assert privacy.evaluate("document.documentElement.lang") == "en"
    assert privacy.locator("a[hreflang=es]").get_attribute("href") == "/es/privacy.html"
    privacy.close()


def test_a_spanish_conversation_typed_on_the_spanish_page(page, site: str) -> None:
    sent = sent_to_rasa(page)
    page.goto(site + "/es/")
    open_with_keyboard(page)
    say(page, "Me duele la espalda desde hace 3 días")
    assert "Riverside Family Clinic" in page.locator("#bpc-log").inner_text()
    answer_until_card(page, SPANISH_ANSWERS, click=False)
    page.wait_for_timeout(1500)  # the advice messages after the card

    # Every message of the assistant, from the greeting to the advice, is a Spanish response; the page's
    # language went with every message.
    assert_all_in("es", bot_texts(page))
    events = uttered(sent)
    assert events and all(event.get("metadata") == {"language": "es"} for event in events)
    card = page.locator(".bpc-card").last
    assert card.get_attribute("data-level") == "self_care" and card.get_attribute("data-imaging") == "none"
    texts = wording.texts("utter_page_", "es")
    shown = card.text_content()  # as written (the kicker is shown in capitals)
    for key in ("card_kicker", "card_title_self_care", "card_when", "card_when_self_care", "card_scan", "card_scan_none",
                "card_note", "call_clinic"):
        assert texts[key] in shown, key
    assert card.get_by_role("button", name=texts["save"]).is_visible()
    assert card.get_by_role("button", name=texts["print"]).is_visible()
    # Typed, not clicked: every patient message is one of the Spanish answers.
    typed = page.locator("#bpc-log > .bpc-msg--user .bpc-msg-text").all_inner_texts()
    assert set(typed[1:]) <= set(SPANISH_ANSWERS.values()) | {"No."}
    show_card(page)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "web_es_self_care.png"))

    # The saved advice is in Spanish too.
    with page.expect_download() as download:
        card.get_by_role("button", name=texts["save"]).click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    (RESULTS / "web_es_advice.txt").write_text(saved, encoding="utf-8")  # the whole Spanish chat, to read
    assert saved.startswith(texts["file_title"] + "\nGuardado el ")
    assert texts["card_title_self_care"] in saved and "Usted: Me duele la espalda desde hace 3 días" in saved

    # The card's labels follow the widget's language; the level and scan advice are the payload's codes.
    press_language(page, "English")
    assert texts["card_title_self_care"] not in card.inner_text()
    assert wording.texts("utter_page_")["card_title_self_care"] in card.inner_text()
    press_language(page, "Español")
    assert card.text_content() == shown


def test_the_language_switch_changes_the_labels_and_the_next_reply(page) -> None:
    sent = sent_to_rasa(page)
    open_with_keyboard(page)
    assert_labels(page, "en")
    say(page, "I hurt my lower back lifting boxes 3 days ago")
    assert_all_in("en", bot_texts(page))

    # Español: the labels at once; the next reply in Spanish, whatever language the question was in.
    press_language(page, "Español")
    assert_labels(page, "es")
    assert page.locator("#bpc-log").get_attribute("aria-label") == wording.texts("utter_page_", "es")["conversation"]
    question = last_bot_text(page).lower()
    before = saved_count(page)
    say(page, next((a for pattern, a in SPANISH_FOR_ENGLISH.items() if re.search(pattern, question)), "No."))
    assert_all_in("es", bot_texts(page, before))
    first, chosen = uttered(sent)[0], uttered(sent)[-1]
    assert "metadata" not in first and "customData" not in first  # no choice yet: nothing sent
    assert chosen["metadata"] == chosen["customData"] == {"language": "es"}

    # The choice is kept with the saved chat: a reload of the (English) page keeps the widget in Spanish.
    page.reload()
    page.wait_for_selector(".bpc-root[data-connected=true]", state="attached", timeout=30000)
    assert_labels(page, "es")

    # English again: the labels, then the next reply.
    press_language(page, "English")
    assert_labels(page, "en")
    question = last_bot_text(page).lower()
    before = saved_count(page)
    answer = next((a for pattern, a in SELF_CARE_ANSWERS.items() if re.search(pattern, question)), None)
    answer = answer or next((english for pattern, english in (
        (r"dónde le duele", "low down in the middle"), (r"cuántos años|edad", "I'm 34"), (r"del 0 al 10", "about a 5"),
        (r"va mejor", "a bit better today"), (r"probado", "just rest"), (r"qué estaba haciendo", "lifting boxes"))
        if re.search(pattern, question)), "No.")
    say(page, answer)
    assert_all_in("en", bot_texts(page, before))


def test_spanish_typed_on_the_english_page_before_any_choice_gets_spanish(page) -> None:
    """The English page sends no language until the patient picks one, so the assistant goes by the
    patient's words (issue 15: "hola, tengo dolor de espalda" used to get an English greeting)."""
    sent = sent_to_rasa(page)
    open_with_keyboard(page)
    say(page, "hola, me duele mucho la espalda desde hace 3 días")
    assert_all_in("es", bot_texts(page))
    assert [event["message"] for event in uttered(sent)] == ["hola, me duele mucho la espalda desde hace 3 días"]
    assert "metadata" not in uttered(sent)[0]
    assert_labels(page, "en")  # the widget's own words stay those of the page until the result...
    answer_until_card(page, SPANISH_ANSWERS, click=False)
    assert_labels(page, "es")  # ... which names the conversation's language: the card is in Spanish
    card = page.locator(".bpc-card").last.text_content()
    assert wording.texts("utter_page_", "es")["card_title_self_care"] in card
    assert not any("metadata" in event for event in uttered(sent))  # followed, not chosen: nothing sent
