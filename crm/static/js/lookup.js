// Organisation pickers: <input data-lookup="/organisations/lookup"> gets suggestions in a
// <datalist> while typing. Without JavaScript the server resolves the typed name itself.
(function () {
  "use strict";
  document.querySelectorAll("input[data-lookup]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    input.after(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-lookup") + "?q=" + encodeURIComponent(q), {
          headers: { "Accept": "application/json" }, credentials: "same-origin"
        }).then(function (r) { return r.ok ? r.json() : []; }).then(function (items) {
          list.replaceChildren();
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.label;
            list.appendChild(option);
          });
        }).catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  });
})();
