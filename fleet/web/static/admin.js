// Progressive enhancement only: every page works without this file.
// Regions marked data-refresh-url reload their HTML fragment every few seconds, with a
// control to pause (WCAG 2.2.2) and a polite live summary instead of re-announcing tables.
(function () {
  "use strict";
  var regions = document.querySelectorAll("[data-refresh-url]");
  regions.forEach(function (region) {
    var url = region.getAttribute("data-refresh-url");
    var seconds = parseInt(region.getAttribute("data-refresh-seconds") || "5", 10);
    var toggle = document.querySelector("[data-refresh-toggle='" + region.id + "']");
    var paused = false;
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        paused = !paused;
        toggle.setAttribute("aria-pressed", paused ? "true" : "false");
      });
    }
    // Never replace a form someone is using: a half-typed message would be lost.
    function inUse() {
      var active = document.activeElement;
      if (active && region.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
        return true;
      }
      var fields = region.querySelectorAll("input:not([type=hidden]), textarea");
      for (var i = 0; i < fields.length; i += 1) {
        if (fields[i].value !== fields[i].defaultValue) { return true; }
      }
      return false;
    }
    // Regions with data-announce name a polite live region outside them: when the summary
    // ([data-summary]) changes, it is said once, instead of re-reading a replaced table.
    var said = summary(region);
    function summary(within) {
      var parts = [];
      within.querySelectorAll("[data-summary]").forEach(function (part) {
        parts.push(part.textContent.trim());
      });
      return parts.join(" ");
    }
    function announce(within) {
      var target = document.getElementById(region.getAttribute("data-announce") || "");
      var now = summary(within);
      if (target && now !== said) { target.textContent = now; }
      said = now;
    }
    function refresh() {
      if (paused || document.hidden || inUse()) { return; }
      // A redirect means the sign-in ended: keep the last view rather than show a login page.
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" }, redirect: "manual" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          // Keep focus where it was if the user is inside the region.
          var focused = document.activeElement && region.contains(document.activeElement)
            ? document.activeElement.id : null;
          region.innerHTML = html;
          announce(region);
          if (focused) {
            var again = document.getElementById(focused);
            if (again) { again.focus(); }
          }
        })
        .catch(function () { /* keep the last good view; the next tick tries again */ });
    }
    window.setInterval(refresh, seconds * 1000);
  });
  // The announcement editor's preview follows the typing (the Preview button does the same
  // on the server, so the page works without this): texts, and the level's look.
  document.querySelectorAll("[data-preview-form]").forEach(function (form) {
    var preview = document.getElementById("preview");
    if (!preview) { return; }
    function show() {
      form.querySelectorAll("[data-preview-source]").forEach(function (source) {
        var language = source.getAttribute("data-preview-source");
        var target = preview.querySelector("[data-preview-text='" + language + "']");
        if (!target) { return; }
        var text = source.value.trim();
        target.textContent = text || target.getAttribute("data-placeholder");
        target.setAttribute("lang", text ? language : target.getAttribute("data-placeholder-lang"));
        target.classList.toggle("muted", !text);
      });
      var chosen = form.querySelector("[data-preview-level]:checked");
      var urgent = chosen !== null && chosen.value === "urgent";
      preview.querySelectorAll("[data-preview-card]").forEach(function (card) {
        card.classList.toggle("urgent", urgent);
        var icon = card.querySelector("[data-preview-icon]");
        if (icon) {
          icon.textContent = icon.getAttribute(urgent ? "data-icon-urgent" : "data-icon-info");
          icon.classList.toggle("sign-urgent", urgent);
          icon.classList.toggle("sign-info", !urgent);
        }
        var important = card.querySelector("[data-preview-important]");
        if (important) { important.hidden = !urgent; }
      });
    }
    form.addEventListener("input", show);
    form.addEventListener("change", show);
  });
  // "Print" buttons need script (window.print); without it the page says to press Ctrl+P.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
