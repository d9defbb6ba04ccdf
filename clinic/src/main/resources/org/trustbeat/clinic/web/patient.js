'use strict';

const REF = decodeURIComponent(window.location.pathname.split('/').pop());
const SERIES = [
  {key: 'mean_hr', title: 'Mean heart rate', unit: 'bpm', digits: 0},
  {key: 'sdnn', title: 'SDNN', unit: 'ms', digits: 0},
  {key: 'rmssd', title: 'RMSSD', unit: 'ms', digits: 0},
  {key: 'lf_hf', title: 'LF/HF', unit: 'ratio', digits: 2},
];
const COLOURS = {good: '#1f5fa8', fair: '#d98200', poor: '#c81e1e', none: '#555555'};
let hours = 24;
const charts = {};

/**
 * A Chart.js plugin that shades each poor window red and each missing window grey across the
 * plot area, under the data, so they stay visible whatever the values.
 */
const windowBands = {
  id: 'windowBands',
  beforeDatasetsDraw(chart, args, opts) {
    const {ctx, chartArea: area, scales: {x}} = chart;
    ctx.save();
    for (const b of opts.bands || []) {
      const x0 = Math.max(area.left, x.getPixelForValue(b.from));
      const x1 = Math.min(area.right, x.getPixelForValue(b.to));
      if (x1 <= x0) continue;
      ctx.fillStyle = b.kind === 'poor' ? 'rgba(200, 30, 30, 0.22)' : 'rgba(90, 90, 90, 0.30)';
      ctx.fillRect(x0, area.top, Math.max(2, x1 - x0), area.bottom - area.top);
    }
    ctx.restore();
  },
};

function points(data, key) {
  const pts = [];
  let previousEnd = null;
  for (const w of data.windows) {
    if (previousEnd !== null && w.start > previousEnd) {
      pts.push({x: previousEnd, y: null}); // break the line over a gap
    }
    pts.push({x: w.start + w.length / 2, y: w[key], quality: w.quality || 'none'});
    previousEnd = w.start + w.length;
  }
  return pts;
}

const MINUTE = 60000;
const STEPS = [15, 30, 60, 120, 180, 360, 720, 1440].map(m => m * MINUTE);

/**
 * The x range shown: from the first window in the chosen span (so a few hours of data are not
 * squeezed into a week) to the newest, widened to whole steps of a round interval for the ticks.
 */
function xRange(data) {
  const first = data.windows.length ? data.windows[0].start : data.from;
  const span = Math.max(data.to - first, 30 * MINUTE);
  const step = STEPS.find(s => span / s <= 10) || STEPS[STEPS.length - 1];
  const offset = new Date(first).getTimezoneOffset() * MINUTE; // round in local time
  return {
    min: Math.floor((first - offset) / step) * step + offset,
    max: Math.ceil((data.to - offset) / step) * step + offset,
    step,
  };
}

function draw(s, data, bands) {
  const pts = points(data, s.key);
  const range = xRange(data);
  const multiDay = range.max - range.min > 24 * 60 * MINUTE;
  const cfg = {
    type: 'line',
    data: {datasets: [{
      label: s.title + ' (' + s.unit + ')',
      data: pts,
      spanGaps: false,
      borderColor: '#1f5fa8',
      borderWidth: 1.5,
      pointRadius: pts.map(p => p.quality === 'poor' ? 6 : p.quality === 'fair' ? 3.5 : 2.5),
      pointStyle: pts.map(p => p.quality === 'poor' ? 'triangle' : 'circle'),
      pointBackgroundColor: pts.map(p => COLOURS[p.quality] || COLOURS.none),
      pointBorderColor: pts.map(p => COLOURS[p.quality] || COLOURS.none),
    }]},
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {type: 'linear', min: range.min, max: range.max,
            ticks: {stepSize: range.step, callback: v => when(v, multiDay)}},
        y: {title: {display: true, text: s.unit}},
      },
      plugins: {
        title: {display: true, text: s.title, align: 'start', font: {size: 15, weight: 'bold'}},
        legend: {display: false},
        windowBands: {bands},
        tooltip: {callbacks: {
          title: items => when(items[0].raw.x),
          label: item => s.title + ' ' + fmt(item.raw.y, s.digits) + ' ' + s.unit
              + (item.raw.quality === 'poor' ? ' – POOR window' : ''),
        }},
      },
    },
    plugins: [windowBands],
  };
  if (charts[s.key]) charts[s.key].destroy();
  charts[s.key] = new Chart(document.getElementById('chart-' + s.key), cfg);
  const box = document.getElementById('box-' + s.key);
  box.dataset.points = String(pts.filter(p => p.y !== null).length);
  box.dataset.poor = String(pts.filter(p => p.quality === 'poor').length);
  box.dataset.missing = String(data.missing.length);
}

function alertsSection(alerts) {
  const sec = document.getElementById('alerts');
  sec.replaceChildren();
  const open = alerts.filter(a => a.open);
  if (!open.length) {
    sec.append(el('p', 'note', 'No open alerts.'));
  }
  for (const a of open) {
    const div = el('div', 'alert-open');
    div.dataset.rule = a.rule;
    div.append(el('b', null, 'ALERT: ' + a.title), el('span', null, ' – ' + a.detail
        + ' (since ' + when(a.raised_at) + ')'));
    sec.append(div);
  }
  const closed = alerts.filter(a => !a.open).slice(-5);
  for (const a of closed) {
    sec.append(el('div', 'alert-cleared', 'cleared: ' + a.title + ' (' + when(a.raised_at)
        + ' – ' + when(a.cleared_at) + ')'));
  }
}

function windowsTable(data) {
  const tbody = document.querySelector('#windows tbody');
  tbody.replaceChildren();
  // Windows and missing windows together, newest first, so a gap shows where it happened.
  const rows = [...data.windows, ...data.missing.map(m => ({start: m, missing: true}))]
      .sort((a, b) => b.start - a.start).slice(0, 60);
  for (const w of rows) {
    if (w.missing) {
      const tr = el('tr', 'q-missing');
      const td = el('td', null, when(w.start) + ' – MISSING: no result for this window');
      td.colSpan = 9;
      tr.append(td);
      tbody.append(tr);
      continue;
    }
    const tr = el('tr', 'q-' + (w.quality || 'none'));
    tr.append(el('td', null, when(w.start) + '–' + when(w.start + w.length, false)),
        qualityCell(w.quality), el('td', 'num', fmt(w.mean_hr, 0)), el('td', 'num', fmt(w.sdnn, 0)),
        el('td', 'num', fmt(w.rmssd, 0)), el('td', 'num', fmt(w.lf_hf, 2)),
        el('td', 'num', fmt(w.pnn50, 1)), el('td', 'num', fmt(w.artifact_pct, 1)),
        el('td', 'num', fmt(w.n_total, 0)));
    tbody.append(tr);
  }
}

/** The download links: FHIR of every window, the PDF of the chosen UTC day. */
function downloads(data) {
  const base = '/api/patients/' + encodeURIComponent(REF);
  document.getElementById('download-fhir').href = base + '/fhir';
  const input = document.getElementById('report-day');
  if (!input.value && data.windows.length) {
    input.value = new Date(data.windows[data.windows.length - 1].start).toISOString().slice(0, 10);
  }
  document.getElementById('download-report').href = base + '/report?day=' + input.value;
}

async function refreshPatient() {
  const data = await getJson('/api/patients/' + encodeURIComponent(REF) + '?hours=' + hours);
  document.getElementById('patient').textContent = data.patient;
  document.title = 'TrustBeat clinic – ' + data.patient;
  modeBanner(data.hardware, data.label);
  document.getElementById('range').textContent = data.windows.length
      ? when(data.windows[0].start) + ' to ' + when(data.to) + ' · ' + data.windows.length
        + ' windows, ' + data.missing.length + ' missing' : 'no windows in this span';
  const bands = data.windows.filter(w => w.quality === 'poor')
      .map(w => ({from: w.start, to: w.start + w.length, kind: 'poor'}));
  const len = data.windows.length ? data.windows[0].length : 300000;
  for (const m of data.missing) bands.push({from: m, to: m + len, kind: 'missing'});
  SERIES.forEach(s => draw(s, data, bands));
  alertsSection(data.alerts);
  windowsTable(data);
  downloads(data);
  for (const b of document.querySelectorAll('.ranges button')) {
    b.classList.toggle('active', Number(b.dataset.hours) === hours);
  }
}

for (const b of document.querySelectorAll('.ranges button')) {
  b.addEventListener('click', () => {
    hours = Number(b.dataset.hours);
    refreshPatient();
  });
}
document.getElementById('report-day').addEventListener('change', () => {
  document.getElementById('download-report').href = '/api/patients/' + encodeURIComponent(REF)
      + '/report?day=' + document.getElementById('report-day').value;
});
live(refreshPatient);
