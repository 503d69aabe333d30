// Command builder enhancement (site.md §9). The server owns every rule: each
// pill is a link to the state it leads to, and this script only fetches that
// state from /api/resolve, swaps the server-rendered fragment in, and keeps
// the URL, storage, tabs, popovers, copy buttons and $VAR substitution.
(function () {
  'use strict';
  var section = document.getElementById('builder');
  if (!section || !window.fetch) return;
  document.documentElement.classList.add('js');
  var recipe = section.getAttribute('data-recipe');
  var path = section.getAttribute('data-path');
  var ENV_KEY = 'vllm-recipes:cluster-endpoints';
  var PREF_KEY = 'vllm-recipes-prefs';
  var STATE_KEY = 'vllm-recipes-recipe-state';
  // Per-recipe choices remembered between visits (site.md §9.2), keyed by URL key.
  var STORED = { strategy: 'strategy', nodes: 'nodes', features: 'features', fmode: 'featureModes',
    kv_offload: 'kvOffload', kv_instances: 'kvInstances' };
  var chosenView = null;  // pip | docker once the user picks a tab (not persisted)
  var chosenCuda = null;  // cu130 | cu129 once the user picks a build (not persisted)
  var wrapOn = false;     // the command card's Wrap toggle (kept across swaps)
  var seq = 0;

  function store(key, fallback) {
    try {
      var v = JSON.parse(localStorage.getItem(key) || 'null');
      return v && typeof v === 'object' ? v : fallback;
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage unavailable */ }
  }
  function $(sel, el) { return (el || section).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || section).querySelectorAll(sel)); }
  function meta() { return $('#cb-meta'); }
  function currentQuery() { var m = meta(); return m ? m.getAttribute('data-query') : ''; }

  // --- $VAR substitution (site.md §9.10) -----------------------------------
  var VAR_RE = /\$[A-Z_][A-Z0-9_]*/g;
  function values() {
    var m = meta(), out = {};
    try { out = JSON.parse(m.getAttribute('data-defaults') || '{}'); } catch (e) { out = {}; }
    var saved = store(ENV_KEY, {});
    Object.keys(saved).forEach(function (k) { if (saved[k]) out[k] = String(saved[k]); });
    return out;
  }
  function substitute(text, vals) {
    var names = Object.keys(vals).filter(function (k) { return vals[k]; });
    names.sort(function (a, b) { return b.length - a.length; });
    if (!names.length) return text;
    return text.replace(VAR_RE, function (m) {
      // The regex takes the longest run; a shorter saved name may be its prefix
      // only when the rest is not a name character, which the run rules out.
      var name = m.slice(1);
      return Object.prototype.hasOwnProperty.call(vals, name) && vals[name] ? vals[name] : m;
    });
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function renderCode(pre, vals) {
    var text = substitute(pre.getAttribute('data-raw'), vals);
    var dim = '';
    while (text.charAt(0) === '#') {
      var nl = text.indexOf('\n');
      var end = nl < 0 ? text.length : nl + 1;
      dim += text.slice(0, end);
      text = text.slice(end);
    }
    pre.innerHTML = (dim ? '<span class="cb-dim">' + escapeHtml(dim) + '</span>' : '') + escapeHtml(text);
  }
  function applyVars() {
    var vals = values();
    $$('pre[data-raw]').forEach(function (pre) { renderCode(pre, vals); });
    var saved = store(ENV_KEY, {});
    var n = Object.keys(saved).filter(function (k) { return saved[k]; }).length;
    var btn = $('#pop-env > summary');
    if (btn) {
      btn.classList.toggle('is-set', n > 0);
      var badge = btn.querySelector('.cb-count');
      if (!badge) { badge = document.createElement('span'); badge.className = 'cb-count'; btn.appendChild(badge); }
      badge.textContent = n ? String(n) : '';
    }
  }

  // --- Env popover ------------------------------------------------------------
  function hintFor(name) {
    if (/_DP_RPC_PORT$/.test(name)) return '12345';
    if (/_PORT$/.test(name)) return 'port';
    if (/^(PREFILL|DECODE)_NODE_\d+$/.test(name)) return 'host';
    if (/^VLLM_INSTANCE_\d+$/.test(name)) return '10.0.0.x';
    if (/_IP$/.test(name)) return '10.0.0.1';
    if (name === 'IFACE_NAME') return 'bond0';
    if (name === 'ROUTER_HOST' || name === 'VLLM_HOST') return 'localhost';
    if (name === 'MOONCAKE_CONFIG_PATH') return '/etc/mooncake/mooncake_vllm_config.json';
    if (name === 'MOONCAKE_STORE_CONFIG_PATH') return '/etc/mooncake/mooncake_store_config.json';
    if (/DEVICE_NAME$/.test(name)) return 'mlx5_0,mlx5_1,… (blank = auto)';
    return 'value';
  }
  function buildEnv() {
    var box = $('#cb-env');
    if (!box) return;
    var m = meta();
    var hostVar = m.getAttribute('data-host'), portVar = m.getAttribute('data-port');
    var defaults = {};
    try { defaults = JSON.parse(m.getAttribute('data-defaults') || '{}'); } catch (e) { defaults = {}; }
    var seen = [];
    $$('pre[data-raw]').forEach(function (pre) {
      if (pre.closest('.cb-pop') || pre.closest('.cb-install')) return;
      (pre.getAttribute('data-raw').match(VAR_RE) || []).forEach(function (v) {
        var n = v.slice(1);
        if (n !== hostVar && n !== portVar && seen.indexOf(n) < 0) seen.push(n);
      });
    });
    var saved = store(ENV_KEY, {});
    function field(name, placeholder) {
      var id = 'env-' + name;
      return '<label class="cb-envrow" for="' + id + '"><code>$' + name + '</code></label><input id="' + id +
        '" data-env="' + name + '" placeholder="' + escapeHtml(placeholder) + '" value="' +
        escapeHtml(saved[name] || '') + '" autocomplete="off" spellcheck="false">';
    }
    var html = '<div class="cb-pop-head"><strong>Cluster env</strong><span class="cb-grow"></span>' +
      (Object.keys(saved).length ? '<button type="button" class="cb-link" data-env-clear>Clear all</button>' : '') +
      '</div><p class="cb-small cb-muted">Saved in this browser and substituted into commands, env exports, cURL ' +
      'and bench. Empty fields stay as <code>$VAR</code>.</p><div class="cb-envsec">Curl / bench target</div>' +
      '<div class="cb-envgrid">' + field(hostVar, hostVar === 'HEAD_IP' ? '10.0.0.1' : 'localhost') +
      field(portVar, defaults[portVar] || '8000') + '</div>';
    if (seen.length) {
      html += '<div class="cb-envsec">Placeholders in current commands</div><div class="cb-envgrid">' +
        seen.map(function (n) { return field(n, hintFor(n)); }).join('') + '</div>';
    }
    if (seen.indexOf('IFACE_NAME') >= 0) {
      html += '<p class="cb-small cb-muted">Default-route interface: <code>ip route show default | awk \'{print $5}\'</code>. ' +
        'On HPC clusters the RDMA fabric may differ (check <code>ibstat</code> / <code>ibv_devinfo</code>).</p>';
    }
    if (seen.indexOf('HEAD_IP') >= 0 || hostVar === 'HEAD_IP') {
      html += '<p class="cb-small cb-muted">Rank-0 address: <code>ip -4 addr show $IFACE_NAME | awk \'/inet /{print $2}\' | cut -d/ -f1</code></p>';
    }
    box.innerHTML = html;
  }

  // --- Swapping in a new state ---------------------------------------------------
  function selectedTabId() {
    var t = $('[role="tab"][aria-selected="true"]');
    return t ? t.id : null;
  }
  function mainCopyText() {
    var panel = $('.cb-panel.is-sel') || $('.cb-panel');
    if (!panel) return '';
    var root = section.querySelector('.cb-root');
    var view = root.getAttribute('data-view'), cuda = root.getAttribute('data-cuda');
    var srcs = $$('[data-copy-src]', panel).filter(function (el) {
      var c = el.classList;
      return !(c.contains('v-docker') && view === 'pip') && !(c.contains('v-pip') && view === 'docker') &&
        !(c.contains('v-cu129') && cuda !== 'cu129') && !(c.contains('v-cu130') && cuda === 'cu129');
    });
    return srcs.map(function (el) {
      return $$('pre', el).map(function (p) { return p.textContent; }).join('\n\n');
    }).join('\n');
  }
  function setView(view) {
    var root = $('.cb-root');
    if (!root) return;
    root.setAttribute('data-view', view);
    $$('[data-view-set]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-view-set') === view)); });
  }
  function setWrap(on) {
    var root = $('.cb-root');
    if (!root) return;
    root.setAttribute('data-wrap', on ? '1' : '0');
    $$('[data-wrap-toggle]').forEach(function (b) { b.setAttribute('aria-pressed', String(on)); });
  }
  function setCuda(cu) {
    var root = $('.cb-root');
    if (!root) return;
    root.setAttribute('data-cuda', cu);
    $$('[data-cuda-set]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-cuda-set') === cu)); });
  }
  function selectTab(tab, focus) {
    var tabs = $$('[role="tab"]');
    tabs.forEach(function (t) {
      var sel = t === tab;
      t.setAttribute('aria-selected', String(sel));
      t.tabIndex = sel ? 0 : -1;
      var panel = document.getElementById(t.getAttribute('aria-controls'));
      if (panel) panel.classList.toggle('is-sel', sel);
    });
    var client = tab.getAttribute('data-client') === '1';
    $$('#pop-curl, #pop-bench').forEach(function (p) {
      if (client) { p.removeAttribute('data-off'); p.querySelector('summary').removeAttribute('data-tip'); }
      else {
        p.setAttribute('data-off', '1'); p.open = false;
        p.querySelector('summary').setAttribute('data-tip', tab.getAttribute('data-client-hint') || '');
      }
    });
    if (focus) tab.focus();
  }
  // Keyboard users keep their place across a swap: the same control gets focus back.
  function focusKey() {
    var a = document.activeElement;
    if (!a || !section.contains(a)) return null;
    if (a.getAttribute('data-row')) return '[data-row="' + a.getAttribute('data-row') + '"][data-id="' + a.getAttribute('data-id') + '"]';
    if (a.getAttribute('data-param')) return '[data-param="' + a.getAttribute('data-param') + '"]';
    if (a.matches('a.cb-check')) return 'a.cb-check[href="' + a.getAttribute('href') + '"]';
    return null;
  }
  function apply(json) {
    var refocus = focusKey();
    var before = mainCopyText();
    var keepTab = selectedTabId();
    var installOpen = !!($('.cb-install') && $('.cb-install').open);
    var advOpen = !!($('.cb-adv') && $('.cb-adv').open);
    var tabIds = $$('[role="tab"]').map(function (t) { return t.id; }).join(',');
    section.innerHTML = json.html;
    if (chosenView && $('[data-view-set="' + chosenView + '"]')) setView(chosenView);
    if (chosenCuda) setCuda(chosenCuda);
    setWrap(wrapOn);
    if ($('.cb-install')) $('.cb-install').open = installOpen;
    if ($('.cb-adv') && advOpen) $('.cb-adv').open = true;
    var newIds = $$('[role="tab"]').map(function (t) { return t.id; }).join(',');
    // Same tab set: keep the selected tab; a changed set starts at the first.
    if (keepTab && newIds === tabIds && document.getElementById(keepTab)) selectTab(document.getElementById(keepTab));
    applyVars();
    buildEnv();
    if (mainCopyText() !== before) ring();
    var again = refocus && $(refocus);
    if (again) again.focus({ preventScroll: true });
    initRoving();
  }

  // --- Tooltips stay inside the viewport (shifted sideways, flipped above) ---
  function placeTip(el) {
    el.style.removeProperty('--tip-dx');
    el.style.removeProperty('--tip-top');
    var tip = getComputedStyle(el, '::after');
    var w = parseFloat(tip.width), h = parseFloat(tip.height);
    if (!(w > 0)) return;
    var r = el.getBoundingClientRect(), vw = document.documentElement.clientWidth, margin = 8;
    var dx = 0;
    if (r.left + w > vw - margin) dx = vw - margin - w - r.left;
    if (r.left + dx < margin) dx = margin - r.left;
    if (dx) el.style.setProperty('--tip-dx', Math.round(dx) + 'px');
    if (r.bottom + 6 + h > window.innerHeight && r.top - 6 - h > 0) el.style.setProperty('--tip-top', Math.round(-h - 6) + 'px');
  }
  section.addEventListener('mouseover', function (ev) {
    var el = ev.target.closest && ev.target.closest('[data-tip]');
    if (el) placeTip(el);
  });
  section.addEventListener('focusin', function (ev) {
    var el = ev.target.closest && ev.target.closest('[data-tip]');
    if (el) placeTip(el);
  });

  // --- Roving tabindex: one Tab stop per pill group, arrows move within it -----
  function groupPills(group) { return $$('.cb-pill[data-row]', group); }
  function initRoving() {
    $$('.cb-line[role="group"]').forEach(function (g) {
      var pills = groupPills(g);
      if (!pills.length) return;
      var stop = pills.filter(function (p) { return p === document.activeElement; })[0] ||
        pills.filter(function (p) { return p.classList.contains('is-active'); })[0] || pills[0];
      pills.forEach(function (p) { p.tabIndex = p === stop ? 0 : -1; });
    });
  }
  function rove(ev) {
    var pill = ev.target.closest && ev.target.closest('.cb-pill[data-row]');
    var group = pill && pill.closest('.cb-line[role="group"]');
    if (!group) return false;
    var pills = groupPills(group), i = pills.indexOf(pill), n = pills.length, j = -1;
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') j = (i + 1) % n;
    else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') j = (i - 1 + n) % n;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = n - 1;
    if (j < 0) return false;
    ev.preventDefault();
    pills.forEach(function (p, k) { p.tabIndex = k === j ? 0 : -1; });
    pills[j].focus();
    return true;
  }
  function ring() {
    var card = $('#cb-card');
    if (!card) return;
    card.classList.remove('is-ring');
    void card.offsetWidth;
    card.classList.add('is-ring');
    setTimeout(function () { card.classList.remove('is-ring'); }, 600);
  }
  function showError(err) {
    var box = document.createElement('div');
    box.className = 'cb-warn';
    box.setAttribute('role', 'alert');
    box.textContent = 'Bad ' + err.param + ': ' + err.message + (err.valid && err.valid.length ? ' (valid: ' + err.valid.join(', ') + ')' : '');
    section.insertBefore(box, section.firstChild);
  }
  function load(query) {
    var my = ++seq;
    var pref = store(PREF_KEY, {});
    var url = '/api/resolve?recipe=' + encodeURIComponent(recipe) + (query ? '&' + query : '');
    if (pref.hardware && !/(^|&)hardware=/.test(query || '')) url += '&pref_hardware=' + encodeURIComponent(pref.hardware);
    section.setAttribute('aria-busy', 'true');
    return fetch(url, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (my !== seq) return;
        section.removeAttribute('aria-busy');
        if (!res.ok) { showError(res.j.error || { param: '?', message: 'request failed' }); return; }
        apply(res.j);
        section.setAttribute('data-state', url.slice(url.indexOf('?') + 1));  // what the deploy dialog renders for
        var q = res.j.query;
        saveRecipeState(q);
        if (location.search.replace(/^\?/, '') !== q) history.replaceState(history.state, '', path + (q ? '?' + q : '') + location.hash);
      })
      .catch(function () { location.href = path + (query ? '?' + query : ''); });
  }

  function saveRecipeState(query) {
    var all = store(STATE_KEY, {});
    var params = new URLSearchParams(query), entry = {};
    Object.keys(STORED).forEach(function (k) { if (params.get(k)) entry[STORED[k]] = params.get(k); });
    if (Object.keys(entry).length) all[recipe] = entry; else delete all[recipe];
    save(STATE_KEY, all);
  }
  // Stored values fill the keys the URL leaves out (URL → storage → default).
  function withStoredState(query) {
    var entry = store(STATE_KEY, {})[recipe];
    if (!entry || typeof entry !== 'object') return null;
    var params = new URLSearchParams(query), added = false;
    Object.keys(STORED).forEach(function (k) {
      var v = entry[STORED[k]];
      if (typeof v === 'string' && v && !params.has(k)) { params.set(k, v); added = true; }
    });
    return added ? params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':') : null;
  }

  // --- Copy -----------------------------------------------------------------------
  function copyText(text, btn) {
    function done() {
      var label = btn.querySelector('span');
      var old = label ? label.textContent : '';
      btn.classList.add('is-copied');
      if (label) label.textContent = 'Copied';
      setTimeout(function () { btn.classList.remove('is-copied'); if (label) label.textContent = old; }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.opacity = '0';
    document.body.appendChild(ta); ta.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(ta);
  }

  // --- Events ---------------------------------------------------------------------
  document.addEventListener('click', function (ev) {
    var t = ev.target.closest ? ev.target : ev.target.parentElement;
    var copy = t.closest('.cb-copy');
    if (copy) {
      ev.preventDefault();
      var target = copy.getAttribute('data-copy');
      var text = '';
      if (target === '@command') text = mainCopyText();
      else if (target === '@install') {
        var codes = $$('div[id^="install-"]', copy.closest('.v-pip, .v-docker')).filter(function (d) { return d.getClientRects().length; });
        text = codes.length ? codes[0].textContent : '';
      }
      else if (target === '@next') { var pre = copy.parentElement.querySelector('pre'); text = pre ? pre.textContent : ''; }
      else { var el = document.getElementById(target); text = el ? el.textContent : ''; }
      copyText(text.replace(/\n+$/, ''), copy);
      return;
    }
    if (!section.contains(t)) {
      $$('.cb-pop[open]').forEach(function (p) { p.open = false; });
      return;
    }
    $$('.cb-pop[open]').forEach(function (p) { if (!p.contains(t)) p.open = false; });
    var link = t.closest('a[data-q]');
    if (link && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey && ev.button === 0) {
      ev.preventDefault();
      if (link.getAttribute('data-row') === 'hardware') {
        var pref = store(PREF_KEY, {});
        pref.hardware = link.getAttribute('data-id');
        save(PREF_KEY, pref);
      }
      load(link.search.replace(/^\?/, ''));
      return;
    }
    if (t.closest('[data-wrap-toggle]')) { wrapOn = !wrapOn; setWrap(wrapOn); return; }
    var cs = t.closest('[data-cuda-set]');
    if (cs) { chosenCuda = cs.getAttribute('data-cuda-set'); setCuda(chosenCuda); return; }
    var vs = t.closest('[data-view-set]');
    if (vs) { chosenView = vs.getAttribute('data-view-set'); setView(chosenView); return; }
    var tab = t.closest('[role="tab"]');
    if (tab) { selectTab(tab); return; }
    if (t.closest('[data-env-clear]')) { save(ENV_KEY, {}); applyVars(); buildEnv(); return; }
    var off = t.closest('.cb-pop[data-off] > summary');
    if (off) ev.preventDefault();
  });
  section.addEventListener('toggle', function (ev) {
    if (ev.target.id === 'pop-env' && ev.target.open) buildEnv();
  }, true);
  section.addEventListener('keydown', function (ev) {
    var tab = ev.target.closest && ev.target.closest('[role="tab"]');
    if (tab) {
      var tabs = $$('[role="tab"]'), i = tabs.indexOf(tab), n = tabs.length, j = -1;
      if (ev.key === 'ArrowRight') j = (i + 1) % n;
      else if (ev.key === 'ArrowLeft') j = (i - 1 + n) % n;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = n - 1;
      if (j >= 0) { ev.preventDefault(); selectTab(tabs[j], true); }
      return;
    }
    if (rove(ev)) return;
    if (ev.key === ' ' && ev.target.matches && ev.target.matches('a[role="button"], a[role="checkbox"]')) {
      ev.preventDefault();
      ev.target.click();
    }
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') return;
    $$('.cb-pop[open]').forEach(function (p) { p.open = false; p.querySelector('summary').focus(); });
  });
  section.addEventListener('input', function (ev) {
    var name = ev.target.getAttribute && ev.target.getAttribute('data-env');
    if (!name) return;
    var saved = store(ENV_KEY, {});
    if (ev.target.value) saved[name] = ev.target.value; else delete saved[name];
    save(ENV_KEY, saved);
    applyVars();
  });
  section.addEventListener('change', function (ev) {
    var param = ev.target.getAttribute && ev.target.getAttribute('data-param');
    if (!param) return;
    var v = parseInt(ev.target.value, 10);
    var min = parseInt(ev.target.min, 10), max = parseInt(ev.target.max, 10);
    if (isNaN(v)) v = min;
    v = Math.max(min, Math.min(max, v));
    var params = new URLSearchParams(currentQuery());
    // Shown node / instance inputs are 1-based; their URL values are 0-based.
    if (/_rank$|^kv_instance$/.test(param)) v -= 1;
    if (/_nodes$/.test(param)) params.delete(param.replace('_nodes', '_rank'));
    params.set(param, String(v));
    load(params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':'));
  });

  // --- Start: restore a stored hardware preference (URL → storage → default) ----
  if (chosenView === null) setView(($('#cb-meta') || section).getAttribute('data-view') || 'pip');
  applyVars();
  buildEnv();
  initRoving();
  var pref = store(PREF_KEY, {});
  var q = location.search.replace(/^\?/, '');
  var restored = withStoredState(q);
  if (restored !== null) {
    // A stored value the server refuses (recipe changed since) is dropped.
    load(restored).then(function () {
      if ($('.cb-warn[role="alert"]')) { var all = store(STATE_KEY, {}); delete all[recipe]; save(STATE_KEY, all); load(q); }
    });
  } else if (pref.hardware && !/(^|&)hardware=/.test(q) && pref.hardware !== meta().getAttribute('data-hw')) {
    load(q);
  }
})();
