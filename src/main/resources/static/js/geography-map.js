// The grid map: polygons of the areas the user may see (served by /api/areas/geojson, already filtered by data
// scope), coloured by level, with a level switch; clicking an area shows its details, counts and the people
// serving it (/api/areas/{code}/roster, provided by the people module; absence is tolerated).
(function () {
  'use strict';
  var COLORS = {
    COUNTY: '#1e3a8a', TOWN: '#7c3aed', VILLAGE: '#059669', GRID: '#2563eb', BUILDING: '#a16207',
    MICRO_GRID: '#f59e0b', INDUSTRIAL_PARK: '#dc2626', MARITIME: '#0891b2', POLICE_ZONE: '#4b5563'
  };

  function color(props) {
    return props.kind && props.kind !== 'BASE' ? COLORS[props.kind] : (COLORS[props.level] || '#334155');
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var mapEl = document.getElementById('map');
    var panel = document.getElementById('area-panel');
    if (!mapEl || !panel || typeof L === 'undefined') { return; }
    var label = function (key) { return panel.getAttribute('data-l-' + key.toLowerCase()) || key; };
    var names = {};
    document.querySelectorAll('#map-labels [data-key]').forEach(function (li) {
      names[li.getAttribute('data-key')] = li.textContent;
    });
    var name = function (key) { return names[key] || key; };
    var status = document.getElementById('map-status');
    var levelSwitch = document.getElementById('level-switch');

    document.querySelectorAll('#map-legend .swatch').forEach(function (s) {
      var c = COLORS[s.getAttribute('data-level') || s.getAttribute('data-kind')];
      s.style.cssText = 'display:inline-block;width:.9rem;height:.9rem;border-radius:2px;background:' + c;
    });

    var map = L.map(mapEl, { zoomControl: true, attributionControl: true }).setView([22.76, 112.96], 10);
    var tileUrl = mapEl.getAttribute('data-tile-url');
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: mapEl.getAttribute('data-tile-attribution') || '' }).addTo(map);
    }
    var layer = null;
    var selected = null;

    function showArea(props) {
      panel.innerHTML = '';
      var h = el('h2', props.name);
      h.id = 'area-panel-name';
      panel.appendChild(h);
      var dl = el('dl', null, 'geo-facts');
      dl.style.cssText = 'display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:.5rem 0';
      function row(k, v, id) {
        dl.appendChild(el('dt', k, 'muted'));
        var dd = el('dd', v);
        dd.style.margin = '0';
        if (id) { dd.id = id; }
        dl.appendChild(dd);
      }
      row(label('code'), props.code, 'area-panel-code');
      row(label('level'), label(props.level) + (props.kind && props.kind !== 'BASE' ? ' · ' + label(props.kind) : ''));
      panel.appendChild(dl);
      var counts = el('p', label('loading'), 'muted');
      counts.id = 'area-panel-counts';
      panel.appendChild(counts);
      var rosterTitle = el('h3', label('roster'));
      panel.appendChild(rosterTitle);
      var roster = el('div', label('loading'), 'muted');
      roster.id = 'area-panel-roster';
      panel.appendChild(roster);
      var open = el('a', label('open'), 'button');
      open.href = mapEl.getAttribute('data-page-url') + encodeURIComponent(props.code);
      open.id = 'area-panel-open';
      panel.appendChild(open);

      var base = mapEl.getAttribute('data-area-url') + encodeURIComponent(props.code);
      fetch(base, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (a) {
          counts.textContent = '';
          counts.className = '';
          counts.appendChild(el('strong', label('counts') + ': '));
          var keys = Object.keys(a.subtreeCounts || {});
          if (!keys.length) { counts.appendChild(el('span', '—')); }
          keys.forEach(function (k) {
            var t = el('span', (panel.getAttribute('data-l-' + k.toLowerCase()) || k) + ' ' + a.subtreeCounts[k], 'tag');
            t.setAttribute('data-count-key', k);
            counts.appendChild(t);
          });
          if (a.coverage && a.coverage.length) {
            var cov = el('p');
            cov.appendChild(el('strong', label('overlays') + ': '));
            a.coverage.forEach(function (c) { cov.appendChild(el('span', c, 'tag')); });
            panel.insertBefore(cov, rosterTitle);
          }
        })
        .catch(function () { counts.textContent = label('error'); });

      fetch(base + '/roster', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (people) {
          roster.textContent = '';
          if (!Array.isArray(people) || !people.length) {
            roster.textContent = label('none');
            return;
          }
          roster.className = '';
          var ul = el('ul', null, 'geo-roster');
          people.forEach(function (p) {
            var li = el('li');
            li.setAttribute('data-person-id', p.personId);
            li.appendChild(el('strong', p.name));
            var role = [p.role, p.workerType].filter(function (x) { return x; }).map(name).join(' · ');
            if (role) { li.appendChild(el('span', ' ' + role, 'muted')); }
            if (p.phoneMasked) { li.appendChild(el('span', ' ' + p.phoneMasked)); }
            ul.appendChild(li);
          });
          roster.appendChild(ul);
        })
        .catch(function () { roster.textContent = label('none'); });
    }

    function load(level) {
      mapEl.setAttribute('data-loaded', 'false');
      status.textContent = label('loading');
      var url = mapEl.getAttribute('data-geojson-url') + '?level=' + encodeURIComponent(level);
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (fc) {
          if (layer) { map.removeLayer(layer); }
          var n = 0;
          layer = L.geoJSON(fc, {
            style: function (f) {
              var c = color(f.properties);
              var overlay = f.properties.kind && f.properties.kind !== 'BASE';
              return { color: c, weight: overlay ? 2 : 1.5, fillColor: c, fillOpacity: overlay ? 0.08 : 0.2,
                dashArray: overlay ? '6 4' : null };
            },
            onEachFeature: function (f, l) {
              n++;
              l.bindTooltip(f.properties.name + ' ' + f.properties.code, { sticky: true });
              l.on('click', function () {
                if (selected) { layer.resetStyle(selected); }
                selected = l;
                l.setStyle({ weight: 3, fillOpacity: 0.4 });
                showArea(f.properties);
              });
            }
          }).addTo(map);
          if (n > 0) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
          mapEl.setAttribute('data-polygons', String(n));
          mapEl.setAttribute('data-level', level);
          mapEl.setAttribute('data-loaded', 'true');
          status.textContent = label('shown').replace('{0}', n);
        })
        .catch(function () {
          mapEl.setAttribute('data-polygons', '0');
          mapEl.setAttribute('data-loaded', 'error');
          status.textContent = label('error');
        });
    }

    levelSwitch.addEventListener('change', function () { load(levelSwitch.value); });
    load(levelSwitch.value);
  });
}());
