// vLLM Recipes: the site's small amount of script (no framework).
// Theme toggle, header search (same ranking as the server, site.md §6.3),
// in-place browse navigation, provider sidebar accordion.
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;

  // ---- Theme (the class itself is set by an inline script in <head>) ----
  function syncThemeButtons() {
    var dark = root.classList.contains('dark');
    doc.querySelectorAll('[data-theme-toggle]').forEach(function (b) {
      b.setAttribute('aria-label', dark ? 'Switch to light mode' : 'Switch to dark mode');
    });
  }
  doc.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-theme-toggle]');
    if (!b) return;
    var dark = root.classList.toggle('dark');
    try { localStorage.setItem('theme', dark ? 'dark' : 'light'); } catch (err) {}
    syncThemeButtons();
  });

  // ---- Search ----
  var SVG = function (d, s) {
    return '<svg class="icon" width="' + (s || 14) + '" height="' + (s || 14) + '" viewBox="0 0 24 24" fill="none" ' +
      'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' + d + '</svg>';
  };
  var ARROW = SVG('<path d="M5 12h14M13 6l6 6-6 6"/>');
  var SLIDERS = SVG('<path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12"/><circle cx="16" cy="6" r="2"/>' +
    '<circle cx="10" cy="12" r="2"/><circle cx="18" cy="18" r="2"/>');
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function strip(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[-_.]/g, '');
  }
  function rankWord(w, v) {
    if (!v || w.length > v.length) return 0;
    if (w === v) return 7;
    var lw = w.toLowerCase(), lv = v.toLowerCase();
    if (lw === lv) return 6;
    if (lv.indexOf(lw) === 0) return 5;
    if (lv.indexOf(' ' + lw) >= 0) return 4;
    if (lv.indexOf(lw) >= 0) return 3;
    return 0;
  }
  function cmpValue(a, b) {
    var la = a.toLowerCase(), lb = b.toLowerCase();
    if (la !== lb) return la < lb ? -1 : 1;
    return a === b ? 0 : (a > b ? -1 : 1);
  }
  // Words apply right to left; each pass filters and re-sorts the survivors.
  function rank(cands, query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var list = cands.slice();
    for (var i = words.length - 1; i >= 0; i--) {
      var w = strip(words[i]), scored = [];
      list.forEach(function (c, pos) {
        var best = 0, field = 0;
        for (var f = 0; f < c.f.length; f++) {
          var r = rankWord(w, c.f[f]);
          if (r > best) { best = r; field = f; }
        }
        if (best >= 3) scored.push({ c: c, r: best, f: field, v: c.f[field], p: pos });
      });
      scored.sort(function (a, b) { return b.r - a.r || a.f - b.f || cmpValue(a.v, b.v) || a.p - b.p; });
      list = scored.map(function (s) { return s.c; });
    }
    return list;
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch('/search-index.json').then(function (r) { return r.json(); })
        .catch(function () { indexPromise = null; return null; });
    }
    return indexPromise;
  }

  function setupSearch(box) {
    var form = box.querySelector('form'), input = box.querySelector('input'), list = box.querySelector('.search-results');
    var index = null, rows = [], hl = 0, hideTimer = null;
    function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
    function build() {
      if (!index) return;
      var q = input.value, html = '';
      rows = [];
      if (!q.trim()) {
        html += '<div class="sr-head">Latest</div>';
        index.latest.forEach(function (i) { rows.push({ kind: 'recipe', r: index.recipes[i] }); });
        rows.push({ kind: 'browse', href: '/browse', label: 'Browse all ' + index.total + ' recipes', sub: 'Open the full filter view' });
      } else {
        var seen = {};
        rank(index.providers, q).forEach(function (p) {
          if (seen[p.name] || Object.keys(seen).length >= 3) return;
          seen[p.name] = 1;
          rows.push({ kind: 'provider', p: p });
        });
        var recipes = rank(index.recipes, q);
        recipes.slice(0, 6).forEach(function (r) { rows.push({ kind: 'recipe', r: r }); });
        if (recipes.length) {
          rows.push({ kind: 'browse', href: '/browse?q=' + encodeURIComponent(q.trim()),
            label: 'Browse ' + plural(recipes.length, 'matching recipe', 'matching recipes'),
            q: 'q = \u201c' + q + '\u201d', sub: 'Open in browse with filters available' });
        } else {
          rows.push({ kind: 'browse', href: '/browse', label: 'Browse all ' + index.total + ' recipes', sub: 'Open the full filter view' });
        }
      }
      rows.forEach(function (row, i) {
        var cls = 'sr-row' + (row.kind === 'browse' ? ' sr-browse' : '') + (i === hl ? ' hl' : '');
        var inner;
        if (row.kind === 'provider') {
          row.href = '/' + row.p.org;
          inner = '<span class="tile tile-20">' + esc(row.p.name.charAt(0).toUpperCase()) + '</span><div class="sr-main">' +
            '<div class="sr-title sans">' + esc(row.p.name) + '<small>' + esc(row.p.org) + '</small></div>' +
            '<div class="sr-sub">Provider \u00b7 ' + plural(row.p.count, 'recipe', 'recipes') + '</div></div>';
        } else if (row.kind === 'recipe') {
          row.href = '/' + row.r.id;
          inner = '<div class="sr-main"><div class="sr-title">' + esc(row.r.repo) + '</div><div class="sr-sub">' +
            esc(row.r.sub) + '</div></div>';
        } else {
          inner = '<span class="sr-icon">' + SLIDERS + '</span><div class="sr-main"><div class="sr-title sans">' + esc(row.label) +
            (row.q ? '<span class="sr-q">' + esc(row.q) + '</span>' : '') + '</div><div class="sr-sub">' + esc(row.sub) + '</div></div>';
        }
        html += '<div class="' + cls + '" role="option" id="sr-' + i + '" data-i="' + i + '" aria-selected="' + (i === hl) + '">' +
          inner + '<span class="sr-arrow">' + ARROW + '</span></div>';
      });
      list.innerHTML = html;
      show(doc.activeElement === input && rows.length > 0);
      input.setAttribute('aria-activedescendant', rows.length ? 'sr-' + hl : '');
    }
    function show(on) {
      list.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
    }
    function highlight(i) {
      hl = Math.max(0, Math.min(rows.length - 1, i));
      list.querySelectorAll('.sr-row').forEach(function (el, k) {
        el.classList.toggle('hl', k === hl);
        el.setAttribute('aria-selected', k === hl ? 'true' : 'false');
      });
      input.setAttribute('aria-activedescendant', 'sr-' + hl);
      var el = list.querySelector('#sr-' + hl);
      if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
    }
    function choose(i) {
      var row = rows[i];
      if (!row) return;
      show(false);
      input.value = '';
      input.blur();
      location.href = row.href;
    }
    input.addEventListener('focus', function () {
      clearTimeout(hideTimer);
      loadIndex().then(function (ix) { index = ix; build(); });
    });
    input.addEventListener('blur', function () { hideTimer = setTimeout(function () { show(false); }, 200); });
    input.addEventListener('input', function () { hl = 0; build(); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight(hl + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(hl - 1); }
      else if (e.key === 'Enter') { if (rows.length && !list.hidden) { e.preventDefault(); choose(hl); } }
      else if (e.key === 'Escape') { input.value = ''; show(false); input.blur(); }
    });
    list.addEventListener('mousedown', function (e) {
      var row = e.target.closest('.sr-row');
      if (row) { e.preventDefault(); choose(+row.getAttribute('data-i')); }
    });
    form.addEventListener('submit', function (e) { if (!input.value.trim()) { e.preventDefault(); location.href = '/browse'; } });
  }
  doc.querySelectorAll('[data-search]').forEach(setupSearch);
  doc.addEventListener('keydown', function (e) {
    var input = doc.querySelector('[data-search] input');
    if (!input) return;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((doc.activeElement || {}).tagName || '') || (doc.activeElement || {}).isContentEditable;
    if ((e.key === 'k' || e.key === 'K') && (e.metaKey || e.ctrlKey)) { e.preventDefault(); input.focus(); input.select(); }
    else if (e.key === '/' && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) { e.preventDefault(); input.focus(); }
  });

  // ---- Browse: swap the server-rendered app for a new URL, replacing history ----
  function browseTo(url) {
    var app = doc.getElementById('browse-app');
    if (!app) { location.href = url; return; }
    app.classList.add('loading');
    fetch(url + (url.indexOf('?') >= 0 ? '&' : '?') + 'fragment=app', { headers: { Accept: 'text/html' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        var tmp = doc.createElement('div');
        tmp.innerHTML = html;
        var next = tmp.firstElementChild;
        app.replaceWith(next);
        history.replaceState(null, '', next.getAttribute('data-url') || url);
      })
      .catch(function () { location.href = url; });
  }
  doc.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-browse-nav]');
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    browseTo(a.getAttribute('href'));
  });
  doc.addEventListener('change', function (e) {
    var form = e.target.closest && e.target.closest('form[data-browse-form]');
    if (!form) return;
    var params = [];
    new FormData(form).forEach(function (v, k) {
      if (v === '' || (k === 'sort' && v === 'released')) return;
      params.push(encodeURIComponent(k) + '=' + encodeURIComponent(v).replace(/%2C/g, ','));
    });
    browseTo('/browse' + (params.length ? '?' + params.join('&') : ''));
  });

  // ---- Provider sidebar: one org expanded at a time ----
  doc.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.side-toggle');
    if (!b) return;
    var open = b.getAttribute('aria-expanded') !== 'true';
    doc.querySelectorAll('.side-toggle[aria-expanded="true"]').forEach(function (o) {
      if (o === b) return;
      o.setAttribute('aria-expanded', 'false');
      o.setAttribute('aria-label', 'Expand');
      var l = doc.getElementById(o.getAttribute('aria-controls'));
      if (l) l.hidden = true;
    });
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
    b.setAttribute('aria-label', open ? 'Collapse' : 'Expand');
    var list = doc.getElementById(b.getAttribute('aria-controls'));
    if (!list) return;
    list.hidden = !open;
    if (open && !list.children.length) fillSideModels(list);
  });
  var TASK_ICON = { text: 'type', multimodal: 'eye', omni: 'sparkles', embedding: 'hash' };
  function fillSideModels(list) {
    var org = list.getAttribute('data-org');
    loadIndex().then(function (ix) {
      if (!ix || list.children.length) return;
      var models = ix.recipes.filter(function (r) { return r.org === org; });
      models.sort(function (a, b) {
        if (a.rel !== b.rel) return a.rel < b.rel ? 1 : -1;
        var x = a.repo.toLowerCase(), y = b.repo.toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
      list.innerHTML = models.map(function (r) {
        return '<li><a href="/' + esc(r.id) + '"' + (r.task ? ' title="' + esc(r.task) + '"' : '') + '><i class="ti ti-' +
          (TASK_ICON[r.task] || 'chip') + '"></i><span class="truncate">' + esc(r.repo) + '</span></a></li>';
      }).join('');
    });
  }
  function centreCurrentModel() {
    var side = doc.querySelector('[data-sidebar]'), here = side && side.querySelector('a.here, .side-org-row.active');
    if (!side || !here) return;
    var s = side.getBoundingClientRect(), h = here.getBoundingClientRect();
    if (h.top < s.top || h.bottom > s.bottom) side.scrollTop += (h.top - s.top) - (s.height - h.height) / 2;
  }
  // --- Dialogs (the deploy dialog, §10): native <dialog> as a modal; closes on
  // Escape (built in), the × button and a click on the backdrop; the page
  // behind does not scroll while it is open. Tabs inside follow the ARIA tab
  // pattern, so a new deploy target is one more tab and panel.
  doc.addEventListener('click', function (ev) {
    var t = ev.target.closest ? ev.target : ev.target.parentElement;
    var open = t.closest('[data-dialog-open]');
    if (open) {
      var dlg = doc.getElementById(open.getAttribute('data-dialog-open'));
      if (dlg && dlg.showModal && !dlg.open) {
        refreshDeploy(dlg);
        dlg.showModal();
        doc.documentElement.classList.add('modal-open');
      }
      return;
    }
    if (t.closest('[data-dialog-close]')) { t.closest('dialog').close(); return; }
    if (t.tagName === 'DIALOG' && t.open) {
      var r = t.getBoundingClientRect();
      if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) t.close();
      return;
    }
    var tab = t.closest('dialog [role="tab"]');
    if (tab) { selectDialogTab(tab); return; }
    var copy = t.closest('[data-copy-next]');
    if (copy) {
      var pre = copy.closest('.dd-code').querySelector('pre');
      var done = function () {
        copy.textContent = 'Copied';
        copy.classList.add('is-copied');
        setTimeout(function () { copy.textContent = 'Copy'; copy.classList.remove('is-copied'); }, 1800);
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(pre.textContent).then(done, done);
      else {
        var range = doc.createRange(); range.selectNodeContents(pre);
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        try { doc.execCommand('copy'); } catch (e) { /* nothing else to try */ }
        sel.removeAllRanges(); done();
      }
    }
  });
  doc.addEventListener('close', function (ev) {
    if (ev.target.tagName === 'DIALOG') doc.documentElement.classList.remove('modal-open');
  }, true);
  // The deploy dialog shows artifacts for the builder's selection: when the
  // builder has moved on since they were rendered, ask /api/deploy again.
  function refreshDeploy(dlg) {
    var b = doc.getElementById('builder');
    var state = b && b.getAttribute('data-state');
    if (!state || !dlg.hasAttribute('data-deploy-for') || dlg.getAttribute('data-deploy-for') === state) return;
    dlg.setAttribute('aria-busy', 'true');
    fetch('/api/deploy?' + state, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        dlg.removeAttribute('aria-busy');
        if (!j || b.getAttribute('data-state') !== state) return;
        var sel = dlg.querySelector('[role="tab"][aria-selected="true"]');
        var keep = sel && sel.id;
        dlg.innerHTML = j.html;
        dlg.setAttribute('data-deploy-for', state);
        var again = keep && doc.getElementById(keep);
        if (again) selectDialogTab(again);
      }, function () { dlg.removeAttribute('aria-busy'); });
  }
  function selectDialogTab(tab, focus) {
    var list = tab.closest('[role="tablist"]');
    list.querySelectorAll('[role="tab"]').forEach(function (t) {
      var sel = t === tab;
      t.setAttribute('aria-selected', sel ? 'true' : 'false');
      t.tabIndex = sel ? 0 : -1;
      var panel = doc.getElementById(t.getAttribute('aria-controls'));
      if (panel) panel.hidden = !sel;
    });
    if (focus) tab.focus();
  }
  doc.addEventListener('keydown', function (ev) {
    var tab = ev.target.closest && ev.target.closest('dialog [role="tab"]');
    if (!tab) return;
    var tabs = Array.prototype.slice.call(tab.closest('[role="tablist"]').querySelectorAll('[role="tab"]'));
    var i = tabs.indexOf(tab), n = tabs.length, j = -1;
    if (ev.key === 'ArrowRight') j = (i + 1) % n;
    else if (ev.key === 'ArrowLeft') j = (i - 1 + n) % n;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = n - 1;
    if (j >= 0) { ev.preventDefault(); selectDialogTab(tabs[j], true); }
  });

  // Expandable text (the recipe description): the button shows only when the
  // clamped text is actually cut.
  function syncExpanders() {
    doc.querySelectorAll('[data-expand]').forEach(function (b) {
      var t = doc.getElementById(b.getAttribute('data-expand'));
      if (!t || t.classList.contains('is-open')) return;
      b.hidden = t.scrollHeight <= t.clientHeight + 1;
    });
  }
  doc.addEventListener('click', function (ev) {
    var b = ev.target.closest && ev.target.closest('[data-expand]');
    if (!b) return;
    var t = doc.getElementById(b.getAttribute('data-expand'));
    var open = !t.classList.contains('is-open');
    t.classList.toggle('is-open', open);
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
    b.textContent = open ? 'Show less' : 'Show more';
  });
  syncExpanders();
  window.addEventListener('resize', syncExpanders);

  // Phones: a placeholder that fits the narrow search box.
  var box = doc.querySelector('header input[type="search"]');
  if (box && window.matchMedia && matchMedia('(max-width: 639px)').matches) box.placeholder = 'Search models';

  syncThemeButtons();
  centreCurrentModel();
})();
