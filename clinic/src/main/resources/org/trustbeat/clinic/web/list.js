'use strict';

async function refreshList() {
  const patients = await getJson('/api/patients');
  const tbody = document.querySelector('#patients tbody');
  tbody.replaceChildren();
  let unprotected = 0;
  for (const p of patients) {
    const tr = el('tr');
    tr.dataset.patient = p.patient;
    const name = el('td', 'patient');
    const a = el('a', null, p.patient);
    a.href = '/patient/' + encodeURIComponent(p.ref);
    name.append(a);
    tr.append(name);
    const mode = el('td', p.hardware ? 'mode mode-hardware' : 'mode mode-simulation',
        p.hardware ? 'SGX hardware' : 'SIMULATION');
    mode.title = p.label || '';
    if (!p.hardware) unprotected++;
    tr.append(mode);
    const w = p.latest || {};
    tr.append(el('td', null, w.start ? when(w.start) : '–'));
    tr.append(qualityCell(w.quality));
    tr.append(el('td', 'num', fmt(w.mean_hr, 0)));
    tr.append(el('td', 'num', fmt(w.sdnn, 0)));
    tr.append(el('td', 'num', fmt(w.rmssd, 0)));
    tr.append(el('td', 'num', fmt(w.lf_hf, 2)));
    tr.append(el('td', 'num', fmt(w.artifact_pct, 1)));
    const al = el('td', 'alerts');
    for (const x of p.alerts) {
      const badge = el('span', 'alert-badge', x.title);
      badge.dataset.rule = x.rule;
      badge.title = x.detail;
      al.append(badge);
    }
    tr.append(al);
    if (p.alerts.length) tr.classList.add('has-alert');
    tbody.append(tr);
  }
  document.getElementById('empty').hidden = patients.length > 0;
  if (unprotected) {
    modeBanner(false, '(' + unprotected + ' of ' + patients.length + ' patients).');
  } else if (patients.length) {
    modeBanner(true, '(all patients).');
  }
}

live(refreshList);
