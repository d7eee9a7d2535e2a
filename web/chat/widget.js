/*
 * Back pain check: a small chat widget for Rasa's socket.io channel.
 *
 * Needs window.io (socket.io-client 4.x, loaded before this file) and, optionally,
 * window.BACKPAIN_CHAT_CONFIG = {socketUrl, socketPath, clinic: {clinic_name, clinic_phone,
 * emergency_number}, texts: {...}, languages: {en: {name, texts, privacyUrl}, es: {...}}}
 * (served as config.js; texts: domain.yml's utter_page_* responses, in each language).
 * Languages (issue 15): the widget starts in the page's language (<html lang>), and a switch in its
 * header (English | Español) changes every label, the result cards included. Once a language is
 * chosen (the switch, or a page in a language other than the default) it is sent with every message
 * as metadata {language} and the assistant answers in it; until then the assistant goes by the
 * patient's own words. The choice is kept with the saved chat.
 * Every piece of text, from the patient or the bot, is put on the page with textContent, never as HTML.
 * Each message shows its time; after a result the patient can save the advice and the chat as a text
 * file or print them (a print stylesheet shows only the chat). On a phone, where the panel fills the
 * screen, Tab keeps focus inside it.
 *
 * Socket.io events (Rasa's socketio channel, session_persistence: true):
 *   -> session_request {session_id}     <- session_confirm session_id
 *   -> user_uttered {message, session_id, metadata?: {language}, customData?: {language}}
 *   <- bot_uttered {text, quick_replies?} | {custom: {triage: {...}, language}}
 */
(function () {
  "use strict";

  var config = window.BACKPAIN_CHAT_CONFIG || {};
  var clinic = {
    clinic_name: "Riverside Family Clinic",
    clinic_phone: "555-0100",
    emergency_number: "911"
  };
  Object.keys(config.clinic || {}).forEach(function (key) {
    if (config.clinic[key]) clinic[key] = String(config.clinic[key]);
  });
  var SOCKET_URL = config.socketUrl || "http://localhost:5005";
  var SOCKET_PATH = config.socketPath || "/socket.io";
  var STORE_KEY = "backpainChat.v1";          // localStorage: session id and transcript
  var OPEN_KEY = "backpainChat.open";         // sessionStorage: panel open in this tab
  // A saved chat is restored only while the server's session lasts (domain.yml session_expiration_time)
  var MAX_AGE_MS = (Number(config.sessionMinutes) || 120) * 60 * 1000;
  var MAX_MESSAGES = 400;

  // Every sentence the widget shows comes from domain.yml (utter_page_*, config.js "languages" / "texts"),
  // in the chosen language, with the clinic's values already filled in; {flags}, {date} and
  // {emergency_link} are filled in here.
  var LANGUAGES = config.languages && typeof config.languages === "object" ? config.languages : {};
  var DEFAULT_LANGUAGE = LANGUAGES[config.defaultLanguage] ? config.defaultLanguage :
    (LANGUAGES.en ? "en" : Object.keys(LANGUAGES)[0] || "en");
  var PAGE_LANGUAGE = (function () {
    var lang = String(document.documentElement.lang || "").toLowerCase().split("-")[0];
    return LANGUAGES[lang] ? lang : DEFAULT_LANGUAGE;
  })();
  var TEXTS = config.texts || {};
  function textsOf(language) {
    var about = LANGUAGES[language];
    return about && about.texts ? about.texts : (config.texts || {});
  }
  function t(key) { return TEXTS[key] || textsOf(DEFAULT_LANGUAGE)[key] || ""; }
  var LEVELS = ["emergency", "urgent", "routine", "self_care"];
  var IMAGING = ["immediate", "defer", "none"];

  /* ---------- saved state ---------- */

  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // language: the widget's language. languageChosen: the patient chose it (the switch, or the page of a
  // language other than the default), so it is sent with every message. pageLanguage: the page it was
  // chosen on; opening the page of another language (its "English" / "Español" link) is a new choice.
  function freshState(language, chosen) {
    return { sessionId: newSessionId(), savedAt: Date.now(), messages: [],
             language: language || PAGE_LANGUAGE, languageChosen: chosen === undefined ? PAGE_LANGUAGE !== DEFAULT_LANGUAGE : chosen,
             pageLanguage: PAGE_LANGUAGE };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && /^[0-9a-f]{32}$/.test(saved.sessionId) &&
          Array.isArray(saved.messages) && Date.now() - Number(saved.savedAt) < MAX_AGE_MS) {
        if (saved.pageLanguage !== PAGE_LANGUAGE) {  // this chat, first seen on this page
          saved.languageChosen = saved.pageLanguage ? true : PAGE_LANGUAGE !== DEFAULT_LANGUAGE;
          saved.language = PAGE_LANGUAGE;
          saved.pageLanguage = PAGE_LANGUAGE;
        }
        if (!LANGUAGES[saved.language]) saved.language = PAGE_LANGUAGE;
        saved.languageChosen = !!saved.languageChosen;
        return saved;
      }
    } catch (e) { /* unreadable: start fresh */ }
    return freshState();
  }

  function saveState() {
    state.savedAt = Date.now();
    if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* storage full or blocked: the chat still works, it just won't survive a reload */ }
  }

  var state = loadState();
  saveState();
  TEXTS = textsOf(state.language);

  /* ---------- DOM helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function telHref(number) {
    return "tel:" + String(number).replace(/[^0-9+]/g, "");
  }

  // A node whose text (or an attribute) is a text of the chosen language: set now, and again by relabel()
  // when the patient switches language (in place, so the chat's live region does not read it all again).
  function says(node, key) {
    node.setAttribute("data-bpc-text", key);
    node.textContent = t(key);
    return node;
  }

  function labelled(node, attribute, key) {
    node.setAttribute("data-bpc-" + attribute, key);
    node.setAttribute(attribute, t(key));
    return node;
  }

  var LABEL_ATTRIBUTES = ["aria-label"];

  function within(scope, selector) {
    var nodes = Array.prototype.slice.call(scope.querySelectorAll(selector));
    return scope.matches(selector) ? [scope].concat(nodes) : nodes;
  }

  function relabel(scope) {
    within(scope, "[data-bpc-text]").forEach(function (node) {
      var text = t(node.getAttribute("data-bpc-text"));
      if (node.textContent !== text) node.textContent = text;
    });
    LABEL_ATTRIBUTES.forEach(function (attribute) {
      within(scope, "[data-bpc-" + attribute + "]").forEach(function (node) {
        node.setAttribute(attribute, t(node.getAttribute("data-bpc-" + attribute)));
      });
    });
    within(scope, "[data-bpc-flags]").forEach(function (node) {
      var text = whyText(node.getAttribute("data-bpc-flags").split(" ").filter(Boolean));
      if (node.textContent !== text) node.textContent = text;
    });
  }

  // "a, b and c" in the chosen language (the browser's own list words, Intl.ListFormat)
  function listOf(items) {
    try {
      return new Intl.ListFormat(state.language, { style: "long", type: "conjunction" }).format(items);
    } catch (e) {
      return items.join(", ");
    }
  }

  function whyText(flagIds) {
    var flags = flagIds.map(function (id) { return t("flag_" + id); }).filter(Boolean);
    return t("card_why_text").replace("{flags}", listOf(flags));
  }

  /* ---------- the widget's DOM ---------- */

  var launcher = el("button", "bpc-launcher");
  launcher.type = "button";
  launcher.id = "bpc-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "bpc-panel");
  launcher.appendChild(el("span", "bpc-launcher-icon", "?")).setAttribute("aria-hidden", "true");
  launcher.appendChild(says(el("span", ""), "name"));

  var panel = el("section", "bpc-panel");
  panel.id = "bpc-panel";
  panel.hidden = true;
  panel.setAttribute("aria-labelledby", "bpc-title");

  var header = el("div", "bpc-header");
  var headerRow = el("div", "bpc-header-row");
  var title = says(el("h2", "bpc-title"), "name");
  title.id = "bpc-title";
  var restartButton = says(el("button", "bpc-header-button bpc-restart"), "restart");
  restartButton.type = "button";
  restartButton.setAttribute("aria-describedby", "bpc-restart-help");
  var restartHelp = says(el("span", "bpc-visually-hidden"), "restart_help");
  restartHelp.id = "bpc-restart-help";
  var closeButton = says(el("button", "bpc-header-button bpc-close"), "close");
  closeButton.type = "button";
  labelled(closeButton, "aria-label", "close_label");
  headerRow.appendChild(title);
  headerRow.appendChild(closeButton);
  var headerTools = el("div", "bpc-header-row bpc-header-tools");
  headerTools.appendChild(restartButton);
  headerTools.appendChild(restartHelp);
  header.appendChild(headerRow);
  header.appendChild(headerTools);

  // The language switch: one real button per language, named in that language (English | Español), the
  // chosen one aria-pressed. Shown when config.js offers more than one language.
  var languageButtons = {};
  var languageSwitch = el("div", "bpc-languages");
  languageSwitch.setAttribute("role", "group");
  Object.keys(LANGUAGES).forEach(function (language) {
    var button = el("button", "bpc-language", LANGUAGES[language].name || language);
    button.type = "button";
    button.lang = language;
    button.setAttribute("data-language", language);
    button.addEventListener("click", function () { setLanguage(language); });
    languageButtons[language] = button;
    languageSwitch.appendChild(button);
  });
  function labelLanguageSwitch() {
    languageSwitch.setAttribute("aria-label", t("language"));  // utter_page_language: "Language" / "Idioma"
    Object.keys(languageButtons).forEach(function (language) {
      languageButtons[language].setAttribute("aria-pressed", String(language === state.language));
    });
  }
  if (Object.keys(LANGUAGES).length > 1) {
    labelLanguageSwitch();
    headerTools.insertBefore(languageSwitch, restartButton);
  }

  var banner = el("div", "bpc-emergency");
  banner.id = "bpc-emergency";
  banner.setAttribute("role", "alert");

  var intro = el("div", "bpc-intro");
  var introSmall = el("p", "bpc-intro-small");
  var introCall = el("a", "", clinic.emergency_number);
  introCall.href = telHref(clinic.emergency_number);
  // What is kept, for how long, who sees it and how to erase it: before the first message (issue 14)
  var privacy = el("p", "bpc-intro-small bpc-privacy");
  privacy.id = "bpc-privacy";
  var privacyLink = says(el("a", ""), "privacy_link");
  privacyLink.target = "_blank";
  privacyLink.rel = "noopener";
  intro.appendChild(says(el("p", ""), "intro"));
  intro.appendChild(introSmall);
  intro.appendChild(privacy);

  // The intro's sentences with a link inside them, in the chosen language.
  function renderIntro() {
    var introParts = t("intro_small").split("{emergency_link}");
    introSmall.textContent = "";
    introSmall.appendChild(document.createTextNode(introParts[0]));
    introSmall.appendChild(introCall);
    introSmall.appendChild(document.createTextNode(introParts.slice(1).join("")));
    privacy.textContent = "";
    privacy.appendChild(document.createTextNode(t("privacy") + " "));
    privacy.appendChild(privacyLink);
    var about = LANGUAGES[state.language] || {};
    privacyLink.href = about.privacyUrl || config.privacyUrl || "privacy.html";
  }
  renderIntro();

  var log = el("div", "bpc-log");
  log.id = "bpc-log";
  log.tabIndex = 0;
  labelled(log, "aria-label", "conversation");

  var replies = el("div", "bpc-replies");
  replies.setAttribute("role", "group");
  labelled(replies, "aria-label", "quick_answers");
  replies.hidden = true;

  var status = el("p", "bpc-status");
  status.id = "bpc-status";
  status.setAttribute("role", "status");

  var form = el("form", "bpc-form");
  form.setAttribute("novalidate", "");
  var label = says(el("label", "bpc-label"), "input_label");
  label.htmlFor = "bpc-input";
  var row = el("div", "bpc-input-row");
  var input = el("input", "bpc-input");
  input.id = "bpc-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 1000;
  input.setAttribute("enterkeyhint", "send");
  var sendButton = says(el("button", "bpc-send"), "send");
  sendButton.type = "submit";
  row.appendChild(input);
  row.appendChild(sendButton);
  form.appendChild(label);
  form.appendChild(row);

  var body = el("div", "bpc-body");
  body.appendChild(intro);
  body.appendChild(log);
  body.appendChild(replies);

  panel.appendChild(header);
  panel.appendChild(banner);
  panel.appendChild(body);
  panel.appendChild(status);
  panel.appendChild(form);

  var root = document.getElementById("backpain-chat");
  if (!root) {
    root = document.body.appendChild(el("aside"));
    labelled(root, "aria-label", "chat_label");
  }
  root.classList.add("bpc-root");
  root.lang = state.language;  // the widget's words are in this language (screen readers pronounce them so)
  root.appendChild(launcher);
  root.appendChild(panel);

  /* ---------- rendering ---------- */

  function clockTime(at) {
    return new Date(at).toLocaleTimeString(state.language, { hour: "numeric", minute: "2-digit" });
  }

  function timeStamp(at) {
    var stamp = el("time", "bpc-time", clockTime(at));
    stamp.dateTime = new Date(at).toISOString();
    return stamp;
  }

  function renderText(message) {
    var who = message.from === "user" ? "user" : "bot";
    var item = el("div", "bpc-item bpc-msg bpc-msg--" + who);
    item.appendChild(says(el("span", "bpc-visually-hidden"), who === "user" ? "you_said" : "assistant_said"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", "bpc-msg-text", message.text));
    if (message.at) item.appendChild(timeStamp(message.at));
    return item;
  }

  function addRow(list, term, value) {
    list.appendChild(says(el("dt", ""), term));
    list.appendChild(value instanceof Node ? value : says(el("dd", ""), value));
  }

  // The card's words are the chosen language's; the level, scan advice and warning signs are the payload's codes.
  function renderCard(triage) {
    var level = LEVELS.indexOf(triage.level) >= 0 ? triage.level : "unknown";
    var item = el("div", "bpc-item bpc-card bpc-card--" + level);
    item.setAttribute("data-level", String(triage.level));
    item.setAttribute("data-imaging", String(triage.imaging));
    item.appendChild(says(el("p", "bpc-card-kicker"), "card_kicker"));
    item.appendChild(says(el("h3", "bpc-card-title"), "card_title_" + level));
    var list = el("dl", "bpc-card-facts");
    addRow(list, "card_when", "card_when_" + level);
    if (IMAGING.indexOf(triage.imaging) >= 0) addRow(list, "card_scan", "card_scan_" + triage.imaging);
    var flagIds = (triage.red_flags || []).filter(function (id) { return t("flag_" + id); });
    if (flagIds.length) {
      var why = el("dd", "", whyText(flagIds));
      why.setAttribute("data-bpc-flags", flagIds.join(" "));
      addRow(list, "card_why", why);
    }
    item.appendChild(list);
    if (triage.level === "emergency") {
      var call = says(el("a", "bpc-call"), "call_now");
      call.href = telHref(clinic.emergency_number);
      item.appendChild(call);
    } else {
      item.appendChild(says(el("p", "bpc-card-note"), "card_note"));
      var clinicCall = says(el("a", "bpc-call bpc-call--clinic"), "call_clinic");  // one tap to the clinic (issue 14)
      clinicCall.href = telHref(clinic.clinic_phone);
      item.appendChild(clinicCall);
    }
    item.appendChild(renderKeep());
    return item;
  }

  /* ---------- advice a patient can keep: a text file, or print ---------- */

  function renderKeep() {
    var keep = el("div", "bpc-keep");
    keep.setAttribute("role", "group");
    labelled(keep, "aria-label", "keep_help");
    var save = says(el("button", "bpc-keep-button bpc-save"), "save");
    save.type = "button";
    save.addEventListener("click", saveAdvice);
    var print = says(el("button", "bpc-keep-button bpc-print"), "print");
    print.type = "button";
    print.addEventListener("click", printAdvice);
    keep.appendChild(save);
    keep.appendChild(print);
    return keep;
  }

  function lastTriageIndex() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].triage) return i;
    }
    return -1;
  }

  // Plain text: the latest result and the advice after it, then the whole chat with times.
  function adviceText() {
    var now = new Date();
    var lines = [t("file_title"), t("file_saved_on").replace("{date}", now.toLocaleString(state.language)), ""];
    var first = lastTriageIndex();
    var triage = first >= 0 ? state.messages[first].triage : null;
    if (triage) {
      var level = LEVELS.indexOf(triage.level) >= 0 ? triage.level : "unknown";
      lines.push(t("file_advice"), t("card_title_" + level), t("card_when") + ": " + t("card_when_" + level));
      if (IMAGING.indexOf(triage.imaging) >= 0) lines.push(t("card_scan") + ": " + t("card_scan_" + triage.imaging));
      state.messages.slice(first).forEach(function (m) {
        if (m.from === "bot" && m.text) lines.push("", m.text);
      });
      lines.push("");
    }
    lines.push(t("file_chat"));
    state.messages.forEach(function (m) {
      if (!m.text) return;
      var when = m.at ? "[" + clockTime(m.at) + "] " : "";
      lines.push(when + (m.from === "user" ? t("file_you") : t("file_assistant")) + ": " + m.text);
    });
    return lines.join("\n") + "\n";
  }

  function saveAdvice() {
    var file = new Blob([adviceText()], { type: "text/plain;charset=utf-8" });
    var link = el("a");
    link.href = URL.createObjectURL(file);
    link.download = "back-pain-advice-" + new Date().toISOString().slice(0, 10) + ".txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function printAdvice() {
    document.documentElement.classList.add("bpc-printing");  // print only the chat (widget.css @media print)
    window.print();
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("bpc-printing");
  });

  function renderMessage(message) {
    return message.triage ? renderCard(message.triage) : renderText(message);
  }

  function latestTriage() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].triage) return state.messages[i].triage;
    }
    return null;
  }

  function renderBanner() {
    var triage = latestTriage();
    var emergency = !!triage && triage.level === "emergency";
    panel.classList.toggle("bpc-panel--emergency", emergency);
    launcher.classList.toggle("bpc-launcher--emergency", emergency);
    if (!emergency) {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    if (!banner.hidden && banner.childNodes.length) return;  // already showing: do not re-announce
    banner.textContent = "";
    banner.appendChild(says(el("p", "bpc-emergency-title"), "banner_title"));
    banner.appendChild(says(el("p", "bpc-emergency-text"), "banner_text"));
    var call = says(el("a", "bpc-call bpc-call--banner"), "call");
    call.href = telHref(clinic.emergency_number);
    banner.appendChild(call);
    banner.hidden = false;
  }

  function renderReplies() {
    replies.textContent = "";
    var last = state.messages[state.messages.length - 1];
    var buttons = last && last.from === "bot" && Array.isArray(last.buttons) ? last.buttons : [];
    buttons.forEach(function (b) {
      var button = el("button", "bpc-reply", b.title);
      button.type = "button";
      button.addEventListener("click", function () {
        send(b.payload);
        input.focus();
      });
      replies.appendChild(button);
    });
    replies.hidden = buttons.length === 0;
  }

  var pinnedCard = null;  // a result card that arrived since the patient last wrote: keep it in view

  function scrollToEnd() {
    if (pinnedCard && pinnedCard.isConnected) {
      body.scrollTop += pinnedCard.getBoundingClientRect().top - body.getBoundingClientRect().top - 8;
    } else {
      body.scrollTop = body.scrollHeight;
    }
  }

  function renderAll() {
    pinnedCard = null;
    log.textContent = "";
    state.messages.forEach(function (m) { log.appendChild(renderMessage(m)); });
    renderReplies();
    renderBanner();
    scrollToEnd();
  }

  function addMessage(message) {
    message.at = message.at || Date.now();
    state.messages.push(message);
    saveState();
    var item = log.appendChild(renderMessage(message));
    if (message.triage) pinnedCard = item;
    if (message.from === "user") pinnedCard = null;
    renderReplies();
    if (message.triage) renderBanner();
    scrollToEnd();
  }

  /* ---------- status line ---------- */

  var waitTimer = null;
  var connectFailures = 0;
  var statusKey = "";  // the text of the status line (a key of the texts), so a language switch can say it again

  function setStatus(key) {
    statusKey = key;
    var text = key ? t(key) : "";
    if (status.textContent !== text) status.textContent = text;
  }

  function startWaiting() {
    setStatus("typing");
    clearTimeout(waitTimer);
    waitTimer = setTimeout(function () {
      setStatus("slow");
    }, 20000);
  }

  function stopWaiting() {
    clearTimeout(waitTimer);
    waitTimer = null;
    setStatus(connected ? "" : (connectFailures > 1 ? "offline" : "connecting"));
  }

  /* ---------- the socket ---------- */

  var connected = false;   // the server confirmed our session
  var outbox = [];         // messages typed while not connected

  var socket = window.io(SOCKET_URL, { path: SOCKET_PATH, autoConnect: false, reconnectionDelayMax: 10000 });

  socket.on("connect", function () {
    connected = false;
    socket.emit("session_request", { session_id: state.sessionId });
  });

  socket.on("session_confirm", function (sessionId) {
    if (sessionId !== state.sessionId) return;  // a reply to an earlier request
    connected = true;
    connectFailures = 0;
    root.setAttribute("data-connected", "true");
    if (!waitTimer) setStatus("");
    while (outbox.length) emitMessage(outbox.shift());
  });

  socket.on("bot_uttered", function (data) {
    if (!data || typeof data !== "object") return;
    stopWaiting();
    var custom = data.custom && typeof data.custom === "object" ? data.custom : data;
    var triage = custom.triage;
    // The assistant's result names the conversation's language: a patient who wrote in Spanish on the
    // English page gets the card and the labels in Spanish too (unless they chose a language themselves).
    if (!state.languageChosen && typeof custom.language === "string" && custom.language !== state.language) {
      setLanguage(custom.language, false);
    }
    if (triage && typeof triage === "object") {
      addMessage({
        from: "bot",
        triage: {
          level: String(triage.level),
          imaging: String(triage.imaging),
          red_flags: Array.isArray(triage.red_flags) ? triage.red_flags.map(String) : []
        }
      });
    }
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && b.title !== undefined && b.payload !== undefined;
    }).map(function (b) { return { title: String(b.title), payload: String(b.payload) }; });
    if (typeof data.text === "string" && data.text.trim()) {
      addMessage({ from: "bot", text: data.text, buttons: buttons });
    }
  });

  socket.on("disconnect", function (reason) {
    connected = false;
    root.setAttribute("data-connected", "false");
    if (reason !== "io client disconnect") setStatus("reconnecting");
  });

  socket.on("connect_error", function () {
    connected = false;
    connectFailures += 1;
    root.setAttribute("data-connected", "false");
    setStatus(connectFailures > 1 ? "offline" : "connecting");
  });

  // A chosen language goes with every message: Rasa's socket.io channel passes `metadata` (its default
  // metadata_key) to the assistant; `customData` is the same for a channel set up with
  // metadata_key: customData, the name other Rasa web widgets use.
  function emitMessage(text) {
    var message = { message: text, session_id: state.sessionId };
    if (state.languageChosen && LANGUAGES[state.language]) {
      message.metadata = { language: state.language };
      message.customData = { language: state.language };
    }
    socket.emit("user_uttered", message);
  }

  function send(text) {
    text = String(text).trim();
    if (!text) return;
    addMessage({ from: "user", text: text });
    if (connected) {
      emitMessage(text);
    } else {
      outbox.push(text);
      if (!socket.connected && !socket.active) socket.connect();
    }
    startWaiting();
  }

  /* ---------- controls ---------- */

  function isOpen() {
    return !panel.hidden;
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("bpc-root--open");
    try { window.sessionStorage.setItem(OPEN_KEY, "1"); } catch (e) { /* ignore */ }
    if (!socket.connected && !socket.active) {
      setStatus("connecting");
      socket.connect();
    }
    scrollToEnd();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("bpc-root--open");
    try { window.sessionStorage.removeItem(OPEN_KEY); } catch (e) { /* ignore */ }
    launcher.focus();
  }

  function restart() {
    state = freshState(state.language, state.languageChosen);  // the new chat keeps the language
    saveState();
    outbox = [];
    connected = false;
    clearTimeout(waitTimer);
    waitTimer = null;
    renderAll();
    // A new socket connection, so no message of the old conversation can reach this page.
    socket.disconnect();
    socket.connect();
    setStatus("new_chat");
    input.value = "";
    input.focus();
  }

  // The patient picks a language: every label (result cards included) changes now, and the assistant
  // answers in it from the next message on.
  // chosen: the patient's own choice (false: the widget follows the language the conversation is in)
  function setLanguage(language, chosen) {
    if (!LANGUAGES[language]) return;
    state.language = language;
    state.languageChosen = chosen !== false;
    state.pageLanguage = PAGE_LANGUAGE;
    saveState();
    TEXTS = textsOf(language);
    root.lang = language;
    relabel(root);
    renderIntro();
    labelLanguageSwitch();
    Array.prototype.forEach.call(log.querySelectorAll("time.bpc-time"), function (stamp) {
      stamp.textContent = clockTime(stamp.dateTime);
    });
    setStatus(statusKey);
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) close(); else open();
  });
  closeButton.addEventListener("click", close);
  restartButton.addEventListener("click", restart);
  // On a phone the panel fills the screen (widget.css): Tab and Shift+Tab stay inside it.
  var FULL_SCREEN = window.matchMedia("(max-width: 30rem)");

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), [tabindex='0']"),
      function (node) { return node.offsetParent !== null; });
  }

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close();
    if (event.key !== "Tab" || !FULL_SCREEN.matches) return;
    var nodes = focusables();
    if (!nodes.length) return;
    var first = nodes[0], last = nodes[nodes.length - 1];
    if (event.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    send(text);
  });

  /* ---------- start ---------- */

  renderAll();
  // Only now make the log live, so the restored history is not read out again on reload.
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");

  var wasOpen = false;
  try { wasOpen = window.sessionStorage.getItem(OPEN_KEY) === "1"; } catch (e) { /* ignore */ }
  if (wasOpen || state.messages.length) socket.connect();  // replies may still be on their way
  if (wasOpen) open();

  window.BackPainChat = { open: open, close: close, restart: restart, setLanguage: setLanguage,
                          language: function () { return state.language; },
                          sessionId: function () { return state.sessionId; } };
})();
