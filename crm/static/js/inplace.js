// In-place forms: <form data-inplace="region-id" data-inplace-status="live-region-id"> is sent
// with fetch (its CSRF token is in the form data) and the server answers with the region's new
// content (marked X-Inplace), for success and for errors alike; the page is not reloaded.
// The message is read out through the live region; focus goes to the first field in error,
// to the message of a refused change, or back to the form's first field to add another.
// Without JavaScript the form is sent as always and the server answers with a whole page.
(function () {
  "use strict";
  function announce(status, message) {
    if (!status) { return; }
    status.textContent = "";
    // a new text in an existing live region is read out; set it after clearing
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function focusAfter(region, ok) {
    var invalid = region.querySelector(".is-invalid");
    var message = region.querySelector("[data-inplace-message]");
    var form = region.querySelector("form[data-inplace]");
    var first = form && form.querySelector("input:not([type=hidden]), textarea, select");
    var target = invalid || (!ok && message) || first || message;
    if (target) { target.focus(); }
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-inplace]") || ev.defaultPrevented) { return; }
    var region = document.getElementById(form.getAttribute("data-inplace"));
    if (!region || !window.fetch) { return; }
    ev.preventDefault();
    var status = document.getElementById(form.getAttribute("data-inplace-status"));
    var FAILED = form.getAttribute("data-inplace-failed") || "";
    var button = ev.submitter || form.querySelector("button");
    if (button) { button.disabled = true; }
    region.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Inplace": "1", "Accept": "text/html" }
    }).then(function (response) {
      return response.text().then(function (html) { return [response, html]; });
    }).then(function (res) {
      var response = res[0];
      region.removeAttribute("aria-busy");
      if (response.headers.get("X-Inplace") !== "1") { throw new Error("no fragment"); }
      region.innerHTML = res[1];
      var message = region.querySelector("[data-inplace-message]");
      announce(status, message ? message.textContent.trim() : "");
      focusAfter(region, response.ok);
    }).catch(function () {
      region.removeAttribute("aria-busy");
      if (button) { button.disabled = false; }
      announce(status, FAILED);
      var alert = document.createElement("div");
      alert.className = "alert alert-danger py-2";
      alert.setAttribute("data-inplace-message", "");
      alert.tabIndex = -1;
      alert.textContent = FAILED;
      var old = region.querySelector("[data-inplace-message]");
      if (old) { old.remove(); }
      region.prepend(alert);
      alert.focus();
    });
  });
})();
