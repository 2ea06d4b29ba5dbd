// Sends the CSRF token with every htmx request; marks the current menu entry.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) { e.detail.headers[header.content] = token.content; }
});
// A polling panel (data-poll-visible) asks only while its page is visible; a trigger filter would need eval, which
// the Content Security Policy forbids.
document.addEventListener('htmx:beforeRequest', function (e) {
  var el = e.detail && e.detail.elt;
  if (el && el.hasAttribute && el.hasAttribute('data-poll-visible') && document.visibilityState !== 'visible') {
    e.preventDefault();
  }
});
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-nav]').forEach(function (a) {
    var p = a.getAttribute('data-nav');
    if (p !== '/' && location.pathname.indexOf(p) === 0) { a.classList.add('active'); }
  });
});
