// Hotspot map: the child areas' polygons (from /api/areas/geojson, already limited to the user's data scope)
// coloured by cases per 1,000 residents, report points drawn as translucent dots that add up where they crowd (a heat
// layer), a click drills down to the child area, and on a grid to its cases. The table beside it has the same numbers.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('hotspot-map');
  if (!el || typeof L === 'undefined') { return; }
  var map = L.map(el, { preferCanvas: true });
  var byCode = {};
  var max = 0;
  document.querySelectorAll('#hotspot-areas tbody tr').forEach(function (tr) {
    var per = tr.getAttribute('data-per');
    var v = per === null || per === '' ? null : Number(per);
    byCode[tr.getAttribute('data-code')] = { per: v, opened: Number(tr.getAttribute('data-opened')),
      link: tr.querySelector('a') ? tr.querySelector('a').getAttribute('href') : null };
    if (v !== null && v > max) { max = v; }
  });
  function colour(v) {
    if (v === null || max === 0) { return '#e5e7eb'; }
    var t = v / max;
    return t > 0.8 ? '#7f1d1d' : t > 0.6 ? '#b91c1c' : t > 0.4 ? '#ef4444' : t > 0.2 ? '#fca5a5' : '#fee2e2';
  }
  var points = [];
  document.querySelectorAll('#hotspot-points tbody tr').forEach(function (tr) {
    points.push([Number(tr.getAttribute('data-lat')), Number(tr.getAttribute('data-lon'))]);
  });
  fetch(el.getAttribute('data-geojson-url'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (geo) {
      var layer = L.geoJSON(geo, {
        filter: function (f) { return byCode.hasOwnProperty(f.properties.code); },
        style: function (f) {
          return { color: '#555', weight: 1, fillOpacity: 0.7, fillColor: colour(byCode[f.properties.code].per) };
        },
        onEachFeature: function (f, l) {
          var a = byCode[f.properties.code];
          l.bindTooltip(f.properties.name + ': ' + a.opened + (a.per === null ? '' : ' (' + a.per + '‰)'));
          l.on('click', function () { if (a.link) { window.location.href = a.link; } });
        }
      }).addTo(map);
      points.forEach(function (p) {
        L.circleMarker(p, { radius: 7, stroke: false, fillColor: '#f97316', fillOpacity: 0.18, interactive: false })
          .addTo(map);
      });
      var b = layer.getBounds();
      if (b.isValid()) { map.fitBounds(b); } else if (points.length) { map.fitBounds(points); }
      else { map.setView([22.7, 112.8], 10); }
      el.setAttribute('data-ready', String(layer.getLayers().length));
    });
});
