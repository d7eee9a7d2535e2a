/* The clinic page (not the widget): fill in clinic details from config.js, open the chat. */
(function () {
  "use strict";
  var clinic = (window.BACKPAIN_CHAT_CONFIG || {}).clinic || {};

  document.querySelectorAll("[data-clinic]").forEach(function (el) {
    var value = clinic[el.getAttribute("data-clinic")];
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
