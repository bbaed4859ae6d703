// The import's progress page: poll the small JSON record and move the bar; go on when done.
// Without JavaScript the page refreshes itself (<noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (record) {
        bar.value = record.percent;
        bar.textContent = record.percent + " %";
        text.textContent = record.text + " (" + record.percent + " %)";
        if (record.next) { window.location.assign(record.next); } else { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
