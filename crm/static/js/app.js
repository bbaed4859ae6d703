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
  // (one listener for the whole page: forms put in place later by inplace.js ask as well)
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-confirm]")) { return; }
    if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
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
  // "/" focuses the navigation search (not while typing in a field)
  document.addEventListener("keydown", function (ev) {
    var search = document.getElementById("nav-search");
    var t = ev.target;
    if (ev.key !== "/" || !search || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    ev.preventDefault();
    search.focus();
  });
  // <select data-represents='{"person id": organisation id}'> preselects the organisation
  // the chosen person represents in the select named by data-represents-target
  document.querySelectorAll("select[data-represents]").forEach(function (el) {
    var map = JSON.parse(el.getAttribute("data-represents") || "{}");
    var target = document.getElementById(el.getAttribute("data-represents-target"));
    if (!target) { return; }
    el.addEventListener("change", function () {
      // a person found by the type-ahead picker (lookup.js) brings their organisation along
      var chosen = el.selectedOptions[0];
      var org = map[el.value] || (chosen && chosen.getAttribute("data-organisation"));
      if (!org) { return; }
      if (!target.querySelector('option[value="' + org + '"]')) {
        var option = document.createElement("option");
        option.value = String(org);
        option.textContent = chosen.getAttribute("data-organisation-label") || String(org);
        target.appendChild(option);
      }
      target.value = String(org);
      target.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
  // <input type="checkbox" data-select-all="ids"> ticks every box named "ids" of its form
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = function () {
      return document.querySelectorAll(
        'input[type="checkbox"][name="' + all.getAttribute("data-select-all") + '"]'
      );
    };
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
  });
  // the bulk bar: "alle N Treffer auswählen" once the whole page is ticked, and the tag
  // field only for the actions that use it (without JavaScript both stay as they are)
  var bulk = document.getElementById("bulk");
  if (bulk) {
    var scope = document.getElementById("bulk-scope");
    var matches = bulk.querySelector("[data-select-matches]");
    var pageBoxes = function () {
      return document.querySelectorAll('input[type="checkbox"][form="bulk"][name="ids"]');
    };
    var offerMatches = function () {
      if (!matches) { return; }
      var boxes = pageBoxes();
      var all = boxes.length > 0;
      boxes.forEach(function (box) { all = all && box.checked; });
      matches.hidden = !all || scope.value === "all";
    };
    document.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches('input[form="bulk"]')) { offerMatches(); }
    });
    if (matches) {
      document.getElementById("bulk-select-matches").addEventListener("click", function () {
        scope.value = "all";
        matches.hidden = true;
        scope.focus();
      });
    }
    scope.addEventListener("change", offerMatches);
    var action = document.getElementById("bulk-action");
    var showFields = function () {
      bulk.querySelectorAll("[data-bulk-for]").forEach(function (el) {
        el.hidden = el.getAttribute("data-bulk-for").split(" ").indexOf(action.value) < 0;
      });
    };
    action.addEventListener("change", showFields);
    showFields();
  }
  // <button data-print> prints the page
  document.querySelectorAll("[data-print]").forEach(function (btn) {
    btn.addEventListener("click", function () { window.print(); });
  });
  // <div data-progress-url data-status> follows work the worker does (a prepared file, an
  // erasure): it moves the <progress> and the [role=status] line inside, then reloads
  var prepared = document.querySelector("[data-progress-url][data-status]");
  if (prepared && /^(queued|running)$/.test(prepared.getAttribute("data-status"))) {
    var bar = prepared.querySelector("progress");
    var status = prepared.querySelector("[role=status]");
    var poll = function () {
      fetch(prepared.getAttribute("data-progress-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.status === "done" || p.status === "failed") { window.location.reload(); return; }
          bar.value = p.percent;
          bar.textContent = p.percent + " %";
          status.textContent = p.status_label + ": " + p.done + " / " + p.total + (p.step ? " – " + p.step : "");
          setTimeout(poll, 1500);
        })
        .catch(function () { setTimeout(poll, 5000); });
    };
    setTimeout(poll, 1000);
  }
})();
