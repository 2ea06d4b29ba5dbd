// Indicators page: draws two ECharts charts from the tables on the page (the tables stay: they are the accessible
// form of the same figures). Rates by area as horizontal bars (long area names fit a phone), and a monthly trend.
// Only areas and months: no individual is ranked (DOMAIN.md §8).
document.addEventListener('DOMContentLoaded', function () {
  if (typeof echarts === 'undefined') { return; }
  var charts = [];

  function num(v) { return v === null || v === undefined || v === '' ? null : Number(v); }

  function rows(tableId) {
    var t = document.getElementById(tableId);
    if (!t) { return []; }
    return Array.prototype.map.call(t.querySelectorAll('tbody tr'), function (tr) {
      return {
        label: tr.getAttribute('data-label'),
        due: num(tr.getAttribute('data-due')),
        closed: num(tr.getAttribute('data-closed')),
        completion: num(tr.getAttribute('data-completion')),
        ontime: num(tr.getAttribute('data-ontime')),
        satisfaction: num(tr.getAttribute('data-satisfaction'))
      };
    });
  }

  // the localized column headers of a table, by position
  function header(tableId, index) {
    var th = document.querySelectorAll('#' + tableId + ' thead th')[index];
    return th ? th.textContent.trim() : '';
  }

  function empty(el) {
    var p = document.createElement('p');
    p.className = 'muted';
    p.textContent = el.getAttribute('data-empty') || '';
    el.style.height = 'auto';
    el.appendChild(p);
  }

  function pct(v) { return v === null || v === undefined ? '—' : v + '%'; }

  var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;

  // rates by area: completion and on-time, one pair of bars per area
  var areaEl = document.getElementById('chart-area');
  if (areaEl) {
    var a = rows('ind-byArea');
    if (a.length === 0) {
      empty(areaEl);
    } else {
      areaEl.style.height = Math.max(240, a.length * 44 + 80) + 'px';
      var areaChart = echarts.init(areaEl, null, { renderer: 'svg' });
      areaChart.setOption({
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pct },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', inverse: true, data: a.map(function (r) { return r.label; }),
          axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } },
        series: [
          { name: header('ind-byArea', 3), type: 'bar', data: a.map(function (r) { return r.completion; }),
            itemStyle: { color: '#b91c1c' } },
          { name: header('ind-byArea', 4), type: 'bar', data: a.map(function (r) { return r.ontime; }),
            itemStyle: { color: '#2563eb' } }
        ]
      });
      charts.push(areaChart);
    }
  }

  // the trend by month: cases due as bars (right axis), rates as lines (left axis)
  var trendEl = document.getElementById('chart-trend');
  if (trendEl) {
    var t = rows('ind-trend');
    if (t.length === 0) {
      empty(trendEl);
    } else {
      var trendChart = echarts.init(trendEl, null, { renderer: 'svg' });
      trendChart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: narrow ? 'scroll' : 'plain' },
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: t.map(function (r) { return r.label; }),
          axisLabel: { rotate: trendEl.clientWidth < 640 ? 45 : 0, interval: 0 } },
        yAxis: [
          { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
          { type: 'value', minInterval: 1, splitLine: { show: false } }
        ],
        series: [
          { name: header('ind-trend', 1), type: 'bar', yAxisIndex: 1, data: t.map(function (r) { return r.due; }),
            itemStyle: { color: '#cbd5e1' } },
          { name: header('ind-trend', 3), type: 'line', connectNulls: false,
            data: t.map(function (r) { return r.completion; }), itemStyle: { color: '#b91c1c' },
            tooltip: { valueFormatter: pct } },
          { name: header('ind-trend', 4), type: 'line', data: t.map(function (r) { return r.ontime; }),
            itemStyle: { color: '#2563eb' }, tooltip: { valueFormatter: pct } },
          { name: header('ind-trend', 5), type: 'line', data: t.map(function (r) { return r.satisfaction; }),
            itemStyle: { color: '#059669' }, tooltip: { valueFormatter: pct } }
        ]
      });
      charts.push(trendChart);
    }
  }

  var pending;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
});
