// Shared helpers of the dashboard pages: JSON fetches that go to the login on 401, number and
// time formatting, and the change poll that drives live updates.
'use strict';

async function getJson(url) {
  const r = await fetch(url, {credentials: 'same-origin', cache: 'no-store'});
  if (r.status === 401) {
    window.location.assign('/login');
    throw new Error('login required');
  }
  if (!r.ok) {
    throw new Error('HTTP ' + r.status);
  }
  return r.json();
}

function fmt(v, digits) {
  return v === null || v === undefined ? '–' : Number(v).toFixed(digits);
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** Local date and time of epoch ms, e.g. "2 Dec 14:05". */
function when(ms, withDate) {
  const d = new Date(ms);
  const t = pad(d.getHours()) + ':' + pad(d.getMinutes());
  return withDate === false ? t
      : d.toLocaleDateString('en-GB', {day: 'numeric', month: 'short'}) + ' ' + t;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function qualityCell(q) {
  const td = el('td', 'quality quality-' + (q || 'none'), q ? q.toUpperCase() : '–');
  if (q === 'poor') td.title = 'over 20 % of beats rejected as artefacts: metrics unreliable';
  return td;
}

/** Sets the big mode banner: red for anything without hardware protection. */
function modeBanner(hardware, label) {
  const b = document.getElementById('mode-banner');
  b.hidden = false;
  b.className = 'banner ' + (hardware ? 'banner-hardware' : 'banner-simulation');
  b.textContent = hardware
      ? 'Hardware-protected: SGX enclave with DCAP attestation ' + label
      : 'SIMULATION – NO HARDWARE PROTECTION. These results come from a simulated or'
        + ' in-process enclave ' + label;
}

/** Calls refresh now and whenever the store changes (polled every two seconds). */
function live(refresh) {
  let marker = null;
  async function tick() {
    try {
      const v = await getJson('/api/version');
      if (v.marker !== marker) {
        marker = v.marker;
        await refresh();
      }
      document.getElementById('updated').textContent = 'live · checked ' + when(Date.now(), false);
    } catch (e) {
      document.getElementById('updated').textContent = 'connection lost – retrying';
    }
  }
  tick();
  setInterval(tick, 2000);
}
