// Shared helpers of the dashboard: JSON fetches, safe DOM building, time and value formatting,
// polling, panel error lines and ECharts instances. Nothing here touches a specific panel.
//
// Every piece of data put into the page goes through textContent or an attribute (el() below),
// never innerHTML: alerts and vital signs are patient data.

/** An HTTP answer that was not 2xx; `message` is the server's own `message` field when it sent one. */
export class HttpError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorFor(response, body) {
  const fromServer = body && typeof body === 'object' && typeof body.message === 'string' ? body.message : null;
  const signedOut = response.status === 401 ? 'signed out: reload the page to sign in again' : null;
  const message = fromServer || signedOut || `${response.status} ${response.statusText || 'error'}`.trim();
  return new HttpError(response.status, message, body);
}

/** GET a JSON document; throws HttpError on a non-2xx answer, TypeError when the server is unreachable. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await readBody(response);
  if (!response.ok) throw errorFor(response, body);
  return body;
}

/** The CSRF token Vigil keeps in the XSRF-TOKEN cookie, sent back with every state-changing request. */
function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : '';
}

/** POST a JSON body; answers {status, body} for 2xx, throws HttpError otherwise. */
export async function postJson(url, payload) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': csrfToken() },
    body: JSON.stringify(payload),
  });
  const body = await readBody(response);
  if (!response.ok) throw errorFor(response, body);
  return { status: response.status, body };
}

/** A readable one-line description of a failed fetch. */
export function describeError(error) {
  if (error instanceof HttpError) return error.message;
  if (error instanceof TypeError) return 'server unreachable';
  return error && error.message ? error.message : String(error);
}

/**
 * Builds an element. attrs: `class`, `text` (textContent), `hidden`, `on<event>` handlers,
 * `data-*`/`aria-*`/any other attribute (set with setAttribute; null/undefined/false are skipped).
 * Children: nodes or strings (strings become text nodes).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = value;
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of node. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

// ---- time ---------------------------------------------------------------------------------

function parseTime(iso) {
  if (iso === null || iso === undefined || iso === '') return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Milliseconds since the epoch, or NaN. */
export function timeMs(iso) {
  const date = parseTime(iso);
  return date ? date.getTime() : NaN;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Local time with seconds; the date is added when it is not today. '—' when absent. */
export function formatTime(iso) {
  const date = parseTime(iso);
  if (!date) return '—';
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (sameDay(date, new Date())) return time;
  return `${date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' })} ${time}`;
}

/** A <time> element showing formatTime(iso), with the instant in its datetime attribute and tooltip. */
export function timeElement(iso) {
  const date = parseTime(iso);
  if (!date) return el('span', { text: '—' });
  return el('time', { datetime: date.toISOString(), title: date.toString(), text: formatTime(iso) });
}

/** Short local time for chart axes: HH:MM, with the day when the span covers more than one day. */
export function formatAxisTime(ms, withDay) {
  const date = new Date(ms);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return withDay ? `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}` : time;
}

// ---- values -------------------------------------------------------------------------------

/** "Ward 4B · Room 12 · Bed A", or '' when there is no location. */
export function formatLocation(location) {
  if (!location || typeof location !== 'object') return '';
  const parts = [];
  if (location.ward) parts.push(`Ward ${location.ward}`);
  if (location.room) parts.push(`Room ${location.room}`);
  if (location.bed) parts.push(`Bed ${location.bed}`);
  // The ADT event that set the location: a discharged patient's last place is not where they are.
  if (location.event === 'discharged') parts.push('discharged');
  return parts.join(' · ');
}

/** Labels and units of the vital-sign keys the back-end uses; an unknown key is shown as sent. */
export const VITALS = {
  systolicMmHg: { label: 'Systolic', unit: 'mmHg' },
  diastolicMmHg: { label: 'Diastolic', unit: 'mmHg' },
  heartRatePerMin: { label: 'Heart rate', unit: '/min' },
  respiratoryRatePerMin: { label: 'Respiratory rate', unit: '/min' },
  spo2Percent: { label: 'SpO₂', unit: '%' },
  temperatureCelsius: { label: 'Temperature', unit: '°C' },
  news2: { label: 'NEWS2', unit: '' },
};

/** A value for display: numbers as sent (rounded to 2 decimals at most), objects as JSON. */
export function formatValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The value of one vital-sign key with its unit, e.g. "85 mmHg". */
export function formatVital(key, value) {
  const unit = VITALS[key] ? VITALS[key].unit : '';
  const text = formatValue(value);
  return unit && typeof value === 'number' ? `${text} ${unit}` : text;
}

export function vitalLabel(key) {
  return VITALS[key] ? VITALS[key].label : key;
}

// ---- panel status lines --------------------------------------------------------------------

/**
 * Shows an error on a panel's error line (an element with class "error"), or hides it when
 * message is empty. A failed fetch says since when it fails (the panel keeps what it had and
 * keeps trying), so a stale panel is never silent; `{since: false}` for a lasting condition.
 */
export function showError(line, message, { since = true } = {}) {
  if (!line) return;
  if (!message) {
    line.hidden = true;
    line.textContent = '';
    delete line.dataset.since;
    return;
  }
  if (!line.dataset.since) line.dataset.since = new Date().toISOString();
  line.textContent = since ? `${message} (since ${formatTime(line.dataset.since)}, retrying)` : message;
  line.hidden = false;
}

/** Writes "updated HH:MM:SS" on a panel's status line. */
export function showUpdated(line) {
  if (line) line.textContent = `updated ${formatTime(new Date().toISOString())}`;
}

// ---- polling -------------------------------------------------------------------------------

/**
 * Runs task every `ms` milliseconds while started, never two at once: the next run is scheduled
 * when the previous one has finished. start() runs the task at once.
 */
export class Poller {
  constructor(task, ms) {
    this.task = task;
    this.ms = ms;
    this.timer = null;
    this.running = false;
    this.started = false;
    this.again = false; // a run was asked for while one was under way
  }

  start() {
    if (this.started) return;
    this.started = true;
    this.runNow();
  }

  stop() {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs the task now (when started), then goes on with the usual period. */
  async runNow() {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.task();
    } catch (error) {
      console.error(error);
    } finally {
      this.running = false;
    }
    if (!this.started) return;
    if (this.again) {
      this.again = false;
      this.runNow();
    } else {
      this.timer = setTimeout(() => this.runNow(), this.ms);
    }
  }
}

// ---- charts --------------------------------------------------------------------------------

/** True when the ECharts script (/webjars/echarts/dist/echarts.min.js) was loaded. */
export function chartsAvailable() {
  return typeof window.echarts === 'object' && typeof window.echarts.init === 'function';
}

export const CHARTS_MISSING = 'Chart library not loaded (/webjars/echarts/dist/echarts.min.js): charts are not drawn, tables still are.';

/**
 * The ECharts instance of a container, created on first use. The container is watched with a
 * ResizeObserver, so the chart follows window resizes and a tab becoming visible.
 * Returns null when ECharts is not loaded.
 */
export function chartFor(container) {
  if (!chartsAvailable()) return null;
  let chart = window.echarts.getInstanceByDom(container);
  if (!chart) {
    chart = window.echarts.init(container);
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => {
        if (container.clientWidth > 0 && container.clientHeight > 0) chart.resize();
      }).observe(container);
    } else {
      window.addEventListener('resize', () => chart.resize());
    }
  }
  return chart;
}

/** Colours used across panels, chosen for contrast on white. */
export const COLOURS = {
  emergency: '#b71c1c',
  urgent: '#e65100',
  warning: '#f9a825',
  ok: '#2e7d32',
  info: '#1565c0',
  grey: '#757575',
  bands: { LOW: '#2e7d32', LOW_MEDIUM: '#f9a825', MEDIUM: '#ef6c00', HIGH: '#c62828' },
};

/** Reads and writes localStorage without failing where storage is disabled. */
export const storage = {
  get(key, fallback) {
    try {
      const value = window.localStorage.getItem(key);
      return value === null ? fallback : value;
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // storage disabled (private mode, policy): the value lives for this page only
    }
  },
};
