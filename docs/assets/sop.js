/* Portal SOP TPPO: quick exit and checklists. No network requests, no dependencies; plain ES5 for old phones. */
(function () {
  "use strict";

  /* -- Quick exit: replace this page in the history (Back does not return here); Esc twice does the same. -- */
  var EXIT = "[data-sop-exit]";

  function leave(url) {
    try { window.location.replace(url); } catch (e) { window.location.href = url; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest(EXIT) : null;
    if (!link) return;
    event.preventDefault();
    leave(link.href);
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - lastEscape < 1200) {
      var link = document.querySelector(EXIT);
      if (link) leave(link.href);
    }
    lastEscape = now;
  });

  /* -- Checklists: ticks live only in this browser's localStorage, keyed by SOP version and step id. -- */
  function storage() {
    try {
      var probe = "sop-checklist:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; /* private mode or storage disabled: the form still works for this visit */
    }
  }

  function keyFor(form, box) {
    return "sop-checklist:" + form.getAttribute("data-sop-version") + ":" + box.getAttribute("data-sop-step");
  }

  /* "27 Mei 2021" as the rest of the site writes it, with the month names the page carries (data-sop-months): no Intl,
     whose first use loads the locale's data, tens of milliseconds of main thread while the page loads. */
  function today(el) {
    var d = new Date(), months = (el.getAttribute("data-sop-months") || "").split(" ");
    if (months.length !== 12) return d.toISOString().slice(0, 10);
    return d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear();
  }

  function setUp(form) {
    var store = storage();
    var boxes = form.querySelectorAll("input[type=checkbox][data-sop-step]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (store && store.getItem(keyFor(form, box)) === "1") box.checked = true;
      box.addEventListener("change", function () {
        if (!store) return;
        if (box.checked) store.setItem(keyFor(form, box), "1");
        else store.removeItem(keyFor(form, box));
      });
    });

    var reset = form.querySelector("button[type=reset]");
    form.addEventListener("reset", function (event) {
      var question = reset && reset.getAttribute("data-sop-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      Array.prototype.forEach.call(boxes, function (box) {
        if (store) store.removeItem(keyFor(form, box));
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var print = form.querySelector("[data-sop-print]");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-sop-today]"), function (el) {
      el.textContent = today(el);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-sop-checklist]"), setUp);
})();

// A step's sources fold away on screen and print in full: open them for printing, then put them back.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [].slice.call(document.querySelectorAll("details.sop-prov:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
