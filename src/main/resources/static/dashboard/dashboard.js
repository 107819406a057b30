// Entry point of the caregiver dashboard: the tabs, the caregiver's name, and the wiring between
// panels (an alert's patient link opens the Patient tab; an alert event refreshes that patient).
//
// Each panel module exports a create function answering {show(), hide()}: a panel polls its
// endpoints only while it is shown and the browser tab is visible. The Alerts panel is the
// exception: its event stream stays open whatever tab is shown, since alerts must never wait.

import { describeError, getJson } from './common.js';
import { createAlerts } from './alerts.js';
import { createPatient } from './patient.js';
import { createOverview } from './overview.js';
import { createPipeline } from './pipeline.js';

const TABS = ['alerts', 'patient', 'overview', 'pipeline'];
/** Who is signed in (GET /api/me): shown at the top; an acknowledgement is theirs, by the server's account. */
function setUpName() {
  const shown = document.getElementById('caregiver-name');
  let name = '';
  getJson('/api/me').then((me) => {
    name = me.name;
    shown.textContent = me.name;
  }).catch((error) => {
    shown.textContent = `unknown (${describeError(error)})`;
  });
  return () => name;
}

/** A tiny publish/subscribe: panels announce alert events, others listen. */
function createBus() {
  const listeners = new Map();
  return {
    on(topic, listener) {
      if (!listeners.has(topic)) listeners.set(topic, []);
      listeners.get(topic).push(listener);
    },
    emit(topic, payload) {
      for (const listener of listeners.get(topic) || []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(error);
        }
      }
    },
  };
}

function start() {
  const bus = createBus();
  const caregiverName = setUpName();
  let current = null;
  let panels = null;

  // The address keeps the tab (#alerts, #overview, ...) and the patient (#patient/Patient%2Fsim-1),
  // so a page reload or a shared link opens the same view.
  function hashFor(tab, patientId) {
    return tab === 'patient' && patientId ? `#patient/${encodeURIComponent(patientId)}` : `#${tab}`;
  }

  function showTab(tab, { focus = false } = {}) {
    if (!TABS.includes(tab)) tab = 'alerts';
    for (const name of TABS) {
      const selected = name === tab;
      const button = document.getElementById(`tab-${name}`);
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      document.getElementById(`panel-${name}`).hidden = !selected;
    }
    if (focus) document.getElementById(`tab-${tab}`).focus();
    if (current === tab) return;
    if (current && document.visibilityState === 'visible') panels[current].hide();
    current = tab;
    if (document.visibilityState === 'visible') panels[current].show();
  }

  function navigate(tab, patientId) {
    const hash = hashFor(tab, patientId);
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    if (tab === 'patient' && patientId) panels.patient.select(patientId);
    showTab(tab);
  }

  function route() {
    const hash = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    const [tab, ...rest] = hash.split('/');
    const patientId = rest.join('/');
    if (tab === 'patient' && patientId) panels.patient.select(patientId);
    showTab(TABS.includes(tab) ? tab : 'alerts');
  }

  const ctx = {
    bus,
    caregiverName,
    openPatient: (patientId) => navigate('patient', patientId),
    // Keeps the address in step when a patient is picked in the Patient tab itself.
    patientChosen: (patientId) => {
      const hash = hashFor('patient', patientId);
      if (current === 'patient' && window.location.hash !== hash) window.history.replaceState(null, '', hash);
    },
  };
  const alerts = createAlerts(ctx);
  ctx.activeAlertsFor = alerts.activeFor;
  ctx.wards = alerts.wards;
  panels = {
    alerts,
    patient: createPatient(ctx),
    overview: createOverview(ctx),
    pipeline: createPipeline(ctx),
  };

  TABS.forEach((tab, index) => {
    const button = document.getElementById(`tab-${tab}`);
    button.addEventListener('click', () => navigate(tab, tab === 'patient' ? panels.patient.selected() : null));
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    button.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = TABS[(index + step + TABS.length) % TABS.length];
      navigate(next, next === 'patient' ? panels.patient.selected() : null);
      document.getElementById(`tab-${next}`).focus();
    });
  });

  window.addEventListener('popstate', route);
  window.addEventListener('hashchange', route);
  // Nothing polls while the browser tab is hidden; the alert stream stays open.
  document.addEventListener('visibilitychange', () => {
    if (!current) return;
    if (document.visibilityState === 'visible') panels[current].show();
    else panels[current].hide();
  });

  alerts.start();
  route();
}

// Tells the page's load check (index.html) that the modules did load.
window.vigilDashboardStarted = true;
try {
  start();
} catch (error) {
  // Never a blank page: say what went wrong where everyone sees it.
  console.error(error);
  const line = document.getElementById('page-error');
  line.textContent = `The dashboard could not start: ${error && error.message ? error.message : error}`;
  line.hidden = false;
}
