// The Patient panel: one patient's vital signs over the last hours, with the clinical thresholds.
//
// Sources: GET /api/patients?ward= (the picker, every 10 s) and
// GET /api/patients/vitals?patient=<id>&hours=<h> (the chart, every 5 s and on each alert event
// for this patient). One ECharts instance draws six grids that share the time axis: blood
// pressure, heart rate, respiratory rate, SpO2, temperature and NEWS2. A point carries only the
// values its record had, so each line joins the points that have its value.

import {
  el, setChildren, getJson, describeError, showError, showUpdated, Poller, chartFor, chartsAvailable,
  CHARTS_MISSING, timeElement, timeMs, formatLocation, formatVital, formatValue, COLOURS,
} from './common.js';

const LIST_MS = 10_000;
const VITALS_MS = 5_000;

/**
 * The grids, top to bottom. `bands: true`: the series' thresholds are drawn as shaded areas as
 * well as lines (on the blood-pressure grid only systolic's are, diastolic's are lines, so the
 * two sets of areas do not overlap). `range`: shown even without data; `pad`: margin around it.
 */
const PANELS = [
  {
    title: 'Blood pressure (mmHg)', range: [60, 160], pad: 10, floor: 0,
    series: [
      { key: 'systolicMmHg', name: 'Systolic', short: 'sys', colour: '#c62828', bands: true },
      { key: 'diastolicMmHg', name: 'Diastolic', short: 'dia', colour: '#1565c0', labelAtStart: true },
    ],
  },
  { title: 'Heart rate (/min)', range: [50, 120], pad: 10, floor: 0, series: [{ key: 'heartRatePerMin', name: 'Heart rate', colour: '#ad1457', bands: true }] },
  { title: 'Respiratory rate (/min)', range: [8, 24], pad: 2, floor: 0, series: [{ key: 'respiratoryRatePerMin', name: 'Respiratory rate', colour: '#6a1b9a', bands: true }] },
  { title: 'SpO₂ (%)', range: [90, 100], pad: 2, ceiling: 100, series: [{ key: 'spo2Percent', name: 'SpO₂', colour: '#00838f', bands: true }] },
  { title: 'Temperature (°C)', range: [36, 38.5], pad: 0.5, series: [{ key: 'temperatureCelsius', name: 'Temperature', colour: '#ef6c00', bands: true }] },
  { title: 'NEWS2', range: [0, 8], pad: 1, floor: 0, integer: true, series: [{ key: 'news2', name: 'NEWS2', colour: '#37474f', step: 'end', bands: true }] },
];

// Pixel layout of the grids inside #patient-chart.
const LAYOUT = { top: 8, title: 20, grid: 92, gap: 26, bottom: 34, left: 52, right: 20 };

const LATEST_KEYS = ['systolicMmHg', 'diastolicMmHg', 'heartRatePerMin', 'respiratoryRatePerMin', 'spo2Percent', 'temperatureCelsius', 'news2'];

function naturalCompare(a, b) {
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function comparePatients(a, b) {
  const la = a.location || {};
  const lb = b.location || {};
  if (!a.location !== !b.location) return a.location ? -1 : 1;
  return naturalCompare(la.ward || '', lb.ward || '') || naturalCompare(la.room || '', lb.room || '')
    || naturalCompare(la.bed || '', lb.bed || '') || naturalCompare(a.patientId, b.patientId);
}

/** The patient's open alerts: the server's count when it sends one, else those this page holds. */
function openAlertCount(patient, ctx) {
  if (typeof patient.openAlerts === 'number') return patient.openAlerts;
  return ctx.activeAlertsFor(patient.patientId).filter((alert) => alert.status === 'open').length;
}

function patientLabel(patient, ctx) {
  const parts = [patient.patientId];
  const where = formatLocation(patient.location);
  if (where) parts.push(where);
  if (patient.news2 && patient.news2.total !== undefined && patient.news2.total !== null) {
    parts.push(`NEWS2 ${patient.news2.total}${patient.news2.band ? ` ${patient.news2.band}` : ''}`);
  }
  const open = openAlertCount(patient, ctx);
  if (open) parts.push(`${open} open alert${open === 1 ? '' : 's'}`);
  return parts.join(' — ');
}

// ---- thresholds ----------------------------------------------------------------------------

/** {value, op, label} of one threshold entry ({label, below|from|above}); null when it has no number. */
function thresholdOf(entry) {
  if (!entry || typeof entry !== 'object') return null;
  for (const [field, op] of [['below', '<'], ['from', '≥'], ['above', '>']]) {
    if (typeof entry[field] === 'number') return { value: entry[field], op, field, label: entry.label || field };
  }
  return null;
}

function thresholdsFor(thresholds, key) {
  const list = thresholds && Array.isArray(thresholds[key]) ? thresholds[key] : [];
  return list.map(thresholdOf).filter(Boolean);
}

/** Red for crises and emergencies, blue for "hypo", amber for the rest (hypertension, fever, urgent). */
function thresholdColour(label) {
  const text = String(label).toLowerCase();
  if (text.includes('crisis') || text.includes('emergency')) return COLOURS.emergency;
  if (text.includes('hypo') || text.includes('low')) return COLOURS.info;
  return COLOURS.urgent;
}

/**
 * Shaded areas for a series' thresholds: "below v" covers [axis min, v]; "from v" and "above v"
 * cover [v, next higher threshold] (or up to the axis max), so hypertension stops where the
 * crisis begins.
 */
function bandAreas(list, min, max) {
  const upper = list.filter((t) => t.field !== 'below').map((t) => t.value).sort((a, b) => a - b);
  return list.map((t) => {
    const colour = thresholdColour(t.label);
    if (t.field === 'below') return [{ yAxis: min, itemStyle: { color: colour, opacity: 0.1 } }, { yAxis: Math.max(min, t.value) }];
    const next = upper.find((v) => v > t.value);
    return [{ yAxis: t.value, itemStyle: { color: colour, opacity: 0.1 } }, { yAxis: Math.min(max, next === undefined ? max : next) }];
  }).filter(([lo, hi]) => hi.yAxis > lo.yAxis);
}

function thresholdLines(list, spec, multi) {
  return list.map((t) => ({
    yAxis: t.value,
    name: `${multi ? `${spec.short} ` : ''}${t.label} ${t.op} ${t.value}`,
    lineStyle: { color: thresholdColour(t.label), type: 'dashed', width: 1 },
    label: { color: thresholdColour(t.label), position: spec.labelAtStart ? 'insideStartTop' : 'insideEndTop' },
  }));
}

// ---- chart option --------------------------------------------------------------------------

/** [time ms, value] pairs of one key, only where the point has a number for it. */
function seriesData(points, key) {
  return points
    .filter((point) => typeof point[key] === 'number' && Number.isFinite(timeMs(point.time)))
    .map((point) => [timeMs(point.time), point[key]]);
}

/** The round tick step (1, 2, 2.5 or 5 times a power of ten) nearest to `ticks` intervals over span. */
function niceStep(span, ticks, integer) {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const candidates = (integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * power).filter((step) => !integer || step >= 1);
  return candidates.reduce((best, step) => (Math.abs(Math.log(step / raw)) < Math.abs(Math.log(best / raw)) ? step : best));
}

/**
 * The y range of a grid: its data, its thresholds and its default range, with a margin, widened
 * to whole ticks so that the axis is labelled at round values only.
 */
function yRange(panel, dataBySeries, thresholds) {
  const values = [...panel.range];
  panel.series.forEach((spec, index) => {
    for (const [, value] of dataBySeries[index]) values.push(value);
    for (const t of thresholdsFor(thresholds, spec.key)) values.push(t.value);
  });
  let low = Math.min(...values) - panel.pad;
  let high = Math.max(...values) + panel.pad;
  if (panel.floor !== undefined) low = Math.max(panel.floor, low);
  if (panel.ceiling !== undefined) high = Math.min(panel.ceiling, high);
  const interval = niceStep(high - low, 4, panel.integer);
  let min = Math.floor(low / interval) * interval;
  let max = Math.ceil(high / interval) * interval;
  if (panel.floor !== undefined) min = Math.max(panel.floor, min);
  if (panel.ceiling !== undefined) max = Math.min(panel.ceiling, max);
  const round = (v) => Math.round(v * 1000) / 1000;
  return { min: round(min), max: round(max), interval };
}

/**
 * The shared time window: the answer's from/to when it gives them, else the last `hours` up to
 * now (or up to the last point, when the points lie elsewhere), widened to hold every point.
 */
function timeWindow(vitals, points, hours) {
  const span = hours * 3600_000;
  const from = timeMs(vitals.from);
  const to = timeMs(vitals.to);
  if (Number.isFinite(from) && Number.isFinite(to) && to > from) return { min: from, max: to };
  const times = points.map((point) => timeMs(point.time)).filter(Number.isFinite);
  const now = Date.now();
  const last = times.length ? Math.max(...times) : now;
  const end = now - last < span && now >= last ? now : last;
  return { min: Math.min(end - span, ...times), max: end };
}

function buildOption(vitals, hours) {
  const points = Array.isArray(vitals.points) ? vitals.points : [];
  const time = timeWindow(vitals, points, hours);
  const thresholds = vitals.thresholds || {};
  const option = {
    animation: false,
    title: [], grid: [], xAxis: [], yAxis: [], series: [],
    legend: { data: ['Systolic', 'Diastolic'], top: LAYOUT.top, right: LAYOUT.right, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatValue(value) },
    axisPointer: { link: [{ xAxisIndex: 'all' }], label: { backgroundColor: '#455a64' } },
  };
  PANELS.forEach((panel, index) => {
    const top = LAYOUT.top + index * (LAYOUT.title + LAYOUT.grid + LAYOUT.gap);
    const last = index === PANELS.length - 1;
    const dataBySeries = panel.series.map((spec) => seriesData(points, spec.key));
    const range = yRange(panel, dataBySeries, thresholds);
    option.title.push({ text: panel.title, top, left: 4, textStyle: { fontSize: 12, fontWeight: 'bold', color: '#263238' } });
    option.grid.push({ top: top + LAYOUT.title, height: LAYOUT.grid, left: LAYOUT.left, right: LAYOUT.right });
    option.xAxis.push({
      type: 'time', gridIndex: index, min: time.min, max: time.max,
      axisLabel: { show: last, hideOverlap: true }, axisTick: { show: last },
      splitLine: { show: true, lineStyle: { color: '#eceff1' } },
      axisPointer: { label: { show: last } },
    });
    option.yAxis.push({
      type: 'value', gridIndex: index, min: range.min, max: range.max, interval: range.interval,
      axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#eceff1' } },
    });
    panel.series.forEach((spec, s) => option.series.push(lineSeries(spec, index, dataBySeries[s], thresholds, range, panel.series.length > 1)));
  });
  return { option, count: points.length };
}

function lineSeries(spec, gridIndex, data, thresholds, range, multi) {
  const list = thresholdsFor(thresholds, spec.key);
  return {
    type: 'line', name: spec.name, xAxisIndex: gridIndex, yAxisIndex: gridIndex, data,
    connectNulls: true, step: spec.step || false, showSymbol: true, symbolSize: 5,
    lineStyle: { width: 2, color: spec.colour }, itemStyle: { color: spec.colour },
    markLine: list.length ? {
      silent: true, symbol: 'none', label: { formatter: '{b}', fontSize: 10 }, data: thresholdLines(list, spec, multi),
    } : undefined,
    markArea: spec.bands && list.length ? { silent: true, data: bandAreas(list, range.min, range.max) } : undefined,
  };
}

function chartHeight() {
  return LAYOUT.top + PANELS.length * (LAYOUT.title + LAYOUT.grid + LAYOUT.gap) - LAYOUT.gap + LAYOUT.bottom;
}

// ---- the panel -----------------------------------------------------------------------------

export function createPatient(ctx) {
  const wardSelect = document.getElementById('patient-ward');
  const patientSelect = document.getElementById('patient-select');
  const hoursSelect = document.getElementById('patient-hours');
  const listError = document.getElementById('patient-list-error');
  const vitalsError = document.getElementById('patient-error');
  const updatedLine = document.getElementById('patient-updated');
  const summary = document.getElementById('patient-summary');
  const alertStrip = document.getElementById('patient-alerts');
  const latest = document.getElementById('patient-latest');
  const empty = document.getElementById('patient-empty');
  const chartBox = document.getElementById('patient-chart');

  let selectedId = null;
  let patients = [];           // the last answer of /api/patients
  const wardsSeen = new Set();
  let lastDrawn = null;        // the JSON last drawn: an unchanged answer is not redrawn
  let request = 0;             // answers to an older request (another patient, other hours) are dropped

  chartBox.style.height = `${chartHeight()}px`;
  chartBox.hidden = true;

  // ---- the picker --------------------------------------------------------------------------

  async function loadPatients() {
    const query = new URLSearchParams({ hours: hoursSelect.value });
    if (wardSelect.value) query.set('ward', wardSelect.value);
    try {
      const answer = await getJson(`/api/patients?${query}`);
      patients = (Array.isArray(answer) ? answer : []).filter((p) => p && p.patientId).sort(comparePatients);
      for (const patient of patients) if (patient.location && patient.location.ward) wardsSeen.add(String(patient.location.ward));
      refreshWardOptions();
      refreshPatientOptions();
      renderSummary();
      showError(listError, null);
    } catch (error) {
      showError(listError, `Could not load the patient list: ${describeError(error)}`);
    }
  }

  function refreshWardOptions() {
    for (const ward of ctx.wards()) wardsSeen.add(ward);
    const wards = [...wardsSeen].sort(naturalCompare);
    const shownWards = [...wardSelect.options].slice(1).map((option) => option.value);
    if (shownWards.join('\n') === wards.join('\n')) return;
    const selected = wardSelect.value;
    setChildren(wardSelect, el('option', { value: '', text: 'All wards' }), wards.map((ward) => el('option', { value: ward, text: `Ward ${ward}` })));
    wardSelect.value = selected;
  }

  /** Rebuilds the options only when they changed, so an open drop-down is not disturbed. */
  function refreshPatientOptions() {
    const wanted = [{ value: '', text: 'Choose a patient' }];
    for (const patient of patients) wanted.push({ value: patient.patientId, text: patientLabel(patient, ctx) });
    if (selectedId && !patients.some((p) => p.patientId === selectedId)) {
      wanted.splice(1, 0, { value: selectedId, text: `${selectedId} (not in the list)` });
    }
    const current = [...patientSelect.options].map((option) => `${option.value}\t${option.text}`).join('\n');
    if (current !== wanted.map((o) => `${o.value}\t${o.text}`).join('\n')) {
      setChildren(patientSelect, wanted.map((o) => el('option', { value: o.value, text: o.text })));
    }
    patientSelect.value = selectedId || '';
  }

  // ---- the patient -------------------------------------------------------------------------

  function renderSummary() {
    if (!selectedId) {
      setChildren(summary);
      return;
    }
    const patient = patients.find((p) => p.patientId === selectedId);
    const location = (patient && patient.location) || (lastDrawn && lastDrawn.location);
    const parts = [el('h2', { class: 'patient-id', text: selectedId })];
    const where = formatLocation(location);
    parts.push(el('span', { class: 'location', text: where || 'location unknown' }));
    if (patient && patient.news2 && patient.news2.total !== undefined && patient.news2.total !== null) {
      parts.push(el('span', {
        class: 'news2', 'data-band': patient.news2.band || '',
        text: `NEWS2 ${patient.news2.total}${patient.news2.band ? ` (${patient.news2.band})` : ''}`,
      }));
    }
    if (patient) parts.push(el('span', {}, 'last seen ', timeElement(patient.lastSeen)));
    const open = openAlertCount(patient || { patientId: selectedId }, ctx);
    parts.push(el('span', { text: `${open} open alert${open === 1 ? '' : 's'}` }));
    setChildren(summary, parts);
  }

  function renderAlerts() {
    const alerts = selectedId ? ctx.activeAlertsFor(selectedId) : [];
    setChildren(alertStrip, alerts.map((alert) => el('li', {
      class: 'patient-alert', 'data-severity': alert.severity || '', 'data-status': alert.status || '',
    }, el('span', { class: 'severity', text: alert.severity || 'alert' }), ' ',
    el('span', { text: `${alert.title || alert.condition} — ${alert.status}` }))));
  }

  /** The last value of each vital sign, with its time: the chart's figures in words. */
  function renderLatest(points) {
    const items = [];
    for (const key of LATEST_KEYS) {
      const point = [...points].reverse().find((p) => typeof p[key] === 'number');
      if (!point) continue;
      const label = PANELS.flatMap((panel) => panel.series).find((spec) => spec.key === key);
      items.push(el('div', {}, el('dt', { text: label ? label.name : key }),
        el('dd', {}, formatVital(key, point[key]), ' ', el('small', {}, '(', timeElement(point.time), ')'))));
    }
    setChildren(latest, items);
  }

  function draw(vitals) {
    const points = Array.isArray(vitals.points) ? vitals.points : [];
    renderLatest(points);
    const hours = Number(hoursSelect.value);
    empty.hidden = points.length > 0;
    empty.textContent = `No readings for ${selectedId} in the last ${hours} hour${hours === 1 ? '' : 's'}.`;
    chartBox.hidden = !chartsAvailable();
    if (!chartsAvailable()) return;
    const { option, count } = buildOption(vitals, hours);
    chartFor(chartBox).setOption(option, { notMerge: true });
    chartBox.dataset.patient = selectedId;
    chartBox.dataset.points = String(count);
    chartBox.setAttribute('aria-label', `Vital signs of ${selectedId} over the last ${hours} hours, ${count} readings`);
  }

  async function loadVitals() {
    if (!selectedId) return;
    const id = selectedId;
    const hours = hoursSelect.value;
    const mine = ++request;
    try {
      const vitals = await getJson(`/api/patients/vitals?patient=${encodeURIComponent(id)}&hours=${encodeURIComponent(hours)}`);
      if (mine !== request) return;
      const key = JSON.stringify([hours, vitals]);
      if (!lastDrawn || lastDrawn.key !== key) {
        lastDrawn = { key, location: vitals && vitals.location };
        draw(vitals || {});
        renderSummary();
      }
      showError(vitalsError, chartsAvailable() ? null : CHARTS_MISSING, { since: false });
      showUpdated(updatedLine);
    } catch (error) {
      if (mine !== request) return;
      showError(vitalsError, `Could not load the vital signs of ${id}: ${describeError(error)}`);
    }
  }

  const listPoller = new Poller(loadPatients, LIST_MS);
  const vitalsPoller = new Poller(loadVitals, VITALS_MS);

  /** Shows another patient: the old chart's marks go at once, so nothing is read against the wrong patient. */
  function select(patientId) {
    if (!patientId || patientId === selectedId) return;
    selectedId = patientId;
    lastDrawn = null;
    request += 1;
    delete chartBox.dataset.points;
    delete chartBox.dataset.patient;
    const chart = chartsAvailable() && window.echarts.getInstanceByDom(chartBox);
    if (chart) chart.clear();
    setChildren(latest);
    empty.hidden = false;
    empty.textContent = `Loading the vital signs of ${patientId}…`;
    showError(vitalsError, null);
    refreshPatientOptions();
    renderSummary();
    renderAlerts();
    vitalsPoller.runNow();
  }

  patientSelect.addEventListener('change', () => {
    if (!patientSelect.value) return;
    select(patientSelect.value);
    ctx.patientChosen(selectedId);
  });
  wardSelect.addEventListener('change', () => listPoller.runNow());
  hoursSelect.addEventListener('change', () => {
    lastDrawn = null;
    vitalsPoller.runNow();
    listPoller.runNow();
  });

  // A new or changed alert of this patient: their readings changed too.
  ctx.bus.on('alert-event', (event) => {
    if (selectedId && event.alert && event.alert.patientId === selectedId) vitalsPoller.runNow();
  });
  ctx.bus.on('alerts-changed', () => {
    renderAlerts();
    renderSummary();
  });

  return {
    show() {
      refreshWardOptions();
      listPoller.start();
      vitalsPoller.start();
    },
    hide() {
      listPoller.stop();
      vitalsPoller.stop();
    },
    select,
    selected: () => selectedId,
  };
}
