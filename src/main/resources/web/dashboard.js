// The responder dashboard's live parts. Everything from the server is put in the page with textContent or as
// attribute values, never parsed as HTML; the only HTML taken in is the server's own escaped rendering of the
// incidents (DOMParser), after a change was posted.
(function () {
  'use strict';
  var SEVERITY = ['P0', 'P1', 'P2', 'P3'];
  var findings = {};          // id -> TrackedFinding
  var cards = {};             // id -> card element (kept, so a plan in progress survives updates)
  var role = document.body.dataset.role;
  var canAct = role === 'responder' || role === 'commander';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.text().then(function (t) {
        var json = {};
        try { json = t ? JSON.parse(t) : {}; } catch (e) { json = {error: t}; }
        if (!r.ok) throw new Error(json.error || ('HTTP ' + r.status));
        return json;
      });
    });
  }

  // ---- findings ----
  function order(a, b) {
    var ra = a.state === 'resolved', rb = b.state === 'resolved';
    if (ra !== rb) return ra ? 1 : -1;
    // risks (predictable trouble, not incidents yet) after every incident
    var ka = a.finding.kind === 'risk', kb = b.finding.kind === 'risk';
    if (ka !== kb) return ka ? 1 : -1;
    var s = SEVERITY.indexOf(a.finding.severity) - SEVERITY.indexOf(b.finding.severity);
    return s !== 0 ? s : (a.firstSeen < b.firstSeen ? 1 : -1);
  }

  function renderFindings() {
    var list = Object.keys(findings).map(function (k) { return findings[k]; }).sort(order);
    var box = document.getElementById('findings');
    document.getElementById('no-findings').hidden = list.length > 0;
    // Cards are moved only when their place changes: re-inserting a card would take the focus (and the keystrokes)
    // from a responder typing an action's name to confirm it, every time any finding updates.
    var active = document.activeElement;
    list.forEach(function (t, i) {
      var c = card(t);
      if (box.children[i] !== c) box.insertBefore(c, box.children[i] || null);
    });
    while (box.children.length > list.length) box.removeChild(box.lastChild);
    if (active && active !== document.activeElement && box.contains(active)) active.focus();
  }

  function card(t) {
    var c = cards[t.id];
    if (!c) {
      c = el('article', 'finding');
      c.dataset.finding = t.id;
      c.appendChild(el('div', 'head'));
      c.appendChild(el('div', 'body'));
      var actions = c.appendChild(el('div', 'actions'));
      if (canAct) loadActions(t, actions);
      cards[t.id] = c;
    }
    var f = t.finding;
    c.className = 'finding state-' + t.state + ' sev-' + f.severity + (f.kind === 'risk' ? ' kind-risk' : '');
    var head = el('h3');
    head.appendChild(el('span', 'badge sev', f.severity));
    if (f.kind === 'risk') {
      head.appendChild(document.createTextNode(' '));
      head.appendChild(el('span', 'badge kind', 'risk'));
    }
    head.appendChild(document.createTextNode(' '));
    head.appendChild(el('span', 'badge state', (t.state === 'resolved' ? '\u2713 ' : '\u25CF ') + t.state));
    head.appendChild(document.createTextNode(' ' + f.title));
    var meta = el('p', 'meta', f.incidentType + ' / ' + f.cause + ' \u00B7 ' + f.regions.join(', ') + ' \u00B7 first seen ');
    meta.appendChild(pitcrewTime.element(t.firstSeen));
    if (t.resolvedAt) {
      meta.appendChild(document.createTextNode(' \u00B7 resolved '));
      meta.appendChild(pitcrewTime.element(t.resolvedAt));
    }
    c.querySelector('.head').replaceChildren(head, meta);
    var body = el('div');
    body.appendChild(el('p', 'summary', f.summary));
    var ev = body.appendChild(el('ul', 'evidence'));
    f.evidence.forEach(function (e) {
      var li = ev.appendChild(el('li'));
      li.appendChild(el('code', null, e.region + ' ' + e.kind + ' ' + (e.namespace ? e.namespace + '/' : '') + e.name));
      li.appendChild(document.createTextNode(' ' + e.detail));
    });
    if (f.actions && f.actions.length) {
      var more = body.appendChild(el('details', 'steps-box'));
      more.appendChild(el('summary', null, 'Runbook steps (' + f.actions.length + ')'));
      var steps = more.appendChild(el('ol', 'steps'));
      f.actions.forEach(function (a) {
        var li = steps.appendChild(el('li', null, a.title + ' '));
        if (a.command) li.appendChild(el('code', null, a.command));
      });
    }
    c.querySelector('.body').replaceChildren(body);
    return c;
  }

  function loadActions(t, box) {
    fetch('/api/findings/' + encodeURIComponent(t.id) + '/actions', {credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        var list = json ? (json.actions || []) : [];
        if (!list.length) return;
        box.appendChild(el('h4', null, 'Suggested actions'));
        // one form per suggested invocation: the parameters the finding's evidence fills in (e.g. its namespace)
        list.forEach(function (a) {
          var sets = a.suggested && a.suggested.length ? a.suggested : [{}];
          sets.forEach(function (params) { box.appendChild(actionForm(t, a, params)); });
        });
      })
      .catch(function () { /* no actions endpoint: the doctor steps above still say what to do */ });
  }

  // Plan, then apply only after the action's name is typed: a click alone never changes the platform.
  function actionForm(t, a, params) {
    var name = a.id;
    var div = el('div', 'action');
    div.appendChild(el('strong', null, name));
    var given = Object.keys(params).map(function (k) { return k + '=' + params[k]; }).join(' ');
    if (given) div.appendChild(document.createTextNode(' ' + given));
    if (a.summary) div.appendChild(document.createTextNode(' \u2014 ' + a.summary));
    var plan = el('button', 'plan', 'Plan');
    plan.type = 'button';
    div.appendChild(document.createTextNode(' '));
    div.appendChild(plan);
    var out = div.appendChild(el('div', 'plan-out'));
    plan.addEventListener('click', function () {
      out.replaceChildren(el('p', null, 'planning…'));
      post('/api/actions/plan', {action: name, parameters: params, finding: t.id}).then(function (p) {
        var pre = el('pre', 'plan-text', JSON.stringify(p, null, 2));
        if (!p.planId) {
          // refused by the bounds, or already in effect: there is nothing to confirm
          out.replaceChildren(pre, el('p', null, 'nothing to apply (' + (p.result || 'no change') + ')'));
          return;
        }
        var label = el('label', null, 'Type ' + name + ' to confirm ');
        var confirm = label.appendChild(el('input', 'confirm'));
        confirm.autocomplete = 'off';
        var apply = el('button', 'apply', 'Apply');
        apply.type = 'button';
        apply.disabled = true;
        var result = el('output', 'result');
        confirm.addEventListener('input', function () { apply.disabled = confirm.value.trim() !== name; });
        apply.addEventListener('click', function () {
          if (confirm.value.trim() !== name) return;
          apply.disabled = true;
          result.textContent = 'applying…';
          post('/api/actions/apply', {planId: p.planId, confirm: true}).then(function (r) {
            result.textContent = 'applied: ' + JSON.stringify(r);
          }, function (e) { result.textContent = 'refused: ' + e.message; apply.disabled = false; });
        });
        out.replaceChildren(pre, label, apply, result);
      }, function (e) { out.replaceChildren(el('p', 'error', 'plan refused: ' + e.message)); });
    });
    return div;
  }

  // ---- regions ----
  var regionTimer = null;
  function refreshRegions() {
    clearTimeout(regionTimer);
    regionTimer = setTimeout(function () {
      fetch('/api/regions', {credentials: 'same-origin'}).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (json) { if (json) renderRegions(json.regions); }).catch(function () {});
    }, 300);
  }

  function renderRegions(regions) {
    var body = document.getElementById('regions');
    body.replaceChildren.apply(body, regions.map(function (r) {
      var tr = el('tr', 'region status-' + r.status);
      tr.dataset.region = r.name;
      var th = tr.appendChild(el('th', null, r.name + ' '));
      th.scope = 'row';
      th.appendChild(el('small', null, r.role));
      var st = tr.appendChild(el('td', 'status'));
      st.appendChild(el('span', null, r.status === 'ok' ? '\u2713' : '\u2715')).setAttribute('aria-hidden', 'true');
      st.appendChild(document.createTextNode(' ' + r.status + ' '));
      st.appendChild(el('small', 'error', r.error || ''));
      [['nodes', r.nodes], ['pods', r.pods], ['workspaces', r.workspaces],
       ['gaps', r.gaps.length ? r.gaps.join(', ') : 'none'], ['reconnects', r.watchReconnects]].forEach(function (c) {
        tr.appendChild(el('td', null, c[1])).dataset.label = c[0];
      });
      return tr;
    }));
  }

  // ---- incidents: controls post JSON with the CSRF token, then the section is rendered again by the server ----
  function formBody(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (e) {
      if (e.name) body[e.name] = e.type === 'checkbox' ? e.checked : e.value;
    });
    return body;
  }

  function reloadIncidents() {
    return fetch('/', {credentials: 'same-origin'}).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('incidents');
      if (fresh) document.getElementById('incidents').replaceWith(document.importNode(fresh, true));
    });
  }

  document.addEventListener('submit', function (e) {
    var form = e.target.closest('form[data-post]');
    if (!form) return;
    e.preventDefault();
    var out = form.querySelector('.error');
    post(form.dataset.post, formBody(form)).then(reloadIncidents, function (err) {
      if (out) out.textContent = err.message;
    });
  });

  document.addEventListener('change', function (e) {
    var box = e.target.closest('input.check[data-post]');
    if (!box) return;
    post(box.dataset.post, {key: box.dataset.key, checked: box.checked}).then(reloadIncidents, function (err) {
      box.checked = !box.checked;
      box.parentNode.parentNode.appendChild(el('output', 'error', err.message));
    });
  });

  // ---- the drill banner: a drill starts and ends while the page stays open ----
  function refreshDrill() {
    fetch('/api/drill', {credentials: 'same-origin'}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        if (!json) return;
        var banner = document.getElementById('drill');
        if (!json.drill) { banner.hidden = true; return; }
        document.getElementById('drill-text').textContent = json.drill.text;
        var since = document.getElementById('drill-since');
        since.replaceChildren(window.pitcrewTime ? window.pitcrewTime.element(json.drill.startedAt) : el('span', null, json.drill.startedAt));
        banner.hidden = false;
      }).catch(function () {});
  }

  // ---- the stream ----
  function connect() {
    var live = document.getElementById('live');
    var source = new EventSource('/api/stream');
    source.addEventListener('open', function () { findings = {}; live.textContent = 'live'; refreshRegions(); });
    source.addEventListener('finding', function (e) {
      var change = JSON.parse(e.data);
      findings[change.finding.id] = change.finding;
      renderFindings();
      if (change.change !== 'current') refreshRegions();
      live.textContent = 'live';
    });
    // EventSource gives up on a refusal (503 when the server's stream caps are reached): try again later ourselves
    source.onerror = function () {
      live.textContent = 'reconnecting…';
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 30000);
    };
  }

  document.addEventListener('DOMContentLoaded', connect);
  document.addEventListener('DOMContentLoaded', function () { setInterval(refreshDrill, 10000); });
})();
