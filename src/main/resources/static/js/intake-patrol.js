// Patrol page: fills the point from the phone's position, shows the "after" photo when solved on the spot, and never
// loses what was typed (DOMAIN.md §8): the form is kept as a draft while typing; a submitted report goes into an
// outbox in localStorage with its Idempotency-Key and stays there until the server has acknowledged it. It is sent
// again by itself when the network is back (same key: the server never makes two reports of it).
document.addEventListener('DOMContentLoaded', function () {
  var lon = document.getElementById('lon'), lat = document.getElementById('lat');
  var pos = document.getElementById('position');
  if (lon && !lon.value && navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (p) {
      lon.value = p.coords.longitude.toFixed(6);
      lat.value = p.coords.latitude.toFixed(6);
      if (pos) { pos.textContent = lon.value + ', ' + lat.value; }
    }, function () { if (pos) { pos.textContent = pos.getAttribute('data-none') || ''; } },
    { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  }
  var solved = document.getElementById('solvedOnSpot');
  var after = document.getElementById('after-photos');
  function sync() {
    if (after) { after.hidden = !(solved && solved.checked); after.style.display = after.hidden ? 'none' : ''; }
  }
  if (solved) { solved.addEventListener('change', sync); sync(); }

  var form = document.getElementById('patrol-form');
  var box = document.getElementById('outbox');
  if (!form || !box || !window.localStorage || !window.fetch) { return; } // plain form post as before

  var OUTBOX = 'fq.patrol.outbox.v1', DRAFT = 'fq.patrol.draft.v1';
  var user = form.getAttribute('data-user') || '';
  var apiReports = form.getAttribute('data-api-reports');
  var apiPhotos = form.getAttribute('data-api-photos');
  var reportPage = form.getAttribute('data-report-page');
  var offline = document.getElementById('offline-notice');
  var sentNotice = document.getElementById('outbox-sent');
  var FIELDS = ['categoryCode', 'description', 'areaCode', 'lon', 'lat', 'subjectKind', 'subjectRef'];
  var sending = false;

  function field(name) { return form.elements[name]; }
  // app.css gives .card and form labels a display, which beats the hidden attribute: set both
  function show(el, on) { if (el) { el.hidden = !on; el.style.display = on ? '' : 'none'; } }
  function text(key) { return box.getAttribute('data-' + key) || ''; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function all() { return load(OUTBOX, []); }
  function mine() { return all().filter(function (i) { return i.owner === user; }); }
  function store(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }
  function update(key, change) {
    var items = all();
    items.forEach(function (i) { if (i.key === key) { change(i); } });
    store(items);
  }
  function remove(key) { store(all().filter(function (i) { return i.key !== key; })); }

  // ---- the outbox on screen ----
  function render() {
    var items = mine();
    show(box, items.length > 0);
    document.getElementById('pending-count').textContent = String(items.length);
    document.getElementById('outbox-status').textContent = text('pending');
    var list = document.getElementById('outbox-list');
    list.textContent = '';
    items.forEach(function (i) {
      var li = document.createElement('li');
      li.className = 'outbox-item';
      li.setAttribute('data-key', i.key);
      li.textContent = new Date(i.savedAt).toLocaleString() + ' · ' + i.fields.description.slice(0, 40) +
        (i.photoDropped ? ' ' + text('photo-dropped') : '');
      if (i.error) {
        var err = document.createElement('div');
        err.className = 'error';
        err.textContent = text('rejected') + ' ' + i.error;
        var edit = document.createElement('button');
        edit.type = 'button';
        edit.className = 'secondary';
        edit.textContent = text('edit');
        edit.addEventListener('click', function () { restore(i); remove(i.key); render(); });
        err.appendChild(edit);
        li.appendChild(err);
      }
      list.appendChild(li);
    });
  }

  var offlineText = offline ? offline.textContent : '';
  function setOffline(on, message) {
    if (!offline) { return; }
    offline.textContent = message || offlineText;
    show(offline, on);
  }

  function restore(i) {
    FIELDS.forEach(function (n) { if (field(n)) { field(n).value = i.fields[n] || ''; } });
    if (solved) { solved.checked = !!i.fields.solvedOnSpot; sync(); }
    saveDraft();
  }

  // ---- the draft: what is being typed, kept on every change ----
  function saveDraft() {
    var d = {};
    FIELDS.forEach(function (n) { if (field(n)) { d[n] = field(n).value; } });
    d.solvedOnSpot = !!(solved && solved.checked);
    d.owner = user;
    try { localStorage.setItem(DRAFT, JSON.stringify(d)); } catch (e) { /* full: the outbox matters more */ }
  }
  var draft = load(DRAFT, null);
  if (draft && draft.owner === user && draft.description && !field('description').value) {
    FIELDS.forEach(function (n) { if (field(n) && draft[n] && (n === 'description' || n === 'categoryCode')) {
      field(n).value = draft[n]; } });
  }
  form.addEventListener('input', saveDraft);
  form.addEventListener('change', saveDraft);

  // ---- photos: read and scaled down so that they fit the phone's storage ----
  function readPhoto(file) {
    return new Promise(function (resolve) {
      var reader = new FileReader();
      reader.onload = function () {
        var img = new Image();
        img.onload = function () {
          var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
          if (scale === 1 && reader.result.length < 1500000) { resolve(reader.result); return; }
          var c = document.createElement('canvas');
          c.width = Math.round(img.width * scale); c.height = Math.round(img.height * scale);
          c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
          resolve(c.toDataURL('image/jpeg', 0.85));
        };
        img.onerror = function () { resolve(reader.result); }; // the server checks the content
        img.src = reader.result;
      };
      reader.onerror = function () { resolve(null); };
      reader.readAsDataURL(file);
    });
  }
  function photos(input, role) {
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(readPhoto)).then(function (urls) {
      return urls.filter(Boolean).map(function (u) { return { role: role, dataUrl: u }; });
    });
  }
  function blob(dataUrl) {
    var parts = dataUrl.split(','), mime = parts[0].split(':')[1].split(';')[0];
    var bin = atob(parts[1]), bytes = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) { bytes[k] = bin.charCodeAt(k); }
    return new Blob([bytes], { type: mime });
  }

  // ---- sending ----
  function headers(extra) {
    var h = extra || {};
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) { h[header.content] = token.content; }
    return h;
  }

  // answers 'sent' (with the report id), 'rejected' (the center will not take it as it is), 'signin' or 'later'
  function Outcome(kind, detail) { this.kind = kind; this.detail = detail; }
  function check(res) {
    if (res.ok) { return res.json(); }
    if (res.status === 401 || res.status === 403) { throw new Outcome('signin'); }
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      return res.json().catch(function () { return {}; }).then(function (p) {
        throw new Outcome('rejected', p.detail || p.title || ('HTTP ' + res.status));
      });
    }
    throw new Outcome('later');
  }

  function uploadPhotos(item) {
    var chain = Promise.resolve();
    (item.photos || []).forEach(function (p, index) {
      if (p.photoId) { return; }
      chain = chain.then(function () {
        var data = new FormData();
        data.append('file', blob(p.dataUrl), 'photo');
        return fetch(apiPhotos, { method: 'POST', body: data, headers: headers(), credentials: 'same-origin' })
          .then(check).then(function (ref) {
            // kept, so that a retry does not upload it again
            update(item.key, function (i) { i.photos[index].photoId = ref.id; i.photos[index].dataUrl = null; });
            item.photos[index].photoId = ref.id;
          });
      });
    });
    return chain;
  }

  function send(item) {
    return uploadPhotos(item).then(function () {
      var f = item.fields;
      var body = {
        channel: 'PATROL', categoryCode: f.categoryCode, description: f.description,
        lon: f.lon ? Number(f.lon) : null, lat: f.lat ? Number(f.lat) : null, areaCode: f.areaCode || null,
        solvedOnSpot: !!f.solvedOnSpot,
        subject: f.subjectKind && f.subjectRef ? { kind: f.subjectKind, ref: f.subjectRef } : null,
        photos: (item.photos || []).map(function (p) { return { photoId: p.photoId, role: p.role }; })
      };
      return fetch(apiReports, {
        method: 'POST', body: JSON.stringify(body), credentials: 'same-origin',
        headers: headers({ 'Content-Type': 'application/json', 'Accept': 'application/json',
          'Idempotency-Key': item.key })
      }).then(check);
    });
  }

  // sends every waiting report of this user, one after the other; resolves with the ids that arrived
  function flush() {
    if (sending) { return Promise.resolve([]); }
    var items = mine().filter(function (i) { return !i.error; });
    if (items.length === 0) { render(); return Promise.resolve([]); }
    sending = true;
    var arrived = [];
    var chain = Promise.resolve(true);
    items.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) { return false; }
        return send(item).then(function (report) {
          remove(item.key);
          arrived.push({ key: item.key, id: report.id });
          return true;
        }, function (e) {
          var kind = e instanceof Outcome ? e.kind : 'later'; // a TypeError: no network
          if (kind === 'rejected') { update(item.key, function (i) { i.error = e.detail; }); return true; }
          setOffline(true, kind === 'signin' ? text('signin') : null);
          return false;
        });
      });
    });
    return chain.then(function (allSent) {
      sending = false;
      if (allSent !== false) { setOffline(false); }
      if (arrived.length > 0 && sentNotice) {
        sentNotice.textContent = arrived.map(function (a) { return text('sent').replace('{0}', '#' + a.id); })
          .join(' ');
        show(sentNotice, true);
      }
      render();
      return arrived;
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!form.reportValidity()) { return; }
    var keyInput = field('formKey');
    var key = keyInput && keyInput.value ? keyInput.value : uuid();
    var fields = {};
    FIELDS.forEach(function (n) { fields[n] = field(n) ? field(n).value : ''; });
    fields.solvedOnSpot = !!(solved && solved.checked);
    var button = document.getElementById('submit');
    if (button) { button.disabled = true; }
    Promise.all([
      photos(document.getElementById('photos'), fields.solvedOnSpot ? 'BEFORE' : 'EVIDENCE'),
      fields.solvedOnSpot ? photos(document.getElementById('afterPhotos'), 'AFTER') : Promise.resolve([])
    ]).then(function (p) {
      var item = { key: key, owner: user, savedAt: Date.now(), fields: fields, photos: p[0].concat(p[1]) };
      var items = all().filter(function (i) { return i.key !== key; });
      items.push(item);
      try {
        store(items);
      } catch (e) { // no room for the photos: keep the text, which is what must never be lost
        item.photos = item.photos.filter(function (x) { return x.photoId; });
        item.photoDropped = true;
        store(items);
      }
      // the form is free for the next report, with a new key
      form.reset();
      if (keyInput) { keyInput.value = uuid(); }
      localStorage.removeItem(DRAFT);
      sync();
      render();
      return flush().then(function (arrived) {
        var mineNow = arrived.filter(function (a) { return a.key === key; })[0];
        if (mineNow && mine().length === 0) { location.assign(reportPage + mineNow.id); }
      });
    }).then(function () { if (button) { button.disabled = false; } },
      function () { if (button) { button.disabled = false; } render(); });
  });

  document.getElementById('outbox-retry').addEventListener('click', function () { flush(); });
  window.addEventListener('online', function () { flush(); });
  window.addEventListener('offline', function () { if (mine().length > 0) { setOffline(true); } });
  setInterval(function () { if (navigator.onLine && mine().some(function (i) { return !i.error; })) { flush(); } },
    15000);
  render();
  flush();
});
