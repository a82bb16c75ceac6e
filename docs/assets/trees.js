/* Portal SOP TPPO: decision trees. A small enhancement of pages that already work without JavaScript:
   one node at a time, the answers chosen so far (with "change answer" links), kept in the browser history so
   Back and Forward step through the answers. The URL hash stays the node id, so links stay shareable.
   No network requests, no dependencies; plain ES5 for old phones. Labels come from the page. */
(function () {
  "use strict";

  var root = document.querySelector("[data-sop-tree]");
  if (!root || !window.history || !history.pushState) return;

  var treeId = root.getAttribute("data-sop-tree");
  var start = root.getAttribute("data-sop-start");
  var trail = root.querySelector("[data-sop-trail]");
  var list = trail.querySelector("ol");
  var nodes = {};
  var answers = {}; /* question id -> [{next, label}] */

  Array.prototype.forEach.call(root.querySelectorAll(".sop-node"), function (section) {
    nodes[section.id] = section;
    answers[section.id] = Array.prototype.map.call(section.querySelectorAll("a[data-sop-answer]"), function (a) {
      return { next: a.getAttribute("href").slice(1), label: textOf(a, ".sop-answer__to") };
    });
  });

  function textOf(el, skip) {
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(skip), function (s) { s.parentNode.removeChild(s); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function nodeAt(path) {
    var last = path[path.length - 1];
    return last ? answers[last.q][last.a].next : start;
  }

  function valid(path) {
    var at = start;
    for (var i = 0; i < path.length; i++) {
      var step = path[i];
      if (!step || step.q !== at || !answers[at] || !answers[at][step.a]) return false;
      at = answers[at][step.a].next;
    }
    return true;
  }

  /* The only path to a node, or null when several paths lead there (the node then shows its routes). */
  function onlyPathTo(target) {
    var found = [];
    (function walk(at, path) {
      if (found.length > 1) return;
      if (at === target) { found.push(path); return; }
      (answers[at] || []).forEach(function (answer, index) {
        walk(answer.next, path.concat([{ q: at, a: index }]));
      });
    })(start, []);
    return found.length === 1 ? found[0] : null;
  }

  var state = { node: start, path: [] };

  function pathTo(target) {
    if (target === start) return [];
    if (state.path) {
      for (var i = 0; i < state.path.length; i++) {
        if (state.path[i].q === target) return state.path.slice(0, i);
      }
    }
    return onlyPathTo(target);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function render(focus) {
    var current = nodes[state.node];
    Object.keys(nodes).forEach(function (id) { nodes[id].classList.toggle("is-current", id === state.node); });
    root.classList.toggle("sop-tree--path", !!state.path);
    list.innerHTML = "";
    var path = state.path || [];
    path.forEach(function (step, i) {
      var question = nodes[step.q];
      var item = el("li");
      item.appendChild(el("span", "sop-trail__q", question.getAttribute("data-sop-tag") + " · " +
        question.querySelector(".sop-node__title").textContent));
      item.appendChild(el("span", "sop-trail__a", answers[step.q][step.a].label));
      var change = el("a", "sop-trail__change", trail.getAttribute("data-sop-change"));
      change.href = "#" + step.q;
      change.setAttribute("data-sop-step", String(i));
      item.appendChild(change);
      list.appendChild(item);
    });
    trail.hidden = !state.path || path.length === 0;
    trail.querySelector("[data-sop-back]").href = "#" + (path.length ? path[path.length - 1].q : start);
    current.parentNode.insertBefore(trail, current.nextSibling);
    if (focus) {
      var title = current.querySelector(".sop-node__title") || current;
      title.setAttribute("tabindex", "-1");
      current.scrollIntoView({ block: "start" });
      title.focus({ preventScroll: true });
    }
  }

  function go(node, path, push) {
    state = { node: node, path: path };
    var entry = { sopTree: treeId, node: node, path: path };
    if (push) history.pushState(entry, "", "#" + node);
    else history.replaceState(entry, "", location.href); /* on load: keep the address as it is */
    render(push);
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    return nodes[id] ? id : null;
  }

  function restore(entry) {
    if (entry && entry.sopTree === treeId && nodes[entry.node] && (entry.path === null || valid(entry.path))) {
      state = { node: entry.node, path: entry.path };
    } else {
      var node = fromHash() || start;
      state = { node: node, path: pathTo(node) };
    }
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) return;
    var target = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!nodes[target]) return; /* an ordinary anchor (diagram, outline heading …) */
    event.preventDefault();
    var section = link.closest(".sop-node");
    var path;
    if (link.hasAttribute("data-sop-answer") && section && section.id === state.node && state.path) {
      path = state.path.concat([{ q: section.id, a: Number(link.getAttribute("data-sop-answer")) }]);
    } else if (link.hasAttribute("data-sop-answer") && section) {
      var before = pathTo(section.id);
      path = before ? before.concat([{ q: section.id, a: Number(link.getAttribute("data-sop-answer")) }]) : onlyPathTo(target);
    } else if (link.hasAttribute("data-sop-step")) {
      path = state.path.slice(0, Number(link.getAttribute("data-sop-step")));
    } else if (link.hasAttribute("data-sop-back")) {
      path = state.path ? state.path.slice(0, -1) : [];
    } else {
      path = pathTo(target);
    }
    go(path ? nodeAt(path) : target, path, true);
  });

  window.addEventListener("popstate", function (event) {
    var ours = event.state && event.state.sopTree === treeId;
    if (!ours && location.hash && !fromHash()) return; /* a jump to another anchor of the page: keep the tree */
    restore(event.state);
    render(true);
  });

  /* The date on the printed sheet ("27 Mei 2021", with the page's month names: no Intl, whose first use loads the
     locale's data while the page loads), and the print button. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-sop-today]"), function (span) {
    var d = new Date(), months = (span.getAttribute("data-sop-months") || "").split(" ");
    span.textContent = months.length === 12 ? d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear()
      : d.toISOString().slice(0, 10);
  });
  var print = document.querySelector("[data-sop-tree-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  root.classList.add("sop-tree--js");
  restore(history.state);
  go(state.node, state.path, false);

  /* The diagram is wider than a phone: scroll it so that the first question is in view. Its widths are read in the
     next frame, once the one-node view above is in place: reading them here would lay out the whole page (every
     node shown) only to lay it out again. */
  var scroller = document.querySelector(".sop-diagram__scroll");
  var first = scroller && scroller.querySelector(".sop-dg__node rect");
  if (first) {
    (window.requestAnimationFrame || setTimeout)(function () {
      if (scroller.scrollWidth <= scroller.clientWidth) return;
      var x = Number(first.getAttribute("x")) + Number(first.getAttribute("width")) / 2;
      scroller.scrollLeft = Math.max(0, x - scroller.clientWidth / 2);
    });
  }
})();
