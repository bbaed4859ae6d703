// Type-ahead pickers (WAI-ARIA combobox with a listbox) for people and organisations.
//
// <select data-lookup="/contacts/lookup">: the select stays in the form, hidden, and carries
// the chosen id; a text field with the listbox replaces it on screen. A chosen row missing
// from the select's options is added to them (the server still checks the id).
// <input data-lookup="/organisations/lookup">: the field itself gets the listbox; choosing
// puts the row's label ("Stadt Leipzig (#12)") into it, which the server resolves.
// Without JavaScript both work as plain fields. Texts come from the field's data-lookup-*.
(function () {
  "use strict";
  var MIN_CHARS = 2;
  var seq = 0;

  function chosenLabel(select) {
    var o = select.selectedOptions[0];
    // "" and "0" are the pickers' "none chosen" options
    return o && o.value && o.value !== "0" ? o.textContent.trim() : "";
  }

  function text(el, name, n) {
    return (el.getAttribute("data-lookup-" + name) || "").replace("%(n)s", String(n));
  }

  function enhance(field) {
    var isSelect = field.tagName === "SELECT";
    var uid = field.id || ("lookup-" + (++seq));
    var input = field;
    if (isSelect) {
      input = document.createElement("input");
      input.type = "text";
      input.id = uid + "-combo";
      input.className = field.className.replace("form-select", "form-control");
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) { label.setAttribute("for", input.id); }
      ["aria-describedby", "aria-invalid", "aria-required"].forEach(function (a) {
        if (field.hasAttribute(a)) { input.setAttribute(a, field.getAttribute(a)); }
      });
      input.value = chosenLabel(field);
      field.hidden = true;
      field.setAttribute("aria-hidden", "true");
      field.tabIndex = -1;
    }
    var wrap = document.createElement("div");
    wrap.className = "lookup position-relative";
    field.parentNode.insertBefore(wrap, field);
    if (isSelect) { wrap.appendChild(field); }
    wrap.appendChild(input);
    var list = document.createElement("ul");
    list.id = uid + "-listbox";
    list.className = "dropdown-menu lookup-list w-100";
    list.setAttribute("role", "listbox");
    var labelEl = document.querySelector('label[for="' + input.id + '"]');
    if (labelEl) {
      labelEl.id = labelEl.id || (uid + "-label");
      list.setAttribute("aria-labelledby", labelEl.id);
    }
    wrap.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.id = uid + "-status";
    wrap.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.classList.remove("show");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, k) {
        o.setAttribute("aria-selected", k === i ? "true" : "false");
        o.classList.toggle("active", k === i);
      });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var item = items[i];
      if (!item) { return; }
      input.value = item.label;
      if (isSelect) {
        var option = field.querySelector('option[value="' + item.id + '"]');
        if (!option) {
          option = document.createElement("option");
          option.value = String(item.id);
          option.textContent = item.label;
          field.appendChild(option);
        }
        if (item.organisation) {
          option.setAttribute("data-organisation", String(item.organisation.id));
          option.setAttribute("data-organisation-label", item.organisation.label);
        }
        field.value = String(item.id);
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
      close();
      status.textContent = text(field, "chosen", 0).replace("%(label)s", item.label);
    }

    function show(found, more) {
      items = found;
      list.replaceChildren();
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = uid + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "dropdown-item";
        li.textContent = item.label;
        if (item.detail) {
          var small = document.createElement("span");
          small.className = "lookup-detail";
          small.textContent = " · " + item.detail;
          li.appendChild(small);
        }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { choose(i); input.focus(); });
        list.appendChild(li);
      });
      if (found.length) {
        list.classList.add("show");
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      highlight(-1);
      var n = found.length;
      status.textContent = more ? text(field, "more", n)
        : text(field, n === 0 ? "none" : (n === 1 ? "one" : "many"), n);
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < MIN_CHARS) { close(); items = []; return; }
      var mine = ++asked;
      var url = field.getAttribute("data-lookup");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          var more = r.headers.get("X-More-Results") === "1";
          return r.json().then(function (found) { return [found, more]; });
        })
        .then(function (res) { if (mine === asked) { show(res[0], res[1]); } })
        .catch(function () { /* the plain field still works */ });
    }

    input.addEventListener("input", function () {
      if (isSelect && field.value) {
        field.value = "";
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (ev) {
      var open = list.classList.contains("show");
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (!open) { if (items.length) { show(items, false); highlight(0); } else { ask(); } return; }
        highlight(Math.min(active + 1, items.length - 1));
      } else if (ev.key === "ArrowUp") {
        if (!open) { return; }
        ev.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (ev.key === "Enter") {
        if (open && active >= 0) { ev.preventDefault(); choose(active); }
      } else if (ev.key === "Escape") {
        if (open) { ev.preventDefault(); close(); }
      } else if (ev.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    if (isSelect) {
      // another script (the seat form's organisation preset) may set the select's value
      field.addEventListener("change", function () {
        if (document.activeElement !== input) { input.value = chosenLabel(field); }
      });
    }
  }

  var fields = document.querySelectorAll("select[data-lookup], input[data-lookup]");
  fields.forEach(enhance);
  // the search box that narrows the plain selects down is not needed with the type-ahead
  if (fields.length) {
    document.querySelectorAll("[data-lookup-fallback]").forEach(function (el) { el.hidden = true; });
  }
})();
