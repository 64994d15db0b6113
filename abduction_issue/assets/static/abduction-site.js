/* Shipped with the book by abduction_issue/sphinxext/htmltheme.py (issue 16: pages that work on a phone).
   Plain script, no dependencies, nothing loaded from elsewhere. Checked in Chromium at 390 px and 1280 px
   by tests/test_site.py. Each part works on what the themes render and does nothing where it is absent.

   1. Sidebar toggles. pydata-sphinx-theme >= 0.17 binds its sidebar handlers (open the <dialog> on a
      narrow screen; sphinx-book-theme's capture handler collapses the sidebar on a wide one) to
      document.querySelector(".primary-toggle") / (".secondary-toggle"): the first such button, which is a
      duplicate in the theme's header that sphinx-book-theme hides. The visible buttons in the article
      header get no handler, so on a phone the navigation never opens (pydata-sphinx-theme issue #2451,
      sphinx-book-theme issue #988). Every later toggle of the same kind forwards its click (touch, mouse,
      Enter or Space) to the first one, so the themes' own code opens and closes the sidebars (Escape
      and a tap on the backdrop close them; focus returns to the button). Remove this part when the
      pinned themes bind every toggle (the test then still passes without it).
   2. Wide content. Every element of the article that scrolls sideways (tables, notebook outputs, code)
      is framed: a fade on the side where more content is hidden, an always-visible scrollbar
      (abduction-site.css) and, for tables, a line saying the table scrolls.
   3. Full-size images. Every content image (the charts are embedded PNGs, so a plain link cannot open
      them) gets a "Full-size image" button, and the image itself opens on a click: a <dialog> shows it
      at its natural size, scrollable in both directions; Escape, the Close button or a tap outside close it.
   4. "Back to top". The theme's floating button (fixed at 90% of the viewport height, over whatever is
      there, e.g. an exercise's feedback) is moved into the article's sticky header bar, where it covers
      nothing.
   5. Glossary terms (issue 23). A link to a glossary entry (class abd-term, added by htmltheme.py) carries a
      short form of the definition in its title. The title becomes a small box under the term, shown while
      the pointer is over the term or the box, while the term has keyboard focus, and on a first tap on a
      touch screen (a second tap on the same term follows the link; a tap elsewhere or Escape closes it).
      The term points to the box with aria-describedby, so a screen reader reads the definition too.
      Without this script the title is still shown as the browser's own tooltip on hover.
   6. Tables as cards on a phone (issue 23). A table of four columns or more (the abductee tables, the survey
      waves, the other polls, the fact-check, the datasets' previews, a notebook's data table) is wider than a
      390 px phone, and its key column ended up off-screen; so is a three-column table that does not fit its
      column. Each body cell gets its column's heading as data-label and the table the class abd-cards; below 600 px abduction-site.css then sets each row as a
      card, one "heading: value" line per cell (a long value under its heading), so nothing scrolls sideways.
      Wider screens keep the table. Without this script a phone shows the table scrolling sideways, as before.
      A table with merged cells, or marked abd-no-cards, is left as it is. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function hideTooltip(el) {
    var bs = window.bootstrap;
    if (bs && bs.Tooltip && bs.Tooltip.getInstance) {
      var tip = bs.Tooltip.getInstance(el);
      if (tip) tip.hide();
    }
  }

  /* ------------------------------------------------------------------ 1. sidebar toggles */
  function forwardSidebarToggles() {
    ["primary", "secondary"].forEach(function (kind) {
      var toggles = document.querySelectorAll("." + kind + "-toggle");
      var bound = toggles[0];
      Array.prototype.forEach.call(toggles, function (btn, i) {
        btn.setAttribute("aria-haspopup", "dialog");
        if (i === 0) return;
        btn.addEventListener("click", function (ev) {
          ev.preventDefault();
          ev.stopImmediatePropagation();
          hideTooltip(btn);
          bound.click();
        }, true);
      });
    });
  }

  // A tap is not a hover: on touch, the header buttons' tooltips ("Toggle primary sidebar", ...) would pop up
  // over the page and stay there (focus returns to the button when a sidebar closes). Touch turns them off.
  function noTooltipsOnTouch() {
    document.querySelectorAll('.bd-header-article [data-bs-toggle="tooltip"]').forEach(function (el) {
      el.addEventListener("pointerdown", function (ev) {
        var bs = window.bootstrap;
        if (ev.pointerType !== "touch" || !bs || !bs.Tooltip || !bs.Tooltip.getInstance) return;
        var tip = bs.Tooltip.getInstance(el);
        if (tip) { tip.hide(); tip.disable(); }
      }, true);
    });
  }

  /* ------------------------------------------------------------------ 2. wide content */
  var SCROLLERS = [".pst-scrollable-table-container", ".table-wrapper", ".cell_output .output",
    ".output_area", "div.highlight pre"].join(", ");

  function frameScroller(el) {
    var frame = el.parentElement;
    if (!frame || !frame.classList.contains("abd-scroll-frame")) {
      frame = document.createElement("div");
      frame.className = "abd-scroll-frame";
      el.parentNode.insertBefore(frame, el);
      frame.appendChild(el);
      el.addEventListener("scroll", function () { updateScroller(el); }, { passive: true });
    }
    return frame;
  }

  function updateScroller(el) {
    var overflow = el.scrollWidth - el.clientWidth > 1;
    var style = getComputedStyle(el).overflowX;
    var scrolls = overflow && (style === "auto" || style === "scroll");
    var frame = el.parentElement && el.parentElement.classList.contains("abd-scroll-frame") ? el.parentElement : null;
    if (!scrolls && !frame) return;
    frame = frame || frameScroller(el);
    el.classList.toggle("abd-scrolls-x", scrolls);
    frame.classList.toggle("abd-more-left", scrolls && el.scrollLeft > 1);
    frame.classList.toggle("abd-more-right", scrolls && el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
    var isTable = !!el.querySelector("table") || el.tagName === "TABLE";
    var note = frame.querySelector(":scope > .abd-scroll-note");
    if (scrolls && isTable && !note) {
      note = document.createElement("p");
      note.className = "abd-scroll-note";
      note.textContent = "This table is wider than the page: scroll or swipe sideways to see all of it.";
      frame.insertBefore(note, el);
    }
    if (note) note.hidden = !scrolls || !isTable;
    if (scrolls && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
  }

  function markScrollers() {
    var article = document.querySelector(".bd-article");
    if (!article) return;
    article.querySelectorAll(SCROLLERS).forEach(updateScroller);
  }

  /* ------------------------------------------------------------------ 3. full-size images */
  var dialog = null;

  function zoomDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "abd-zoom";
    dialog.setAttribute("aria-label", "Full-size image");
    dialog.innerHTML = '<div class="abd-zoom-bar"><span class="abd-zoom-hint">Full size: scroll or swipe to move ' +
      'around the image.</span><button type="button" class="btn btn-sm abd-zoom-close">Close</button></div>' +
      '<div class="abd-zoom-body"></div>';
    dialog.querySelector(".abd-zoom-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (ev) {
      // Sphinx's highlighting script swallows Escape; close explicitly (as the theme does for its dialogs)
      if (ev.key === "Escape") { ev.preventDefault(); ev.stopPropagation(); dialog.close(); }
    });
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      dialog.querySelector(".abd-zoom-body").textContent = "";
      if (dialog.opener && dialog.opener.focus) dialog.opener.focus();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function openZoom(img, opener) {
    var d = zoomDialog();
    var big = document.createElement("img");
    big.src = img.src || img.currentSrc;   // a chart's full-width rendering, even where a phone shows its <picture>'s phone one
    big.alt = img.alt;
    big.className = "abd-zoom-img";
    if (img.naturalWidth && (!img.currentSrc || img.currentSrc === big.src)) big.width = img.naturalWidth;
    var body = d.querySelector(".abd-zoom-body");
    body.textContent = "";
    body.appendChild(big);
    d.opener = opener || img;
    d.showModal();
    d.querySelector(".abd-zoom-close").focus();
  }

  function addZoom() {
    document.querySelectorAll(".bd-article img").forEach(function (img) {
      if (img.closest("a, button, .abd-zoom, .no-zoom")) return;
      if (!img.closest("figure, .cell_output, .output, .figure")) return;
      img.classList.add("abd-zoomable");
      img.addEventListener("click", function () { openZoom(img, btn); });
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "btn btn-sm abd-zoom-open";
      btn.textContent = "Full-size image";
      // after a chart's <picture> (its phone rendering), not inside it: a <picture> holds only sources and the img
      (img.parentElement && img.parentElement.tagName === "PICTURE" ? img.parentElement : img).insertAdjacentElement("afterend", btn);
      btn.addEventListener("click", function () { openZoom(img, btn); });
    });
  }

  /* ------------------------------------------------------------------ 4. back to top */
  function dockBackToTop() {
    var btn = document.getElementById("pst-back-to-top");
    var bar = document.querySelector(".bd-header-article .article-header-buttons");
    if (!btn || !bar) return;
    Array.prototype.forEach.call(btn.childNodes, function (n) {
      if (n.nodeType === 3 && n.textContent.trim()) {
        var span = document.createElement("span");
        span.className = "visually-hidden";
        span.textContent = n.textContent.trim();
        btn.replaceChild(span, n);
      }
    });
    btn.classList.remove("rounded-pill");
    btn.classList.add("abd-docked", "btn-sm", "pst-navbar-icon");
    btn.title = "Back to top";
    bar.insertBefore(btn, bar.firstChild);
  }

  /* ------------------------------------------------------------------ 5. glossary terms */
  var tip = null, tipFor = null, hideTimer = null, lastPointer = "";

  function termTip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "abd-term-tip";
    tip.className = "abd-term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("mouseleave", function () { hideTermLater(); });
    document.body.appendChild(tip);
    return tip;
  }

  function showTerm(link, touch) {
    var t = termTip();
    clearTimeout(hideTimer);
    if (tipFor && tipFor !== link) tipFor.removeAttribute("aria-describedby");
    t.textContent = link.getAttribute("data-abd-definition");
    if (touch) {
      var hint = document.createElement("span");
      hint.className = "abd-term-tip-hint";
      hint.textContent = "Tap the term again to open the glossary.";
      t.appendChild(hint);
    }
    t.hidden = false;
    tipFor = link;
    link.setAttribute("aria-describedby", t.id);
    var r = link.getBoundingClientRect();
    var width = Math.min(352, document.documentElement.clientWidth - 16);
    t.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    t.style.left = left + "px";
    t.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hideTerm() {
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    if (tipFor) tipFor.removeAttribute("aria-describedby");
    tipFor = null;
  }

  function hideTermLater() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideTerm, 300);
  }

  function glossaryTerms() {
    var links = document.querySelectorAll(".bd-article a.abd-term[title]");
    if (!links.length) return;
    links.forEach(function (link) {
      link.setAttribute("data-abd-definition", link.getAttribute("title"));
      link.removeAttribute("title");   // the box replaces the browser's tooltip, which keyboards and touch never see
      link.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType; });
      link.addEventListener("mouseenter", function () { if (lastPointer !== "touch") showTerm(link, false); });
      link.addEventListener("mouseleave", function () { if (tipFor === link && lastPointer !== "touch") hideTermLater(); });
      link.addEventListener("focus", function () { if (lastPointer !== "touch") showTerm(link, false); });
      link.addEventListener("blur", function () { if (tipFor === link && lastPointer !== "touch") hideTermLater(); });
      link.addEventListener("click", function (ev) {
        if (lastPointer !== "touch") return;
        if (tipFor === link && !tip.hidden) return;        // second tap: follow the link
        ev.preventDefault();
        showTerm(link, true);
      });
    });
    document.addEventListener("keydown", function (ev) {
      lastPointer = "keyboard";
      if (ev.key === "Escape" && tip && !tip.hidden) hideTerm();
    });
    document.addEventListener("pointerdown", function (ev) {
      lastPointer = ev.pointerType;
      if (tip && !tip.hidden && !ev.target.closest("a.abd-term, .abd-term-tip")) hideTerm();
    });
  }

  /* ------------------------------------------------------------------ 6. tables as cards on a phone */
  var CARD_MIN_COLUMNS = 4, LONG_CELL = 60;

  function tablesAsCards() {
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      if (table.classList.contains("abd-no-cards") || table.closest(".abd-exercise-set, .abd-no-cards")) return;
      var head = table.tHead;
      if (!head || !head.rows.length || !table.tBodies.length) return;
      var headings = Array.prototype.map.call(head.rows[head.rows.length - 1].cells, function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      var frame = table.parentElement;
      var overflows = frame && table.getBoundingClientRect().width > frame.clientWidth + 1;
      if (headings.length < CARD_MIN_COLUMNS && !(headings.length === 3 && overflows)) return;
      var rows = [];
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) { rows.push(tr); });
      });
      var merged = rows.some(function (tr) {
        return tr.cells.length !== headings.length || Array.prototype.some.call(tr.cells, function (td) {
          return td.colSpan > 1 || td.rowSpan > 1;
        });
      });
      if (merged) return;
      rows.forEach(function (tr) {
        Array.prototype.forEach.call(tr.cells, function (td, i) {
          td.setAttribute("data-label", headings[i]);
          if (td.textContent.replace(/\s+/g, " ").trim().length > LONG_CELL) td.classList.add("abd-long");
        });
      });
      table.classList.add("abd-cards");
    });
  }

  ready(function () {
    tablesAsCards();
    glossaryTerms();
    forwardSidebarToggles();
    noTooltipsOnTouch();
    dockBackToTop();
    addZoom();
    markScrollers();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(markScrollers, 150);
    });
    window.addEventListener("load", markScrollers);
  });
})();
