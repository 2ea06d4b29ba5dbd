// Dashboard charts (ECharts, served locally): drawn from the tables on the page, which stay as the accessible form
// of the same numbers; each chart's numbers also download as CSV/xlsx. Areas, categories and months only: no
// person is ranked (DOMAIN.md §8).
document.addEventListener('DOMContentLoaded', function () {
  if (typeof echarts === 'undefined') { return; }
  var charts = [];
  var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;

  function num(v) { return v === null || v === undefined || v === '' ? null : Number(v); }
  function rows(id, fields) {
    var t = document.getElementById(id);
    if (!t) { return []; }
    return Array.prototype.map.call(t.querySelectorAll('tbody tr'), function (tr) {
      var r = { label: tr.getAttribute('data-label') };
      fields.forEach(function (f) { r[f] = num(tr.getAttribute('data-' + f)); });
      return r;
    });
  }
  function head(id, i) {
    var th = document.querySelectorAll('#' + id + ' thead th')[i];
    return th ? th.textContent.trim() : '';
  }
  function draw(elId, data, option) {
    var el = document.getElementById(elId);
    if (!el) { return; }
    if (data.length === 0) {
      var p = document.createElement('p');
      p.className = 'muted';
      p.textContent = el.getAttribute('data-empty') || '';
      el.style.height = 'auto';
      el.appendChild(p);
      return;
    }
    var c = echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    c.setOption(option);
    charts.push(c);
  }
  var countsHead = 'dash-counts';

  var trend = rows('dash-trend', ['reports', 'opened', 'closed', 'completion', 'ontime', 'satisfaction']);
  draw('chart-trend', trend, {
    tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: trend.map(function (r) { return r.label; }) },
    yAxis: [{ type: 'value' }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: head(countsHead, 1), type: 'bar', data: trend.map(function (r) { return r.reports; }) },
      { name: head(countsHead, 2), type: 'bar', data: trend.map(function (r) { return r.opened; }) },
      { name: head('dash-areas', 4), type: 'line', yAxisIndex: 1, data: trend.map(function (r) { return r.completion; }) },
      { name: head('dash-areas', 6), type: 'line', yAxisIndex: 1, data: trend.map(function (r) { return r.satisfaction; }) }
    ]
  });

  var areas = rows('dash-areas', ['reports', 'opened', 'completion', 'ontime', 'satisfaction']);
  var areaEl = document.getElementById('chart-areas');
  if (areaEl && areas.length) { areaEl.style.height = Math.max(240, areas.length * 36 + 80) + 'px'; }
  draw('chart-areas', areas, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: areas.map(function (r) { return r.label; }),
      axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } },
    series: [
      { name: head('dash-areas', 4), type: 'bar', data: areas.map(function (r) { return r.completion; }) },
      { name: head('dash-areas', 5), type: 'bar', data: areas.map(function (r) { return r.ontime; }) },
      { name: head('dash-areas', 6), type: 'bar', data: areas.map(function (r) { return r.satisfaction; }) }
    ]
  });

  var cats = rows('dash-categories-data', ['reports', 'opened'])
    .sort(function (a, b) { return b.reports - a.reports; }).slice(0, 12);
  draw('chart-categories', cats, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: cats.map(function (r) { return r.label; }),
      axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } },
    series: [
      { name: head(countsHead, 1), type: 'bar', data: cats.map(function (r) { return r.reports; }) },
      { name: head(countsHead, 2), type: 'bar', data: cats.map(function (r) { return r.opened; }) }
    ]
  });

  ['channels', 'states'].forEach(function (name) {
    var data = rows('dash-' + name, ['value']).filter(function (r) { return r.value > 0; });
    draw('chart-' + name, data, {
      tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: data.map(function (r) { return { name: r.label, value: r.value }; }) }]
    });
  });

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
});
