// The public report page: browser position, an optional map pin (Leaflet loaded only when asked), photo checks
// before upload, and no double submit. Works without this script too (the plate gives the place).
(function () {
  var form = document.getElementById('report-form');
  if (!form) { return; }
  var lon = document.getElementById('lon');
  var lat = document.getElementById('lat');
  var note = document.getElementById('position-note');
  var zh = (document.documentElement.lang || 'zh').indexOf('zh') === 0;
  function t(zhText, enText) { return zh ? zhText : enText; }
  function set(x, y, how) {
    lon.value = x.toFixed(6); lat.value = y.toFixed(6);
    note.textContent = how + ' (' + lat.value + ', ' + lon.value + ')';
  }
  var pos = document.getElementById('use-position');
  if (pos) {
    if (!navigator.geolocation) { pos.hidden = true; }
    pos.addEventListener('click', function () {
      note.textContent = t('正在获取位置…', 'Getting your position…');
      navigator.geolocation.getCurrentPosition(function (p) {
        set(p.coords.longitude, p.coords.latitude, t('已使用您的位置', 'Using your position'));
      }, function () {
        note.textContent = t('无法获取位置,请在地图上选点', 'No position; pick the place on the map');
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }
  var pick = document.getElementById('pick-on-map');
  var mapDiv = document.getElementById('pin-map');
  var map;
  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    for (var k in attrs) { el[k] = attrs[k]; }
    if (done) { el.onload = done; }
    document.head.appendChild(el);
  }
  function showMap() {
    mapDiv.hidden = false;
    var x = parseFloat(lon.value || form.dataset.lon || '112.96');
    var y = parseFloat(lat.value || form.dataset.lat || '22.77');
    // the page links Leaflet's stylesheet under a content-hashed name, which Leaflet cannot read its icon folder from
    if (form.dataset.leafletImages) { L.Icon.Default.imagePath = form.dataset.leafletImages; }
    map = L.map(mapDiv).setView([y, x], 16);
    if (form.dataset.tiles) { L.tileLayer(form.dataset.tiles, { maxZoom: 19 }).addTo(map); }
    var marker = null;
    map.on('click', function (e) {
      if (marker) { marker.setLatLng(e.latlng); } else { marker = L.marker(e.latlng).addTo(map); }
      set(e.latlng.lng, e.latlng.lat, t('已在地图上选点', 'Pinned on the map'));
    });
  }
  if (pick) {
    pick.addEventListener('click', function () {
      if (map) { return; }
      if (window.L) { showMap(); return; }
      // content-hashed URLs from the page (kept a year by the browser); the plain ones if the page has none
      load('link', { rel: 'stylesheet', href: form.dataset.leafletCss || '/webjars/leaflet/dist/leaflet.css' });
      load('script', { src: form.dataset.leafletJs || '/webjars/leaflet/dist/leaflet.js' }, showMap);
    });
  }
  var photo = document.getElementById('photo');
  var photoNote = document.getElementById('photo-note');
  var max = parseInt(form.dataset.maxPhotos || '3', 10);
  function checkPhotos() {
    var files = photo.files || [];
    var msg = '';
    if (files.length > max) { msg = t('最多 ' + max + ' 张照片', 'At most ' + max + ' photos'); }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > 5 * 1024 * 1024) { msg = t('每张照片不超过 5 MB', 'Each photo at most 5 MB'); }
    }
    photoNote.textContent = msg || (files.length ? t('已选 ' + files.length + ' 张', files.length + ' selected') : '');
    photo.setCustomValidity(msg);
  }
  if (photo) { photo.addEventListener('change', checkPhotos); }
  form.addEventListener('submit', function () {
    var b = document.getElementById('submit-report');
    setTimeout(function () { b.disabled = true; b.textContent = t('正在提交…', 'Sending…'); }, 0);
  });
})();
