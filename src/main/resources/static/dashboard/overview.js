// The Overview panel: the ward-wide figures hospital projects used to build in Kibana.
//
// Source: GET /api/overview?minutes=<15|60|360|1440>, every 10 s while the tab is shown.
// Panels: anomalies per kind over time (stacked bars), systolic and diastolic histograms, the
// anomaly rate, NEWS2 band counts, and a table of recent critical cases.

import {
  el, setChildren, getJson, describeError, showError, showUpdated, Poller, chartFor, chartsAvailable,
  CHARTS_MISSING, timeElement, timeMs, formatTime, formatAxisTime, formatLocation, formatValue, COLOURS,
} from './common.js';

const REFRESH_MS = 10_000;
const BAND_ORDER = ['LOW', 'LOW_MEDIUM', 'MEDIUM', 'HIGH'];

const baseOption = () => ({
  animation: false,
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { top: 30, left: 44, right: 16, bottom: 40, containLabel: false },
});

/** Stacked bars, one series per anomaly kind, kinds with the most anomalies first. */
function anomaliesOption(buckets) {
  const rows = Array.isArray(buckets) ? buckets : [];
  const totals = new Map();
  for (const row of rows) {
    for (const [kind, count] of Object.entries(row.counts || {})) totals.set(kind, (totals.get(kind) || 0) + (Number(count) || 0));
  }
  const kinds = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || a.localeCompare(b));
  const times = rows.map((row) => timeMs(row.time));
  const finite = times.filter(Number.isFinite);
  const withDay = finite.length > 1 && Math.max(...finite) - Math.min(...finite) > 20 * 3600_000;
  return {
    ...baseOption(),
    grid: { top: 56, left: 44, right: 16, bottom: 40 },
    legend: { type: 'scroll', top: 0, data: kinds },
    xAxis: { type: 'category', data: times.map((t) => (Number.isFinite(t) ? formatAxisTime(t, withDay) : '?')) },
    yAxis: { type: 'value', minInterval: 1, name: 'anomalies', nameTextStyle: { align: 'left' } },
    series: kinds.map((kind) => ({
      type: 'bar', name: kind, stack: 'anomalies', emphasis: { focus: 'series' },
      data: rows.map((row) => Number((row.counts || {})[kind]) || 0),
    })),
  };
}

function histogramOption(bins, colour, unit) {
  const rows = Array.isArray(bins) ? bins : [];
  return {
    ...baseOption(),
    xAxis: { type: 'category', name: unit, nameLocation: 'middle', nameGap: 26, data: rows.map((bin) => `${formatValue(bin.from)}–${formatValue(bin.to)}`) },
    yAxis: { type: 'value', minInterval: 1, name: 'records', nameTextStyle: { align: 'left' } },
    series: [{ type: 'bar', name: 'records', barCategoryGap: '8%', itemStyle: { color: colour }, data: rows.map((bin) => Number(bin.count) || 0) }],
  };
}

/** Bands in clinical order (any band the server adds goes after), each in its colour. */
function bandsOption(bands) {
  const counts = bands && typeof bands === 'object' ? bands : {};
  const names = [...BAND_ORDER, ...Object.keys(counts).filter((band) => !BAND_ORDER.includes(band))];
  return {
    ...baseOption(),
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, name: 'records', nameTextStyle: { align: 'left' } },
    series: [{
      type: 'bar', name: 'records', label: { show: true, position: 'top' },
      data: names.map((band) => ({ value: Number(counts[band]) || 0, itemStyle: { color: COLOURS.bands[band] || COLOURS.grey } })),
    }],
  };
}

export function createOverview(ctx) {
  const minutesSelect = document.getElementById('overview-minutes');
  const errorLine = document.getElementById('overview-error');
  const updatedLine = document.getElementById('overview-updated');
  const rangeLine = document.getElementById('overview-range');
  const rate = document.getElementById('overview-rate');
  const rateDetail = document.getElementById('overview-rate-detail');
  const critical = document.getElementById('overview-critical');
  const criticalEmpty = document.getElementById('overview-critical-empty');
  const charts = {
    anomalies: document.getElementById('overview-anomalies'),
    systolic: document.getElementById('overview-systolic'),
    diastolic: document.getElementById('overview-diastolic'),
    news2: document.getElementById('overview-news2'),
  };
  let lastKey = null;

  function renderRate(anomalyRate) {
    const records = anomalyRate ? Number(anomalyRate.records) : NaN;
    const anomalies = anomalyRate ? Number(anomalyRate.anomalies) : NaN;
    let value = anomalyRate && typeof anomalyRate.rate === 'number' ? anomalyRate.rate : NaN;
    if (!Number.isFinite(value) && records > 0) value = anomalies / records;
    rate.textContent = Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '—';
    rateDetail.textContent = Number.isFinite(records)
      ? `${Number.isFinite(anomalies) ? anomalies : '?'} anomalies in ${records} records${value > 1 ? ' (a record can have several)' : ''}`
      : 'no records in this period';
  }

  function renderCritical(cases) {
    const rows = (Array.isArray(cases) ? cases : []).map((c) => el('tr', { 'data-record': c.recordId || '' },
      el('td', {}, timeElement(c.effectiveTime)),
      el('td', {}, c.patientId
        ? el('button', { type: 'button', class: 'patient-link', text: c.patientId, onclick: () => ctx.openPatient(c.patientId) })
        : '—'),
      el('td', { text: formatLocation(c.location) || '—' }),
      el('td', { text: Array.isArray(c.anomalies) ? c.anomalies.join(', ') : formatValue(c.anomalies) }),
      el('td', { class: 'num', text: formatValue(c.news2) }),
      el('td', { class: 'record-id', text: c.recordId || '—' })));
    setChildren(critical, rows);
    criticalEmpty.hidden = rows.length > 0;
  }

  function drawCharts(overview) {
    if (!chartsAvailable()) return;
    chartFor(charts.anomalies).setOption(anomaliesOption(overview.anomaliesPerKind), { notMerge: true });
    chartFor(charts.systolic).setOption(histogramOption(overview.systolic, COLOURS.emergency, 'mmHg'), { notMerge: true });
    chartFor(charts.diastolic).setOption(histogramOption(overview.diastolic, COLOURS.info, 'mmHg'), { notMerge: true });
    chartFor(charts.news2).setOption(bandsOption(overview.news2Bands), { notMerge: true });
  }

  function render(overview) {
    const interval = overview.intervalSeconds ? `, bars of ${overview.intervalSeconds} s` : '';
    rangeLine.textContent = `${formatTime(overview.from)} – ${formatTime(overview.to)}${interval}`;
    renderRate(overview.anomalyRate);
    renderCritical(overview.recentCritical);
    drawCharts(overview);
  }

  async function load() {
    const minutes = minutesSelect.value;
    try {
      const overview = await getJson(`/api/overview?minutes=${encodeURIComponent(minutes)}`);
      if (minutes !== minutesSelect.value) return;
      const key = JSON.stringify([minutes, overview]);
      if (key !== lastKey) {
        render(overview || {});
        lastKey = key;
      }
      showError(errorLine, chartsAvailable() ? null : CHARTS_MISSING, { since: false });
      showUpdated(updatedLine);
    } catch (error) {
      showError(errorLine, `Could not load the overview: ${describeError(error)}`);
    }
  }

  const poller = new Poller(load, REFRESH_MS);
  minutesSelect.addEventListener('change', () => poller.runNow());

  return {
    show: () => poller.start(),
    hide: () => poller.stop(),
  };
}
