// Times on both pages: "17:11 UTC · 3 min ago" (with the date when it is not today's), the instant itself in
// <time datetime>. The server renders the same text (server.pages.Moment); this labels what arrives live and keeps "ago"
// true while a page stays open.
(function () {
  'use strict';

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // ISO instants from Java carry up to nine fractional digits; Date.parse is only promised three
  function parse(iso) { return Date.parse(String(iso).replace(/(\.\d{3})\d*/, '$1')); }

  function ago(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 120) return minutes + ' min ago';
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + ' h ago';
    return Math.floor(hours / 24) + ' days ago';
  }

  function label(iso, now) {
    var at = new Date(parse(iso));
    if (isNaN(at.getTime())) return String(iso);
    var day = at.toISOString().slice(0, 10);
    var clock = pad(at.getUTCHours()) + ':' + pad(at.getUTCMinutes()) + ' UTC';
    return (day === new Date(now).toISOString().slice(0, 10) ? '' : day + ' ') + clock + ' \u00B7 ' + ago(now - at.getTime());
  }

  function element(iso) {
    var t = document.createElement('time');
    t.dateTime = iso;
    t.title = iso;
    t.textContent = label(iso, Date.now());
    return t;
  }

  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll('time[datetime]'), function (t) {
      t.textContent = label(t.dateTime, Date.now());
    });
  }

  window.pitcrewTime = {label: label, element: element};
  setInterval(refresh, 30000);
})();
