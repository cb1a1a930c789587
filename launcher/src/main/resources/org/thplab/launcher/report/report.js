// Renders the embedded run model (ReportJson) step by step; thplabReport is for tests and the console.
(function () {
  'use strict';
  var model = JSON.parse(document.getElementById('model').textContent);
  var KINDS = {
    ANON_PMD: 'anonymous THP mapped by a PMD',
    TEAM_PMD: 'team (compound page) mapped by a PMD',
    PTES: 'mapped by PTEs',
    ZERO_PMD: 'huge zero page',
    NONE: 'nothing mapped'
  };
  var current = -1;
  var charts = [];

  function hex(n) { return '0x' + n.toString(16); }
  function size(b) {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    var i = 0;
    while (b >= 1024 && i < units.length - 1 && b % 1024 === 0) { b /= 1024; i++; }
    return b + ' ' + units[i];
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function describe(region, run) {
    var from = region.start + run.o;
    var lines = [
      KINDS[run.k] + (run.n > 1 ? '  (' + run.n + ' extents alike)' : ''),
      'address   [' + hex(from) + ', ' + hex(from + run.l) + ')  ' + size(run.l),
      'region    ' + region.p + ' ' + region.r + ' + ' + hex(run.o)
    ];
    if (run.k !== 'NONE') {
      lines.push('present   ' + run.present + ' pages' + (run.n > 1 ? ' per extent' : ''));
      lines.push('pfns      ' + hex(run.pfn[0]) + ' .. ' + hex(run.pfn[1]));
      lines.push('mapcount  ' + (run.mapcount[0] === run.mapcount[1] ? run.mapcount[0]
          : run.mapcount[0] + '..' + run.mapcount[1]) + ' (PTE mappings per frame)');
      lines.push('compound mapcount ' + run.compoundMapcount + ' (PMD mappings)');
      lines.push('refcount  ' + run.refcount + ' (first frame)');
      lines.push('team usage ' + (run.teamUsage < 0 ? 'not in a team' : run.teamUsage));
    }
    lines.push('VMA       ' + (run.vma || 'none'));
    lines.push('PMD table ' + (run.pmdTable === null ? 'none' : run.pmdTable) +
        (run.deposited < 0 ? '' : ', ' + run.deposited + ' PTE table(s) deposited in its storage'));
    return lines.join('\n');
  }

  function drawStrips(step) {
    var box = document.getElementById('strips');
    box.textContent = '';
    step.regions.forEach(function (region) {
      var strip = model.strips[region.strip];
      var div = el('div', 'region');
      div.dataset.p = region.p;
      div.dataset.r = region.r;
      div.dataset.strip = region.strip;
      div.appendChild(el('div', 'label', region.p + ' ' + region.r + '  [' + hex(region.start) + ', +' +
          size(region.length) + ')  ' + strip.extents + ' PMD extents, ' + strip.runs.length + ' drawn'));
      var bar = el('div', 'strip');
      strip.runs.forEach(function (run) {
        var x = el('div', 'extent k-' + run.k);
        x.dataset.kind = run.k;
        x.dataset.n = run.n;
        x.style.flex = run.l + ' 1 0';
        if (run.k === 'PTES') {
          x.style.opacity = 0.35 + 0.65 * run.present / Math.max(1, model.pmdSize / model.pageSize);
        }
        var text = describe(region, run);
        x.title = text;
        x.addEventListener('mouseenter', function () { document.getElementById('details').textContent = text; });
        x.addEventListener('click', function () {
          document.querySelectorAll('.extent.selected').forEach(function (s) { s.classList.remove('selected'); });
          x.classList.add('selected');
          document.getElementById('details').textContent = text;
        });
        bar.appendChild(x);
      });
      div.appendChild(bar);
      box.appendChild(div);
    });
    if (step.regions.length === 0) {
      box.appendChild(el('div', 'label', 'no region mapped yet'));
    }
  }

  function drawSmaps(step) {
    var t = document.getElementById('smaps');
    t.textContent = '';
    var keys = ['Size', 'Rss', 'Anonymous', 'AnonHugePages', 'ShmemPmdMapped'];
    var head = el('tr');
    head.appendChild(el('th', '', 'region'));
    keys.forEach(function (k) { head.appendChild(el('th', '', k)); });
    t.appendChild(head);
    step.regions.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', '', r.p + ' ' + r.r));
      keys.forEach(function (k) { tr.appendChild(el('td', '', String(r.smaps[k]))); });
      t.appendChild(tr);
    });
  }

  function show(i) {
    i = Math.max(0, Math.min(model.steps.length - 1, i));
    var step = model.steps[i];
    current = i;
    document.getElementById('slider').value = i;
    document.querySelectorAll('#steps li').forEach(function (li, k) { li.classList.toggle('current', k === i); });
    var li = document.querySelectorAll('#steps li')[i];
    if (li && li.scrollIntoView) { li.scrollIntoView({block: 'nearest'}); }
    document.getElementById('stepTitle').textContent =
        'step ' + (i + 1) + ' of ' + model.steps.length + ', line ' + step.line + ': ' + step.text;
    drawStrips(step);
    drawSmaps(step);
    var out = document.getElementById('output');
    out.textContent = '';
    step.out.forEach(function (l) { out.appendChild(el('div', '', l)); });
    step.err.forEach(function (l) { out.appendChild(el('div', 'err', l)); });
    charts.forEach(function (c) {
      c.setOption({series: [{name: c.first, markLine: {symbol: 'none', silent: true, data: [{xAxis: i}]}}]});
    });
  }

  function chart(id, title, series, hidden) {
    var names = Object.keys(series);
    if (typeof echarts === 'undefined' || names.length === 0) { return; }
    var c = echarts.init(document.getElementById(id), null, {renderer: 'svg'});
    c.first = names[0];
    c.setOption({
      animation: false,
      title: {text: title, textStyle: {fontSize: 13}},
      tooltip: {trigger: 'axis'},
      legend: {type: 'scroll', top: 22, selected: hidden || {}},
      grid: {top: 60, left: 10, right: 20, bottom: 10, containLabel: true},
      xAxis: {type: 'category', data: model.steps.map(function (s) { return 'line ' + s.line; })},
      yAxis: {type: 'value'},
      series: names.map(function (n) { return {name: n, type: 'line', step: 'end', data: series[n]}; })
    });
    c.on('click', function (p) { show(p.dataIndex); });
    charts.push(c);
  }

  /** Rss, AnonHugePages and ShmemPmdMapped of every region that ever lived, over the steps. */
  function smapsSeries() {
    var out = {};
    model.steps.forEach(function (s, i) {
      s.regions.forEach(function (r) {
        ['Rss', 'AnonHugePages', 'ShmemPmdMapped'].forEach(function (k) {
          var name = r.p + ' ' + r.r + ' ' + k;
          out[name] = out[name] || model.steps.map(function () { return null; });
          out[name][i] = r.smaps[k];
        });
      });
    });
    return pick(out, function () { return true; });
  }

  function pick(series, keep) {
    var out = {};
    Object.keys(series).forEach(function (k) {
      if (keep(k) && series[k].some(function (v) { return v !== 0 && v !== null; })) { out[k] = series[k]; }
    });
    return out;
  }

  document.getElementById('scriptName').textContent = model.script;
  document.getElementById('archName').textContent = model.arch;
  document.getElementById('exitStatus').textContent = 'exit status ' + model.exitStatus;
  var legend = document.getElementById('legend');
  Object.keys(KINDS).forEach(function (k) {
    legend.appendChild(el('span', 'sw k-' + k));
    legend.appendChild(document.createTextNode(KINDS[k]));
  });
  var list = document.getElementById('steps');
  model.steps.forEach(function (s, i) {
    var li = el('li', s.err.length ? 'failed' : '');
    li.dataset.step = i;
    li.appendChild(el('span', 'ln', String(s.line)));
    li.appendChild(document.createTextNode(s.text));
    li.addEventListener('click', function () { show(i); });
    list.appendChild(li);
  });
  var slider = document.getElementById('slider');
  slider.max = Math.max(0, model.steps.length - 1);
  slider.addEventListener('input', function () { show(Number(slider.value)); });
  document.addEventListener('keydown', function (e) {
    if (e.target === slider) { return; } // the slider moves itself
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') { show(current + 1); }
    if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') { show(current - 1); }
  });
  // MemFree dwarfs the rest; it starts hidden, a click on its legend entry shows it.
  chart('meminfoChart', 'meminfo (kB)', pick(model.meminfo, function () { return true; }), {MemFree: false});
  chart('vmstatChart', 'vmstat events', pick(model.vmstat, function (k) { return k.indexOf('nr_') !== 0; }));
  chart('smapsChart', 'smaps of each region (kB)', smapsSeries());
  if (model.steps.length > 0) { show(model.steps.length - 1); }
  window.thplabReport = {model: model, show: show, current: function () { return current; }};
}());
