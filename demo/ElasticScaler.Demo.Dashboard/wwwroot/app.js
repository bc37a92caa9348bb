// The demo's live page. It polls the demo's own server each second for the part of the timeline it lacks
// (GET api/timeline?since=N&sinceEvents=M), keeps the whole timeline in memory and redraws the figures, three SVG
// charts and the event list from it. When the phase is "finished" it shows the summary and stops polling; when the
// server has gone away it keeps what it has and says so. No libraries, no network beyond the demo's server, and
// nothing written to the console: the page's state is in the page (status line, body data-* attributes).
'use strict';

const POLL_MS = 1000;
// A poll that takes this long is abandoned and tried again; only a refused connection means the demo is gone.
const POLL_TIMEOUT_MS = 10000;
const EVENTS_LISTED = 12;

// Each chart: a caption (also its accessible name), one or two y axes (left, then right) and their series.
// A series reads one numeric field of a sample; colours are the CSS variables in app.css.
const CHARTS = [
  {
    id: 'chart-load', caption: 'Load: users and requests per second',
    axes: [
      { unit: 'users', series: [{ label: 'Users (left axis)', key: 'users', color: '--users' }] },
      { unit: 'RPS', series: [{ label: 'Requests per second (right axis)', key: 'rps', color: '--rps' }] },
    ],
  },
  {
    id: 'chart-latency', caption: 'Latency percentiles',
    axes: [{
      unit: 'ms', series: [
        { label: 'p50', key: 'p50Ms', color: '--p50' },
        { label: 'p95', key: 'p95Ms', color: '--p95' },
        { label: 'p99', key: 'p99Ms', color: '--p99' },
      ],
    }],
  },
  {
    id: 'chart-replicas', caption: 'Replicas by pool (stacked)', stacked: true,
    axes: [{
      unit: 'pods', series: [
        { label: 'ECS Ready', key: 'ecsReady', color: '--ecs' },
        { label: 'ECI Ready', key: 'eciReady', color: '--eci' },
        { label: 'Starting', key: 'starting', color: '--starting' },
        { label: 'Pending', key: 'pending', color: '--pending' },
      ],
    }],
  },
];

const state = { title: '', phase: 'starting', samples: [], events: [], summary: null, polling: true };

// ---- numbers and text ------------------------------------------------------------------------------------------

/** A figure as a finite number: anything else (missing, null) counts as 0, so no NaN reaches the SVG. */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Seconds since the load started, as "T+42 s" or "T−30 s" (negative while the cluster settles). */
function formatT(t) {
  const abs = Math.abs(t);
  return `T${t < 0 ? '−' : '+'}${Number.isInteger(abs) ? abs : abs.toFixed(1)} s`;
}

/** An axis label: short, with k/M for large counts. */
function formatTick(v) {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(2)}`;
}

function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

const FIGURES = {
  users: (s) => Math.round(num(s.users)).toLocaleString('en'),
  rps: (s) => (num(s.rps) < 100 ? num(s.rps).toFixed(1) : Math.round(num(s.rps)).toLocaleString('en')),
  p95: (s) => formatMs(num(s.p95Ms)),
  success: (s) => `${+(num(s.successRate) * 100).toFixed(2)}%`,
  ecsReady: (s) => String(num(s.ecsReady)),
  eciReady: (s) => String(num(s.eciReady)),
  starting: (s) => String(num(s.starting)),
  pending: (s) => String(num(s.pending)),
  cost: (s) => `$${num(s.costUsd).toFixed(num(s.costUsd) < 1 ? 4 : 2)}`,
};

// ---- scales ----------------------------------------------------------------------------------------------------

/** A round step (1, 2 or 5 times a power of ten) that cuts span into about count pieces. */
function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

function ticks(lo, hi, count) {
  const step = niceStep(hi - lo, count);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(9));
  return out;
}

/** The top of a y axis: a round number at or above max, and 1 when everything is 0 (a flat line, not a NaN). */
function niceTop(max) {
  if (!(max > 0)) return 1;
  const step = niceStep(max, 4);
  return Math.ceil(max / step - 1e-9) * step;
}

/** The time span every chart shares: all samples and events, at least one second wide. */
function timeDomain(samples, events) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) { lo = Math.min(lo, num(s.t)); hi = Math.max(hi, num(s.t)); }
  for (const e of events) { lo = Math.min(lo, num(e.t)); hi = Math.max(hi, num(e.t)); }
  return hi - lo >= 1 ? [lo, hi] : [lo, lo + 1];
}

// ---- charts ----------------------------------------------------------------------------------------------------

/** Builds a chart's fixed parts once: caption, the SVG it redraws into, and its legend. */
function setUpChart(chart) {
  const figure = document.getElementById(chart.id);
  const captionId = `${chart.id}-caption`;
  const series = chart.axes.flatMap((a) => a.series);
  figure.innerHTML =
    `<figcaption id="${captionId}">${esc(chart.caption)}</figcaption>` +
    `<svg class="chart" role="img" aria-labelledby="${captionId}" data-points="0" data-markers="0"></svg>` +
    `<ul class="legend">${series.map((s) => `<li style="--swatch: var(${s.color})">${esc(s.label)}</li>`).join('')}</ul>`;
  chart.svg = figure.querySelector('svg');
}

/** Redraws one chart at its current size from the whole timeline. */
function drawChart(chart, samples, events) {
  const svg = chart.svg;
  const width = Math.max(svg.clientWidth || 0, 240);
  const height = Math.max(svg.clientHeight || 0, 120);
  // The same margins on every chart, room for a right axis or not, so one second sits at one x down the page.
  const box = { left: 52, right: width - 52, top: 26, bottom: height - 22 };
  const parts = [`<title>${esc(chart.caption)}</title>`];
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);

  if (samples.length === 0) {
    parts.push(`<text class="empty" x="${width / 2}" y="${height / 2}" text-anchor="middle">Waiting for the first samples…</text>`);
    svg.innerHTML = parts.join('');
    svg.dataset.points = '0';
    svg.dataset.markers = '0';
    return;
  }

  const [t0, t1] = timeDomain(samples, events);
  const x = (t) => box.left + ((num(t) - t0) / (t1 - t0)) * (box.right - box.left);
  const xs = samples.map((s) => x(s.t).toFixed(1));
  drawTimeAxis(parts, box, x, t0, t1, height);
  chart.axes.forEach((axis, i) => drawValueAxis(parts, box, chart.stacked, axis, i === 1, samples, xs));
  drawMarkers(parts, box, x, events);

  // The caption names the chart (aria-labelledby); <desc> tells a screen reader what it currently spans.
  parts.push(`<desc>${esc(`${samples.length} seconds from ${formatT(t0)} to ${formatT(t1)}, ${events.length} scale events`)}</desc>`);
  svg.innerHTML = parts.join('');
  svg.dataset.points = String(samples.length);
  svg.dataset.markers = String(events.length);
}

/** Time grid and labels, and a labelled line where the load starts (T = 0) when the chart reaches back before it. */
function drawTimeAxis(parts, box, x, t0, t1, height) {
  parts.push('<g class="grid">');
  for (const t of ticks(t0, t1, Math.max(2, Math.floor((box.right - box.left) / 90)))) {
    const px = x(t).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${box.top}" y2="${box.bottom}"/>`,
      `<text x="${px}" y="${height - 6}" text-anchor="middle">${esc(formatT(t))}</text>`);
  }
  parts.push('</g>');
  if (t0 < 0 && t1 > 0) {
    const px = x(0).toFixed(1);
    parts.push(`<g class="zero"><title>T+0 s: the load starts</title><line x1="${px}" x2="${px}" y1="${box.top}" y2="${box.bottom}"/>`,
      `<text x="${px}" y="${box.top - 4}" text-anchor="middle">load starts</text></g>`);
  }
}

/** One y axis (left, or right for the second) with its series as lines, or as stacked areas. */
function drawValueAxis(parts, box, stacked, axis, right, samples, xs) {
  const values = axis.series.map((s) => samples.map((sample) => num(sample[s.key])));
  // Stacked: each layer sits on the sum of those before it, and the axis must reach the top of the stack.
  const bases = [];
  let below = samples.map(() => 0);
  for (const layer of values) {
    bases.push(stacked ? below : null);
    if (stacked) below = below.map((b, k) => b + layer[k]);
  }
  let max = 0;
  values.forEach((layer, j) => layer.forEach((v, k) => { max = Math.max(max, v + (stacked ? bases[j][k] : 0)); }));
  const top = niceTop(max);
  const y = (v) => (box.bottom - (v / top) * (box.bottom - box.top)).toFixed(1);

  const labelX = right ? box.right + 6 : box.left - 6;
  const anchor = right ? 'start' : 'end';
  parts.push('<g class="grid">');
  for (const v of ticks(0, top, 4)) {
    if (!right) parts.push(`<line x1="${box.left}" x2="${box.right}" y1="${y(v)}" y2="${y(v)}"/>`);
    parts.push(`<text x="${labelX}" y="${y(v)}" dy="0.32em" text-anchor="${anchor}">${esc(formatTick(v))}</text>`);
  }
  parts.push(`<text class="unit" x="${labelX}" y="${box.top - 14}" text-anchor="${anchor}">${esc(axis.unit)}</text></g>`);

  axis.series.forEach((series, j) => {
    const colour = `var(${series.color})`;
    if (stacked) {
      const upper = values[j].map((v, k) => `${xs[k]} ${y(v + bases[j][k])}`);
      const lower = bases[j].map((b, k) => `${xs[k]} ${y(b)}`).reverse();
      parts.push(`<path class="area" style="fill: ${colour}" d="M${upper.join('L')}L${lower.join('L')}Z"><title>${esc(series.label)}</title></path>`);
    } else {
      // A dot on the latest value: the line's live end, and all there is to see of a single sample.
      const points = values[j].map((v, k) => `${xs[k]} ${y(v)}`);
      const last = values[j].length - 1;
      parts.push(`<path class="line" style="stroke: ${colour}" d="M${points.join('L')}"><title>${esc(series.label)}</title></path>`,
        `<circle r="3" cx="${xs[last]}" cy="${y(values[j][last])}" style="fill: ${colour}"/>`);
    }
  });
}

/** Scale events: a dashed vertical line each, in a wider transparent strip so the tooltip (reason: message) is easy to hover. */
function drawMarkers(parts, box, x, events) {
  for (const e of events) {
    const px = x(e.t);
    parts.push(`<g class="marker"><title>${esc(`${formatT(num(e.t))} ${e.reason}: ${e.message}`)}</title>`,
      `<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${box.top}" y2="${box.bottom}"/>`,
      `<rect x="${(px - 4).toFixed(1)}" y="${box.top}" width="8" height="${box.bottom - box.top}"/></g>`);
  }
}

// ---- the rest of the page --------------------------------------------------------------------------------------

function renderFigures(last) {
  for (const dd of document.querySelectorAll('[data-figure]')) {
    dd.textContent = last ? FIGURES[dd.dataset.figure](last) : '–';
  }
}

function renderEvents(events) {
  const list = document.getElementById('events');
  document.getElementById('no-events').hidden = events.length > 0;
  list.innerHTML = events.slice(-EVENTS_LISTED).reverse().map((e) =>
    `<li><span class="t">${esc(formatT(num(e.t)))}</span><span class="reason">${esc(e.reason)}</span>${esc(e.message)}</li>`).join('');
}

function renderSummary(summary) {
  const section = document.getElementById('summary');
  section.hidden = !summary;
  if (summary) {
    section.querySelector('tbody').innerHTML =
      summary.map((row) => `<tr><td>${esc(row.name)}</td><td>${esc(row.value)}</td></tr>`).join('');
  }
}

function renderHeader() {
  const title = state.title || 'ElasticScaler demo';
  document.getElementById('title').textContent = title;
  document.title = title;
  const phase = document.getElementById('phase');
  phase.dataset.phase = state.phase;
  phase.textContent = String(state.phase).replace(/-/g, ' ');
  document.body.dataset.phase = state.phase;
}

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

function render() {
  const started = performance.now();
  const { samples, events } = state;
  renderHeader();
  renderFigures(samples[samples.length - 1]);
  for (const chart of CHARTS) drawChart(chart, samples, events);
  renderEvents(events);
  renderSummary(state.summary);
  document.body.dataset.samples = String(samples.length);
  document.body.dataset.events = String(events.length);
  if (state.polling) {
    setStatus(samples.length === 0 ? 'Waiting for the first second of the demo…'
      : `Live: ${formatT(num(samples[samples.length - 1].t))}, ${samples.length} seconds recorded.`);
  }
  // How long a full redraw takes, for checking the page stays quick on a long demo.
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
}

/** Besides new samples and events, what the page shows depends on only these. */
function drawnKey() {
  return `${state.title}/${state.phase}/${state.samples.length}/${state.events.length}/${state.summary ? 1 : 0}`;
}

// ---- polling ---------------------------------------------------------------------------------------------------

/**
 * Takes in an update: the lists are cut to the indices it starts from, then extended (see TimelineUpdate).
 * Returns whether the page needs a redraw.
 */
function apply(update) {
  const before = drawnKey();
  state.title = String(update.title ?? '');
  state.phase = String(update.phase ?? 'starting');
  state.summary = Array.isArray(update.summary) ? update.summary : null;
  state.samples.length = Math.min(state.samples.length, num(update.samplesFrom));
  for (const s of update.samples ?? []) state.samples.push(s);
  state.events.length = Math.min(state.events.length, num(update.eventsFrom));
  for (const e of update.events ?? []) state.events.push(e);
  return drawnKey() !== before || (update.samples ?? []).length > 0 || (update.events ?? []).length > 0;
}

function stopPolling(message) {
  state.polling = false;
  document.body.dataset.polling = 'false';
  setStatus(message);
}

async function poll() {
  const url = `api/timeline?since=${state.samples.length}&sinceEvents=${state.events.length}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), POLL_TIMEOUT_MS);
  let update;
  try {
    const response = await fetch(url, { cache: 'no-store', signal: abort.signal });
    if (!response.ok) {
      stopPolling(`The demo's server answered ${response.status} ${response.statusText}; showing the last state received.`);
      return;
    }
    update = await response.json();
  } catch (error) {
    if (error && error.name === 'AbortError') {
      setTimeout(poll, POLL_MS); // slow, not gone: ask again
    } else if (error && error.name === 'TypeError') {
      // fetch rejects with a TypeError when no connection can be made: the demo's process has exited.
      stopPolling('The demo has ended (its server is gone); this is the last state received.');
    } else {
      stopPolling("The demo's server sent an answer the page cannot read; showing the last state received.");
    }
    return;
  } finally {
    clearTimeout(timer);
  }

  if (apply(update)) render();
  if (state.phase === 'finished') {
    stopPolling('The demo finished; this is its final state.');
  } else {
    setTimeout(poll, POLL_MS);
  }
}

// Redraw at the new width once per frame while the window is resized.
let resizeQueued = false;
window.addEventListener('resize', () => {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => {
    resizeQueued = false;
    for (const chart of CHARTS) drawChart(chart, state.samples, state.events);
  });
});

for (const chart of CHARTS) setUpChart(chart);
render();
poll();
