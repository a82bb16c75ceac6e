/* Portal SOP TPPO: offline after one visit. Registers the service worker (sw.js at the site's root, written after the
   build by sop_portal/site/offline.py), hands it the page just opened to keep, offers to save this language whole
   (the size shown first, the download only after the reader confirms), says which data version a saved page holds,
   and when a newer version is out. Markup: overrides/partials/sop-offline.html. Plain ES5 for old phones; on file://
   or without service workers nothing runs and the markup stays hidden. No network request but this site's own. */
(function () {
  "use strict";

  var box = document.querySelector("[data-sop-offline]");
  var labels = document.getElementById("sop-offline-labels");
  if (!box || !labels || !("serviceWorker" in navigator) || !window.MessageChannel || !window.Promise) return;
  if (!window.isSecureContext || !/^https?:$/.test(location.protocol)) return;

  var t;
  try { t = JSON.parse(labels.textContent); } catch (e) { return; }

  var sw = navigator.serviceWorker;
  var VERSION = box.getAttribute("data-sop-version");
  var WORKER = new URL(box.getAttribute("data-sop-worker"), location.href).href;
  var SCOPE = new URL("./", WORKER).href; /* the site's root, also under a sub-path */

  function part(name) { return box.querySelector("[data-sop-offline-" + name + "]"); }
  var help = box.querySelector(".sop-offline__help");
  var line = part("line"), save = part("save"), confirmBox = part("confirm"), question = part("question");
  var yes = part("yes"), no = part("no"), progress = part("progress"), statusLine = part("status");
  var notice = document.querySelector("[data-sop-offline-notice]");
  var state = null, busy = false, announced = null;

  function noop() {}

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key] !== undefined ? values[key] : all; });
  }

  /* Numbers and dates as the site writes them ("5,3 MB", "1.234", "27 Mei 2021"), with the marks and month names of the
     labels: no Intl, whose first use loads the locale's data, a long task (40 to 130 ms here) right after the page
     has loaded. */
  function grouped(digits) {
    return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, t.group_mark || ",");
  }

  function number(n) {
    return isFinite(n) ? grouped(Math.round(Number(n))) : String(n);
  }

  function size(bytes) {
    var mb = Math.max(bytes / 1e6, 0.1), parts = mb.toFixed(mb < 10 ? 1 : 0).split(".");
    return grouped(parts[0]) + (parts[1] ? (t.decimal_mark || ".") + parts[1] : "") + "\u00a0MB";
  }

  function day(value) {
    var d = value ? new Date(value) : null;
    if (!d || isNaN(d.getTime())) return "";
    if (!t.months || t.months.length !== 12) return d.toISOString().slice(0, 10);
    return d.getDate() + " " + t.months[d.getMonth()] + " " + d.getFullYear();
  }

  /* "1.10.0" is newer than "1.9.2"; a version that is not numbers is newer when it differs. */
  function newer(a, b) {
    if (!a || !b || a === b) return false;
    var x = String(a).split("."), y = String(b).split(".");
    for (var i = 0; i < Math.max(x.length, y.length); i += 1) {
      var p = parseInt(x[i] || "0", 10), q = parseInt(y[i] || "0", 10);
      if (isNaN(p) || isNaN(q)) return true;
      if (p !== q) return p > q;
    }
    return false;
  }

  function timings() {
    if (!window.performance || !performance.getEntriesByType) return [];
    return performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"));
  }

  /* Does this host compress what it sends? Then the download is the gzip size, otherwise the raw size. */
  function compressed() {
    return timings().some(function (e) {
      return e.name.indexOf(SCOPE) === 0 && e.encodedBodySize > 0 && e.decodedBodySize > e.encodedBodySize * 1.2;
    });
  }

  function loaded() {
    return timings().map(function (e) { return e.name; }).filter(function (name) { return name.indexOf(SCOPE) === 0; });
  }

  function ask(worker, message, onReply) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) { onReply(event.data || {}); };
    worker.postMessage(message, [channel.port2]);
  }

  function announce(version) {
    if (!notice || announced === version) return;
    announced = version;
    var inner = document.createElement("p"), text = document.createElement("span"), reload = document.createElement("button");
    inner.className = "sop-offline-notice__inner md-grid";
    text.textContent = format(t.update, { version: version });
    reload.type = "button";
    reload.className = "sop-offline__button";
    reload.textContent = t.reload;
    reload.addEventListener("click", function () { location.reload(); });
    inner.appendChild(text);
    inner.appendChild(document.createTextNode(" "));
    inner.appendChild(reload);
    notice.textContent = "";
    notice.appendChild(inner);
  }

  function show(s) {
    if (s.type !== "status" && s.type !== "visited") return;
    state = s;
    box.hidden = false;
    if (s.cached) {
      var text = format(s.fromCache || navigator.onLine === false ? t.from_cache : t.saved_line, { version: VERSION });
      var when = day(s.savedOn);
      line.textContent = text + (when ? ", " + format(t.saved_date, { date: when }) : "") + ".";
      line.hidden = false;
    }
    if (s.saved) {
      help.textContent = format(t.done, { pages: number(s.pages), version: s.version });
      save.hidden = true;
      confirmBox.hidden = true;
    } else if (!busy) {
      save.textContent = format(t.save, { size: size(s.bytes) });
      save.hidden = false;
    }
    if (newer(s.version, VERSION)) announce(s.version);
  }

  function hello(worker) {
    ask(worker, {
      type: "visit", url: location.href, resources: loaded(), compressed: compressed(),
      saveData: !!(navigator.connection && navigator.connection.saveData)
    }, show);
  }

  function closeConfirm(focusSave) {
    confirmBox.hidden = true;
    save.setAttribute("aria-expanded", "false");
    if (focusSave) save.focus();
  }

  save.addEventListener("click", function () {
    if (!state || busy) return;
    if (!confirmBox.hidden) { closeConfirm(false); return; }
    question.textContent = format(t.confirm, { size: size(state.bytes), pages: number(state.pages) });
    confirmBox.hidden = false;
    save.setAttribute("aria-expanded", "true");
    yes.focus();
  });

  no.addEventListener("click", function () { closeConfirm(true); });

  confirmBox.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { event.stopPropagation(); closeConfirm(true); }
  });

  yes.addEventListener("click", function () {
    if (!state || busy) return;
    busy = true;
    closeConfirm(true);
    save.setAttribute("aria-disabled", "true");
    progress.hidden = false;
    progress.max = state.files || 1;
    progress.value = 0;
    statusLine.textContent = format(t.progress, { done: 0, total: number(state.files) });
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(noop);
    var tenth = 0;
    sw.ready.then(function (reg) {
      ask(reg.active, { type: "save", lang: state.lang }, function (m) {
        if (m.type === "progress") {
          progress.max = m.total || 1;
          progress.value = m.done;
          var now = m.total ? Math.floor((m.done * 10) / m.total) : 10;
          if (now !== tenth) { /* the live region speaks every tenth, not every file */
            tenth = now;
            statusLine.textContent = format(t.progress, { done: number(m.done), total: number(m.total) });
          }
          return;
        }
        busy = false;
        progress.hidden = true;
        save.removeAttribute("aria-disabled");
        if (m.type === "saved") {
          statusLine.textContent = format(t.done, { pages: number(m.pages), version: m.version });
          statusLine.setAttribute("tabindex", "-1");
          state.saved = true;
          show(state);
          statusLine.focus(); /* the button is gone: keep the keyboard where the news is */
        } else {
          statusLine.textContent = format(t.failed, { done: number(m.done), total: number(m.total) });
        }
      });
    }).catch(noop);
  });

  function start() {
    if (sw.startMessages) sw.startMessages();
    sw.addEventListener("message", function (event) {
      var m = event.data || {};
      if (m.type !== "activated") return;
      if (newer(m.version, VERSION)) announce(m.version);
      /* A new build took over: hand it this page too (the first install is greeted by sw.ready below). */
      if (state && state.build !== m.build) sw.ready.then(function (reg) { if (reg.active) hello(reg.active); });
    });
    sw.register(WORKER, { scope: SCOPE }).then(function (reg) {
      window.addEventListener("online", function () { reg.update().catch(noop); });
      return sw.ready;
    }).then(function (reg) {
      if (reg.active) hello(reg.active);
    }).catch(noop); /* no worker (private mode, blocked): the markup stays hidden */
  }

  /* Nothing of this competes with the page: the worker is registered (and, through "visit", fetches this language's
     search and shell) only once the page has loaded and the main thread is idle. */
  function later() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 200);
  }

  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})();
