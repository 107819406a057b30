// The Pipeline panel: what the engine is doing, for whoever looks after Vigil.
//
// Sources: GET /api/pipeline/summary (counters, shown key by key as the server names them) and
// GET /api/pipeline/lag (consumer lag per group and topic), every 5 s while the tab is shown;
// GET /api/pipeline/routes, sampled every 2 s from the first time the tab is shown (and then
// for as long as the browser tab is visible), the last 5 minutes kept for the per-second chart.

import {
  el, setChildren, getJson, describeError, showError, showUpdated, Poller, chartFor, chartsAvailable,
  CHARTS_MISSING, formatValue,
} from './common.js';

const COUNTERS_MS = 5_000;
const SAMPLE_MS = 2_000;
const KEEP_MS = 5 * 60_000;

export function createPipeline() {
  const summaryBody = document.getElementById('pipeline-summary');
  const summaryError = document.getElementById('pipeline-summary-error');
  const lagBody = document.getElementById('pipeline-lag');
  const lagError = document.getElementById('pipeline-lag-error');
  const storeLag = document.getElementById('pipeline-store-lag');
  const routesBody = document.getElementById('pipeline-routes');
  const routesError = document.getElementById('pipeline-routes-error');
  const rateChart = document.getElementById('pipeline-rate-chart');
  const updatedLine = document.getElementById('pipeline-updated');

  /** [{time: ms, rates: Map routeId -> perSecond} or {time, rates: null} for a failed sample] */
  const samples = [];
  let lastRoutes = [];
  let shown = false;

  // ---- counters and lag ----------------------------------------------------------------------

  function renderSummary(summary) {
    const entries = summary && typeof summary === 'object' ? Object.entries(summary) : [];
    setChildren(summaryBody, entries.map(([key, value]) => el('tr', { 'data-key': key },
      el('th', { scope: 'row', text: key }),
      el('td', { class: typeof value === 'number' ? 'num' : 'text', text: formatValue(value) }))));
  }

  function renderLag(lags) {
    const rows = Array.isArray(lags) ? lags : [];
    // A row is {group, topic, lag}; lag is an error text when it could not be read, and a group
    // whose offsets could not be read at all comes as {group, error}.
    setChildren(lagBody, rows.map((row) => el('tr', { 'data-lagging': String(Number(row.lag) > 0), 'data-store': String(row.store !== undefined) },
      el('td', { text: row.group }),
      el('td', { text: row.topic || '—' }),
      row.error !== undefined || typeof row.lag !== 'number'
        ? el('td', { class: 'warn', text: formatValue(row.error !== undefined ? row.error : row.lag) })
        : el('td', { class: row.lag > 0 ? 'num warn' : 'num', text: formatValue(row.lag) }))));
    // Each store (row.store: mongodb, elasticsearch) reads the same topics in a group of its own:
    // a message waits to be stored until the store furthest behind has it.
    // A store whose lag could not be read makes the figure unknown, not the other store's.
    const byStore = new Map();
    rows.filter((row) => row.store !== undefined).forEach((row) => {
      const known = row.error === undefined && typeof row.lag === 'number';
      const sum = byStore.has(row.store) ? byStore.get(row.store) : 0;
      byStore.set(row.store, known && sum !== null ? sum + row.lag : null);
    });
    const storeLags = [...byStore.values()];
    if (!storeLags.length) {
      storeLag.textContent = '—';
      storeLag.title = 'no store consumer group reported';
    } else {
      storeLag.textContent = storeLags.includes(null) ? '?' : String(Math.max(...storeLags));
      storeLag.title = [...byStore].map(([store, lag]) => `${store}: ${lag === null ? 'unknown' : lag}`).join(', ');
    }
  }

  async function loadCounters() {
    const [summary, lag] = await Promise.allSettled([getJson('/api/pipeline/summary'), getJson('/api/pipeline/lag')]);
    if (summary.status === 'fulfilled') {
      renderSummary(summary.value);
      showError(summaryError, null);
    } else {
      showError(summaryError, `Could not load the counters: ${describeError(summary.reason)}`);
    }
    if (lag.status === 'fulfilled') {
      renderLag(lag.value);
      showError(lagError, null);
    } else {
      showError(lagError, `Could not load the consumer lag: ${describeError(lag.reason)}`);
    }
    showUpdated(updatedLine);
  }

  // ---- routes ----------------------------------------------------------------------------------

  function renderRoutes(routes) {
    setChildren(routesBody, routes.map((route) => el('tr', {
      'data-route': route.routeId, 'data-state': route.state || '', 'data-failed': String(Number(route.exchangesFailed) > 0),
    },
    el('th', { scope: 'row', text: route.routeId }),
    el('td', { text: route.state || '—' }),
    el('td', { class: 'num', text: formatValue(route.exchangesTotal) }),
    el('td', { class: Number(route.exchangesFailed) > 0 ? 'num warn' : 'num', text: formatValue(route.exchangesFailed) }),
    el('td', { class: 'num', text: formatValue(route.perSecond) }),
    el('td', { class: 'num', text: formatValue(route.meanMillis) }))));
  }

  function drawRates() {
    if (!chartsAvailable()) {
      showError(routesError, CHARTS_MISSING, { since: false });
      return;
    }
    const ids = new Set();
    for (const sample of samples) if (sample.rates) for (const id of sample.rates.keys()) ids.add(id);
    const now = Date.now();
    chartFor(rateChart).setOption({
      animation: false,
      legend: { type: 'scroll', top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (value) => `${formatValue(value)} /s` },
      grid: { top: 32, left: 48, right: 16, bottom: 28 },
      xAxis: { type: 'time', min: now - KEEP_MS, max: now },
      yAxis: { type: 'value', name: 'exchanges/s', min: 0, nameTextStyle: { align: 'left' } },
      // A failed sample is a null: the lines break there instead of pretending the rate was steady.
      series: [...ids].sort().map((id) => ({
        type: 'line', name: id, showSymbol: false, connectNulls: false,
        data: samples.map((sample) => [sample.time, sample.rates && sample.rates.has(id) ? sample.rates.get(id) : null]),
      })),
    }, { notMerge: true });
  }

  async function sampleRoutes() {
    const time = Date.now();
    try {
      const routes = await getJson('/api/pipeline/routes');
      lastRoutes = (Array.isArray(routes) ? routes : []).filter((route) => route && route.routeId);
      const rates = new Map(lastRoutes.filter((r) => typeof r.perSecond === 'number').map((r) => [r.routeId, r.perSecond]));
      samples.push({ time, rates });
      showError(routesError, null);
    } catch (error) {
      samples.push({ time, rates: null });
      showError(routesError, `Could not load the routes: ${describeError(error)}`);
    }
    while (samples.length && samples[0].time < Date.now() - KEEP_MS) samples.shift();
    if (shown) {
      renderRoutes(lastRoutes);
      drawRates();
    }
  }

  const counters = new Poller(loadCounters, COUNTERS_MS);
  const sampler = new Poller(sampleRoutes, SAMPLE_MS);
  let sampling = false;

  document.addEventListener('visibilitychange', () => {
    if (!sampling) return;
    if (document.visibilityState === 'visible') sampler.start();
    else sampler.stop();
  });

  return {
    show() {
      shown = true;
      sampling = true;
      counters.start();
      if (sampler.started) {
        renderRoutes(lastRoutes);
        drawRates();
      } else {
        sampler.start();
      }
    },
    hide() {
      shown = false;
      counters.stop();
    },
  };
}
