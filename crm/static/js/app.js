// The project's own JavaScript: small enhancements only; every page works without it.
(function () {
  "use strict";
  // a refused form: focus goes to the error summary, whose links lead to the fields
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // a link in the summary puts the cursor into its field (a fragment alone only scrolls)
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        ev.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      });
    });
  }
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
})();
