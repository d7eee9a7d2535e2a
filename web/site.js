/* The clinic page (not the widget): fill in clinic details from config.js, open the chat. */
(function () {
  "use strict";
  var clinic = (window.BACKPAIN_CHAT_CONFIG || {}).clinic || {};
  var language = (document.documentElement.lang || "en").toLowerCase().split("-")[0];

  // A value in words (data-clinic-words: the opening hours) is in the clinic's language (clinic.yml, English):
  // another page's language shows it only when config.js has it in that language (clinic_hours_es), and
  // keeps the page's own words otherwise. Names and numbers are the same in every language.
  function clinicValue(el, key) {
    if (!el.hasAttribute("data-clinic-words") || language === "en") return clinic[key];
    return clinic[key + "_" + language];
  }

  document.querySelectorAll("[data-clinic]").forEach(function (el) {
    var value = clinicValue(el, el.getAttribute("data-clinic"));
    if (value) el.textContent = value;
  });
  document.querySelectorAll("[data-clinic-href]").forEach(function (el) {
    var value = clinic[el.getAttribute("data-clinic-href")];
    if (value) el.setAttribute("href", "tel:" + String(value).replace(/[^0-9+]/g, ""));
  });
  document.querySelectorAll("[data-open-chat]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (window.BackPainChat) window.BackPainChat.open();
    });
  });
})();
