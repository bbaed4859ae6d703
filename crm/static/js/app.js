// The project's own JavaScript: small enhancements only; every page works without it.
(function () {
  "use strict";
  // <select class="js-autosubmit"> submits its form on change
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  // <button class="js-print"> opens the print dialog
  document.querySelectorAll(".js-print").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
  // <form data-confirm="…"> asks before submitting
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  // <button data-copy-target="#id"> copies the target's text to the clipboard
  document.querySelectorAll("[data-copy-target]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var target = document.querySelector(btn.getAttribute("data-copy-target"));
      if (!target || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(target.value || target.textContent).then(function () {
        btn.setAttribute("data-copied", "1");
        var old = btn.textContent;
        btn.textContent = btn.getAttribute("data-copied-label") || "✓";
        setTimeout(function () { btn.textContent = old; }, 2000);
      });
    });
  });
  // <button data-print> prints the page
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
  // <div id="prepared" data-progress-url> follows a file the worker prepares, then reloads
  var prepared = document.getElementById("prepared");
  if (prepared && /^(queued|running)$/.test(prepared.getAttribute("data-status"))) {
    var bar = document.getElementById("prepared-progress");
    var status = document.getElementById("prepared-status");
    var poll = function () {
      fetch(prepared.getAttribute("data-progress-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.status === "done" || p.status === "failed") { window.location.reload(); return; }
          bar.value = p.percent;
          bar.textContent = p.percent + " %";
          status.textContent = p.status_label + ": " + p.done + " / " + p.total;
          setTimeout(poll, 1500);
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 1000);
  }
})();
