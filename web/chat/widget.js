/*
 * Back pain check: a small chat widget for Rasa's socket.io channel.
 *
 * Needs window.io (socket.io-client 4.x, loaded before this file) and, optionally,
 * window.BACKPAIN_CHAT_CONFIG = {socketUrl, socketPath, clinic: {clinic_name, clinic_phone,
 * emergency_number}, texts: {...}} (served as config.js; texts: domain.yml's utter_page_* responses).
 * Every piece of text, from the patient or the bot, is put on the page with textContent, never as HTML.
 * Each message shows its time; after a result the patient can save the advice and the chat as a text
 * file or print them (a print stylesheet shows only the chat). On a phone, where the panel fills the
 * screen, Tab keeps focus inside it.
 *
 * Socket.io events (Rasa's socketio channel, session_persistence: true):
 *   -> session_request {session_id}     <- session_confirm session_id
 *   -> user_uttered {message, session_id}
 *   <- bot_uttered {text, quick_replies?} | {custom: {triage: {...}}}
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

  // Every sentence the widget shows comes from domain.yml (utter_page_*, config.js "texts"), with the
  // clinic's values already filled in; {flags} and {emergency_link} are filled in here.
  var TEXTS = config.texts || {};
  function t(key) { return TEXTS[key] || ""; }
  var LEVELS = ["emergency", "urgent", "routine", "self_care"];
  var IMAGING = ["immediate", "defer", "none"];

  /* ---------- saved state ---------- */

  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function freshState() {
    return { sessionId: newSessionId(), savedAt: Date.now(), messages: [] };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sessionId === "string" && /^[0-9a-f]{32}$/.test(saved.sessionId) &&
          Array.isArray(saved.messages) && Date.now() - Number(saved.savedAt) < MAX_AGE_MS) {
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

  /* ---------- the widget's DOM ---------- */

  var launcher = el("button", "bpc-launcher");
  launcher.type = "button";
  launcher.id = "bpc-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "bpc-panel");
  launcher.appendChild(el("span", "bpc-launcher-icon", "?")).setAttribute("aria-hidden", "true");
  launcher.appendChild(el("span", "", t("name")));

  var panel = el("section", "bpc-panel");
  panel.id = "bpc-panel";
  panel.hidden = true;
  panel.setAttribute("aria-labelledby", "bpc-title");

  var header = el("div", "bpc-header");
  var title = el("h2", "bpc-title", t("name"));
  title.id = "bpc-title";
  var restartButton = el("button", "bpc-header-button bpc-restart", t("restart"));
  restartButton.type = "button";
  restartButton.setAttribute("aria-describedby", "bpc-restart-help");
  var restartHelp = el("span", "bpc-visually-hidden", t("restart_help"));
  restartHelp.id = "bpc-restart-help";
  var closeButton = el("button", "bpc-header-button bpc-close", t("close"));
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", t("close_label"));
  header.appendChild(title);
  header.appendChild(restartButton);
  header.appendChild(restartHelp);
  header.appendChild(closeButton);

  var banner = el("div", "bpc-emergency");
  banner.id = "bpc-emergency";
  banner.setAttribute("role", "alert");

  var intro = el("div", "bpc-intro");
  intro.appendChild(el("p", "", t("intro")));
  var introSmall = el("p", "bpc-intro-small");
  var introParts = t("intro_small").split("{emergency_link}");
  introSmall.appendChild(document.createTextNode(introParts[0]));
  var introCall = el("a", "", clinic.emergency_number);
  introCall.href = telHref(clinic.emergency_number);
  introSmall.appendChild(introCall);
  introSmall.appendChild(document.createTextNode(introParts.slice(1).join("")));
  intro.appendChild(introSmall);
  // What is kept, for how long, who sees it and how to erase it: before the first message (issue 14)
  var privacy = el("p", "bpc-intro-small bpc-privacy", t("privacy") + " ");
  privacy.id = "bpc-privacy";
  var privacyLink = el("a", "", t("privacy_link"));
  privacyLink.href = config.privacyUrl || "privacy.html";
  privacyLink.target = "_blank";
  privacyLink.rel = "noopener";
  privacy.appendChild(privacyLink);
  intro.appendChild(privacy);

  var log = el("div", "bpc-log");
  log.id = "bpc-log";
  log.tabIndex = 0;
  log.setAttribute("aria-label", t("conversation"));

  var replies = el("div", "bpc-replies");
  replies.setAttribute("role", "group");
  replies.setAttribute("aria-label", t("quick_answers"));
  replies.hidden = true;

  var status = el("p", "bpc-status");
  status.id = "bpc-status";
  status.setAttribute("role", "status");

  var form = el("form", "bpc-form");
  form.setAttribute("novalidate", "");
  var label = el("label", "bpc-label", t("input_label"));
  label.htmlFor = "bpc-input";
  var row = el("div", "bpc-input-row");
  var input = el("input", "bpc-input");
  input.id = "bpc-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 1000;
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "bpc-send", t("send"));
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
    root.setAttribute("aria-label", t("chat_label"));
  }
  root.classList.add("bpc-root");
  root.appendChild(launcher);
  root.appendChild(panel);

  /* ---------- rendering ---------- */

  function clockTime(at) {
    return new Date(at).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  }

  function timeStamp(at) {
    var stamp = el("time", "bpc-time", clockTime(at));
    stamp.dateTime = new Date(at).toISOString();
    return stamp;
  }

  function renderText(message) {
    var who = message.from === "user" ? "user" : "bot";
    var item = el("div", "bpc-item bpc-msg bpc-msg--" + who);
    item.appendChild(el("span", "bpc-visually-hidden", (who === "user" ? t("you_said") : t("assistant_said")) + " "));
    item.appendChild(el("span", "bpc-msg-text", message.text));
    if (message.at) item.appendChild(timeStamp(message.at));
    return item;
  }

  function addRow(list, term, value) {
    list.appendChild(el("dt", "", term));
    list.appendChild(el("dd", "", value));
  }

  function renderCard(triage) {
    var level = LEVELS.indexOf(triage.level) >= 0 ? triage.level : "unknown";
    var item = el("div", "bpc-item bpc-card bpc-card--" + level);
    item.setAttribute("data-level", String(triage.level));
    item.setAttribute("data-imaging", String(triage.imaging));
    item.appendChild(el("p", "bpc-card-kicker", t("card_kicker")));
    item.appendChild(el("h3", "bpc-card-title", t("card_title_" + level)));
    var list = el("dl", "bpc-card-facts");
    addRow(list, t("card_when"), t("card_when_" + level));
    if (IMAGING.indexOf(triage.imaging) >= 0) addRow(list, t("card_scan"), t("card_scan_" + triage.imaging));
    var flags = (triage.red_flags || []).map(function (id) { return t("flag_" + id); }).filter(Boolean);
    if (flags.length) addRow(list, t("card_why"), t("card_why_text").replace("{flags}", flags.join(", and ")));
    item.appendChild(list);
    if (triage.level === "emergency") {
      var call = el("a", "bpc-call", t("call_now"));
      call.href = telHref(clinic.emergency_number);
      item.appendChild(call);
    } else {
      item.appendChild(el("p", "bpc-card-note", t("card_note")));
      var clinicCall = el("a", "bpc-call bpc-call--clinic", t("call_clinic"));  // one tap to the clinic (issue 14)
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
    keep.setAttribute("aria-label", t("keep_help"));
    var save = el("button", "bpc-keep-button bpc-save", t("save"));
    save.type = "button";
    save.addEventListener("click", saveAdvice);
    var print = el("button", "bpc-keep-button bpc-print", t("print"));
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
    var lines = [t("file_title"), t("file_saved_on").replace("{date}", now.toLocaleString()), ""];
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
    banner.appendChild(el("p", "bpc-emergency-title", t("banner_title")));
    banner.appendChild(el("p", "bpc-emergency-text", t("banner_text")));
    var call = el("a", "bpc-call bpc-call--banner", t("call"));
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

  function setStatus(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function offlineText() {
    return t("offline");
  }

  function startWaiting() {
    setStatus(t("typing"));
    clearTimeout(waitTimer);
    waitTimer = setTimeout(function () {
      setStatus(t("slow"));
    }, 20000);
  }

  function stopWaiting() {
    clearTimeout(waitTimer);
    waitTimer = null;
    setStatus(connected ? "" : (connectFailures > 1 ? offlineText() : t("connecting")));
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
    if (reason !== "io client disconnect") setStatus(t("reconnecting"));
  });

  socket.on("connect_error", function () {
    connected = false;
    connectFailures += 1;
    root.setAttribute("data-connected", "false");
    setStatus(connectFailures > 1 ? offlineText() : t("connecting"));
  });

  function emitMessage(text) {
    socket.emit("user_uttered", { message: text, session_id: state.sessionId });
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
      setStatus(t("connecting"));
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
    state = freshState();
    saveState();
    outbox = [];
    connected = false;
    clearTimeout(waitTimer);
    waitTimer = null;
    renderAll();
    // A new socket connection, so no message of the old conversation can reach this page.
    socket.disconnect();
    socket.connect();
    setStatus(t("new_chat"));
    input.value = "";
    input.focus();
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

  window.BackPainChat = { open: open, close: close, restart: restart, sessionId: function () { return state.sessionId; } };
})();
