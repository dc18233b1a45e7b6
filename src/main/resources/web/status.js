// Keeps the status page live: each "status" event is the whole public picture; the page is rebuilt from it with
// DOM calls and textContent only, so nothing in it is ever parsed as HTML.
(function () {
  'use strict';
  var RETRY_MS = 30000;
  var ICON = {'operational': '\u2713', 'degraded': '!', 'partial-outage': '\u25D0', 'major-outage': '\u2715'};
  var HEADLINE = {'operational': 'All systems operational', 'degraded': 'Some systems are degraded',
    'partial-outage': 'Partial outage', 'major-outage': 'Major outage'};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function stateLabel(state, label) {
    var s = el('span', 'state');
    s.appendChild(el('span', 'icon', ICON[state] || '?')).setAttribute('aria-hidden', 'true');
    s.appendChild(document.createTextNode(' ' + label));
    return s;
  }

  function render(status) {
    var overall = document.getElementById('overall');
    overall.className = 'overall state-' + status.overall;
    overall.replaceChildren(el('span', 'icon', ICON[status.overall]), document.createTextNode(' '),
      el('span', 'text', HEADLINE[status.overall] || status.overall));
    var regions = document.getElementById('regions');
    regions.replaceChildren.apply(regions, status.regions.map(function (r) {
      var a = el('article', 'region');
      a.appendChild(el('h3', null, r.name));
      var ul = a.appendChild(el('ul', 'components'));
      r.components.forEach(function (c) {
        var li = ul.appendChild(el('li', 'component state-' + c.state));
        li.appendChild(el('span', 'name', c.name));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(stateLabel(c.state, c.label));
      });
      return a;
    }));
    var incidents = document.getElementById('incidents');
    if (status.incidents.length === 0) {
      incidents.replaceChildren(el('p', 'none', 'No incidents reported.'));
      return;
    }
    incidents.replaceChildren.apply(incidents, status.incidents.map(function (i) {
      var a = el('article', 'incident status-' + i.status);
      var h = a.appendChild(el('h3'));
      h.appendChild(el('span', 'badge', i.status));
      h.appendChild(document.createTextNode(' ' + i.affects));
      a.appendChild(el('p', 'ref', i.id));
      var ol = a.appendChild(el('ol', 'updates'));
      i.updates.forEach(function (u) {
        var li = ol.appendChild(el('li', 'update'));
        li.appendChild(el('strong', 'update-status', u.status));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(pitcrewTime.element(u.at));
        li.appendChild(el('p', 'message', u.message));
      });
      return a;
    }));
  }

  function connect() {
    var live = document.getElementById('live');
    var source = new EventSource('/status/stream');
    source.addEventListener('status', function (e) {
      render(JSON.parse(e.data));
      live.textContent = 'live';
    });
    // EventSource reconnects by itself after a dropped connection, but gives up on a refusal (503 when the server's
    // stream caps are reached): then try again later ourselves
    source.onerror = function () {
      live.textContent = 'reconnecting…';
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RETRY_MS);
    };
  }

  document.addEventListener('DOMContentLoaded', connect);
})();
