// The Alerts panel: the live list of open and acknowledged alerts, and those resolved since the
// page was opened.
//
// Sources: GET /api/alerts?status=active (a snapshot, on load and each time the stream (re)opens),
// and the SSE stream /api/alerts/stream (events named "alert", data = AlertEvent JSON).
// Each alert keeps one element for its whole life (found by data-alert-id): an update rewrites
// its content and attributes in place, so a reference held by a test or a screen reader stays
// valid. A resolved alert moves to the "Recently resolved" list, inside #alert-list too.

import {
  el, setChildren, getJson, postJson, describeError, HttpError, showError, showUpdated, Poller,
  timeElement, timeMs, formatLocation, formatVital, vitalLabel,
} from './common.js';

const ACTIVE_URL = '/api/alerts?status=active';
const STREAM_URL = '/api/alerts/stream';
const RESOLVED_KEPT = 50;              // resolved alerts kept on the page
const CATCH_UP_LIVE_MS = 60_000;       // snapshot refresh while the stream is live (a safety net)
const CATCH_UP_DOWN_MS = 10_000;       // ... and while it is not (a proxy may be blocking SSE)
const RETRY_CLOSED_MS = 5_000;         // reconnect delay once the browser has given the stream up
const CONFIRM_MS = 15_000;             // how long an accepted acknowledgement may wait for its event
// The snapshot is read from the alerts' views, written from the alerts topic a batch (and a
// database write) behind the stream: an alert heard of this shortly before a snapshot that lacks it
// is not taken for resolved on that snapshot's word; the next snapshot judges it.
const VIEW_LAG_MS = 30_000;

// The back-end acknowledges patient alerts only: a ward-wide alert (patientId null, the spike
// rule) is refused with 409. Its card says so instead of offering a button that cannot work.
const ACK_WARD_ALERTS = false;

const SEVERITY_RANK = { emergency: 0, urgent: 1, warning: 2 };
const STATUS_RANK = { open: 0, acknowledged: 1, resolved: 2 };
const SEVERITY_TEXT = { emergency: 'Emergency', urgent: 'Urgent', warning: 'Warning' };
// An alert about a device's own alarm (IHE PCD-04: rule "device-alarm") and what its values mean.
const DEVICE_ALARM_RULE = 'device-alarm';
const ALARM_LABELS = {
  alarmSource: 'About', alarmValue: 'Value', alarmUnit: 'Unit', alarmLimits: 'Alarm limits',
  alarmPriority: 'Device priority', alarmKind: 'Kind', alarmState: 'On the device', alarmId: 'Device alarm id',
};

function severityRank(alert) {
  return alert.severity in SEVERITY_RANK ? SEVERITY_RANK[alert.severity] : 3;
}

function statusRank(alert) {
  return alert.status in STATUS_RANK ? STATUS_RANK[alert.status] : 0;
}

/**
 * Whether `incoming` is an older state of the alert than `current` (a snapshot and a live event
 * can cross). Each change of an alert has the next `version`; without versions, the newer
 * updatedAt wins, and on a tie the further status (open < acknowledged < resolved).
 */
function isOlder(incoming, current) {
  if (typeof incoming.version === 'number' && typeof current.version === 'number') return incoming.version < current.version;
  const a = timeMs(incoming.updatedAt);
  const b = timeMs(current.updatedAt);
  if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return a < b;
  return statusRank(incoming) < statusRank(current);
}

/** Active list order: open before acknowledged, then by severity, then newest first. */
function compareActive(x, y) {
  return statusRank(x.alert) - statusRank(y.alert)
    || severityRank(x.alert) - severityRank(y.alert)
    || (timeMs(y.alert.openedAt) || 0) - (timeMs(x.alert.openedAt) || 0);
}

function compareResolved(x, y) {
  const when = (entry) => timeMs(entry.alert.resolvedAt) || timeMs(entry.alert.updatedAt) || entry.receivedAt;
  return when(y) - when(x);
}

export function createAlerts(ctx) {
  const list = document.getElementById('alert-list');
  const activeList = document.getElementById('active-alerts');
  const resolvedList = document.getElementById('resolved-alerts');
  const noAlerts = document.getElementById('no-alerts');
  const noResolved = document.getElementById('no-resolved');
  const wardFilter = document.getElementById('ward-filter');
  const summary = document.getElementById('alert-summary');
  const errorLine = document.getElementById('alerts-error');
  const updatedLine = document.getElementById('alerts-updated');
  const streamStatus = document.getElementById('stream-status');
  const countBadge = document.getElementById('alert-count');
  const baseTitle = document.title;

  /** alertId -> {alert, node, receivedAt (local ms), note} */
  const entries = new Map();
  const ackErrors = new Map();   // alertId -> message of the last failed acknowledgement
  const acking = new Set();      // alertIds whose acknowledgement is on its way
  const awaiting = new Map();    // alertId -> timer: acknowledgement accepted (202), its event not seen yet
  const wardsSeen = new Set();
  let streamLive = false;
  let loaded = false;            // a snapshot or an event has arrived: "no alerts" means none

  // ---- state -------------------------------------------------------------------------------

  /** Takes in one alert state; answers true when it changed the page. */
  function accept(alert) {
    if (!alert || typeof alert !== 'object' || !alert.alertId) return false;
    let entry = entries.get(alert.alertId);
    // A state this page only assumed (see applySnapshot) gives way to any state from the server.
    if (entry && !entry.assumed && isOlder(alert, entry.alert)) return false;
    // The same state again (a snapshot repeating the stream): keep the element as it is, so that
    // nothing under a caregiver's pointer (or a test's reference) is replaced for no change.
    if (entry && !entry.assumed && JSON.stringify(entry.alert) === JSON.stringify(alert)) {
      entry.receivedAt = Date.now();
      return false;
    }
    if (!entry) {
      entry = { node: el('li', { class: 'alert' }) };
      entries.set(alert.alertId, entry);
    } else if (alert.status === 'resolved') {
      // A refused acknowledgement's message (409: "already acknowledged by ...") stays until then.
      ackErrors.delete(alert.alertId);
    }
    if (alert.status !== 'open') stopAwaiting(alert.alertId);
    entry.alert = alert;
    entry.receivedAt = Date.now();
    entry.note = null;
    entry.assumed = false;
    if (alert.location && alert.location.ward) wardsSeen.add(String(alert.location.ward));
    renderCard(entry);
    return true;
  }

  /** An AlertEvent from the stream or from an acknowledgement's answer. */
  function applyEvent(event) {
    if (!event || !event.alert) return;
    if (accept(event.alert)) refreshLayout();
    ctx.bus.emit('alert-event', event);
  }

  /**
   * A snapshot of the active alerts. An alert the page holds as active but the snapshot lacks was
   * resolved while the page could not hear it; it moves to the resolved list, marked as such.
   * Only alerts last heard of well before the snapshot was asked for (VIEW_LAG_MS) are judged that way.
   */
  function applySnapshot(alerts, askedAt) {
    const present = new Set();
    for (const alert of Array.isArray(alerts) ? alerts : []) {
      if (alert && alert.alertId) present.add(alert.alertId);
      accept(alert);
    }
    for (const [id, entry] of entries) {
      if (present.has(id) || entry.alert.status === 'resolved' || entry.receivedAt >= askedAt - VIEW_LAG_MS) continue;
      entry.alert = { ...entry.alert, status: 'resolved' };
      entry.note = 'No longer active on the server: resolved while this page was not receiving updates.';
      entry.assumed = true;
      renderCard(entry);
    }
    refreshLayout();
  }

  async function refreshActive() {
    const askedAt = Date.now();
    try {
      const alerts = await getJson(ACTIVE_URL);
      loaded = true;
      applySnapshot(alerts, askedAt);
      showError(errorLine, null);
      showUpdated(updatedLine);
    } catch (error) {
      showError(errorLine, `Could not load the active alerts: ${describeError(error)}`);
    }
  }

  // ---- one alert's element -----------------------------------------------------------------

  function renderCard(entry) {
    const { alert, node } = entry;
    node.dataset.alertId = alert.alertId;
    node.dataset.status = alert.status || 'open';
    node.dataset.severity = alert.severity || '';
    node.dataset.patient = alert.patientId || '';
    node.dataset.condition = alert.condition || '';
    node.dataset.origin = alert.rule === DEVICE_ALARM_RULE ? 'device' : 'vigil';
    node.dataset.ward = alert.location && alert.location.ward ? String(alert.location.ward) : '';
    setChildren(node,
      cardHeader(alert),
      cardWho(alert),
      alert.reason ? el('p', { class: 'alert-reason', text: alert.reason }) : null,
      valuesList(alert.values),
      scores(alert),
      metaList(alert),
      entry.note ? el('p', { class: 'alert-note', text: entry.note }) : null,
      ackErrors.has(alert.alertId) ? el('p', { class: 'alert-error', role: 'alert', text: ackErrors.get(alert.alertId) }) : null);
  }

  function cardHeader(alert) {
    const severity = SEVERITY_TEXT[alert.severity] || alert.severity || 'Alert';
    return el('div', { class: 'alert-head' },
      el('span', { class: 'severity', text: severity }),
      el('span', { class: 'status', text: alert.status || 'open' }),
      alert.rule === DEVICE_ALARM_RULE ? el('span', { class: 'origin', text: 'Device alarm', title: 'Raised by the device itself (IHE PCD-04)' }) : null,
      el('h3', { class: 'alert-title', text: alert.title || alert.condition || 'Alert' }),
      alert.status === 'open' ? ackControl(alert) : null);
  }

  function ackControl(alert) {
    if (!alert.patientId && !ACK_WARD_ALERTS) {
      return el('span', { class: 'ack-none', text: 'Ward-wide alert: no acknowledgement' });
    }
    const sending = acking.has(alert.alertId);
    const confirming = awaiting.has(alert.alertId);
    return el('button', {
      type: 'button',
      class: 'ack',
      disabled: sending || confirming,
      'aria-label': `Acknowledge: ${alert.title || alert.condition} for ${alert.patientId || 'the ward'}`,
      text: sending ? 'Acknowledging…' : confirming ? 'Accepted, confirming…' : 'Acknowledge',
      onclick: () => acknowledge(alert.alertId),
    });
  }

  function cardWho(alert) {
    const where = formatLocation(alert.location);
    const who = alert.patientId
      ? el('button', {
        type: 'button', class: 'patient-link', title: 'Show this patient\'s vital signs',
        text: alert.patientId, onclick: () => ctx.openPatient(alert.patientId),
      })
      : el('span', { class: 'patient-none', text: where ? 'Ward-wide alert' : 'All wards' });
    return el('p', { class: 'alert-who' }, who, where ? el('span', { class: 'location', text: where }) : null);
  }

  function valuesList(values) {
    if (!values || typeof values !== 'object' || Object.keys(values).length === 0) return null;
    const list = el('dl', { class: 'values' });
    for (const [key, value] of Object.entries(values)) {
      list.append(el('div', {}, el('dt', { text: ALARM_LABELS[key] || vitalLabel(key), title: key }), el('dd', { text: formatVital(key, value) })));
    }
    return list;
  }

  function scores(alert) {
    const parts = [];
    if (alert.news2 && alert.news2.total !== undefined && alert.news2.total !== null) {
      parts.push(el('span', {
        class: 'news2', 'data-band': alert.news2.band || '',
        text: `NEWS2 ${alert.news2.total}${alert.news2.band ? ` (${alert.news2.band})` : ''}`,
      }));
    }
    if (typeof alert.risk === 'number') {
      parts.push(el('span', { class: 'risk', text: `Risk ${Math.round(alert.risk * 100)} %` }));
    }
    return parts.length ? el('p', { class: 'alert-scores' }, parts) : null;
  }

  function metaList(alert) {
    const list = el('dl', { class: 'meta' });
    const add = (label, value) => list.append(el('div', {}, el('dt', { text: label }), el('dd', {}, value)));
    if (alert.rule) add('Rule', alert.rule);
    add('Opened', timeElement(alert.openedAt));
    add('Updated', timeElement(alert.updatedAt));
    if (alert.escalations) add('Escalations', String(alert.escalations));
    if (alert.acknowledgedBy || alert.acknowledgedAt) {
      add('Acknowledged', el('span', {}, `by ${alert.acknowledgedBy || 'unknown'} at `, timeElement(alert.acknowledgedAt)));
    }
    if (alert.resolvedAt) add('Resolved', timeElement(alert.resolvedAt));
    return list;
  }

  // ---- acknowledgement ---------------------------------------------------------------------

  function ackErrorText(error) {
    const fromServer = error instanceof HttpError && error.body && typeof error.body.message === 'string' ? error.body.message : null;
    if (error instanceof HttpError && error.status === 404) return fromServer || 'The server does not know this alert (it may be gone).';
    if (error instanceof HttpError && error.status === 409) return fromServer || 'Already acknowledged or resolved.';
    return `Could not acknowledge: ${describeError(error)}`;
  }

  async function acknowledge(alertId) {
    const by = ctx.caregiverName();
    if (!by) {
      ackErrors.set(alertId, 'Who is signed in is not known yet: reload the page, or sign in again.');
      rerender(alertId);
      document.getElementById('caregiver-name').focus();
      return;
    }
    acking.add(alertId);
    ackErrors.delete(alertId);
    rerender(alertId);
    try {
      const { body } = await postJson(`/api/alerts/${encodeURIComponent(alertId)}/acknowledge`, {});
      // 202: the request is durable. The change itself is the stream's "acknowledged" event (the
      // answer's alert, if newer, is taken too); until then the button stays disabled.
      if (body && body.alert && accept(body.alert)) refreshLayout();
      const entry = entries.get(alertId);
      if (entry && entry.alert.status === 'open') awaitConfirmation(alertId);
    } catch (error) {
      ackErrors.set(alertId, ackErrorText(error));
      // A 404/409 means this page's view is behind: catch up.
      if (error instanceof HttpError && (error.status === 404 || error.status === 409)) catchUp.runNow();
    } finally {
      acking.delete(alertId);
      rerender(alertId);
    }
  }

  function awaitConfirmation(alertId) {
    stopAwaiting(alertId);
    awaiting.set(alertId, setTimeout(() => {
      awaiting.delete(alertId);
      ackErrors.set(alertId, `The acknowledgement was accepted but not confirmed within ${CONFIRM_MS / 1000} s; if the alert stays open, acknowledge it again.`);
      rerender(alertId);
      catchUp.runNow();
    }, CONFIRM_MS));
  }

  function stopAwaiting(alertId) {
    if (!awaiting.has(alertId)) return;
    clearTimeout(awaiting.get(alertId));
    awaiting.delete(alertId);
  }

  function rerender(alertId) {
    const entry = entries.get(alertId);
    if (entry) renderCard(entry);
  }

  // ---- lists, filter, counts ---------------------------------------------------------------

  function selectedWard() {
    return wardFilter.value;
  }

  /** An alert without a ward (unknown location, whole-site alert) is shown whatever the filter. */
  function matchesWard(entry, ward) {
    return !ward || !entry.node.dataset.ward || entry.node.dataset.ward === ward;
  }

  function placeInOrder(container, ordered) {
    ordered.forEach((entry, index) => {
      if (container.children[index] !== entry.node) container.insertBefore(entry.node, container.children[index] || null);
    });
  }

  function refreshLayout() {
    const active = [];
    const resolved = [];
    for (const entry of entries.values()) (entry.alert.status === 'resolved' ? resolved : active).push(entry);
    active.sort(compareActive);
    resolved.sort(compareResolved);
    for (const old of resolved.splice(RESOLVED_KEPT)) {
      old.node.remove();
      entries.delete(old.alert.alertId);
    }
    placeInOrder(activeList, active);
    placeInOrder(resolvedList, resolved);
    refreshWardOptions();
    applyFilter(active, resolved);
    ctx.bus.emit('alerts-changed');
  }

  function refreshWardOptions() {
    const wards = [...wardsSeen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const shown = [...wardFilter.options].slice(1).map((option) => option.value);
    if (shown.join('\n') === wards.join('\n')) return;
    const selected = selectedWard();
    setChildren(wardFilter, el('option', { value: '', text: 'All wards' }), wards.map((ward) => el('option', { value: ward, text: `Ward ${ward}` })));
    wardFilter.value = selected;
  }

  function applyFilter(active, resolved) {
    const ward = selectedWard();
    let visibleActive = 0;
    let visibleResolved = 0;
    const counts = { open: 0, acknowledged: 0, emergency: 0 };
    for (const entry of active) {
      const visible = matchesWard(entry, ward);
      entry.node.hidden = !visible;
      if (!visible) continue;
      visibleActive += 1;
      if (entry.alert.status === 'acknowledged') counts.acknowledged += 1;
      else counts.open += 1;
      if (entry.alert.status === 'open' && entry.alert.severity === 'emergency') counts.emergency += 1;
    }
    for (const entry of resolved) {
      const visible = matchesWard(entry, ward);
      entry.node.hidden = !visible;
      if (visible) visibleResolved += 1;
    }
    noAlerts.hidden = visibleActive > 0;
    if (!loaded) noAlerts.textContent = 'Loading the active alerts…';
    else noAlerts.textContent = ward ? `No active alerts in ward ${ward}.` : 'No active alerts.';
    noResolved.hidden = visibleResolved > 0;
    summary.textContent = `${counts.open} open${counts.emergency ? ` (${counts.emergency} emergency)` : ''} · ${counts.acknowledged} acknowledged${ward ? ` in ward ${ward}` : ''}`;
    refreshCounts(active);
  }

  /** The tab's badge and the window title count open alerts of all wards. */
  function refreshCounts(active) {
    const open = active.filter((entry) => entry.alert.status === 'open');
    const emergencies = open.filter((entry) => entry.alert.severity === 'emergency').length;
    countBadge.hidden = open.length === 0;
    countBadge.textContent = String(open.length);
    countBadge.dataset.emergency = String(emergencies > 0);
    countBadge.title = `${open.length} open alert(s), ${emergencies} emergency`;
    document.title = open.length ? `(${open.length}${emergencies ? ' !' : ''}) ${baseTitle}` : baseTitle;
  }

  wardFilter.addEventListener('change', () => refreshLayout());

  // ---- the event stream --------------------------------------------------------------------

  function setStream(state, text) {
    streamStatus.dataset.state = state;
    streamStatus.textContent = text;
    streamLive = state === 'live';
    list.dataset.stream = state;
    catchUp.ms = streamLive ? CATCH_UP_LIVE_MS : CATCH_UP_DOWN_MS;
  }

  function connect() {
    setStream('connecting', 'connecting');
    const source = new EventSource(STREAM_URL);
    source.addEventListener('open', () => {
      setStream('live', 'live');
      // Whatever happened while the stream was down (or before it opened) is in the snapshot.
      catchUp.runNow();
    });
    source.addEventListener('alert', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (error) {
        showError(errorLine, `An alert event could not be read: ${describeError(error)}`);
        return;
      }
      applyEvent(event);
      showUpdated(updatedLine);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error, a wrong content type): retry ourselves.
        source.close();
        setStream('offline', 'reconnecting');
        setTimeout(connect, RETRY_CLOSED_MS);
      } else {
        setStream('reconnecting', 'reconnecting');
      }
    });
  }

  const catchUp = new Poller(refreshActive, CATCH_UP_DOWN_MS);

  return {
    /** Loads the active alerts, then opens the stream; both stay on whatever tab is shown. */
    start() {
      catchUp.start();
      if (typeof EventSource === 'function') {
        connect();
      } else {
        setStream('offline', 'not supported');
        showError(errorLine, 'This browser cannot receive live alerts (no EventSource): the list is refreshed every 10 s.');
      }
      refreshLayout();
    },
    show() {},
    hide() {},
    /** The active (open or acknowledged) alerts of one patient, most pressing first. */
    activeFor(patientId) {
      return [...entries.values()]
        .filter((entry) => entry.alert.patientId === patientId && entry.alert.status !== 'resolved')
        .sort(compareActive)
        .map((entry) => entry.alert);
    },
    wards: () => [...wardsSeen],
    isLive: () => streamLive,
  };
}
