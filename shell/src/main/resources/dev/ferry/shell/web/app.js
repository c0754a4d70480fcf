'use strict';
// The Ferry web console: state from /api/stream (Server-Sent Events), actions through the JSON API.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const LEVELS = { FINEST: 300, FINER: 400, FINE: 500, CONFIG: 700, INFO: 800, WARNING: 900, SEVERE: 1000 };
let hosts = [];
let tasks = [];
const moveChoice = {}; // task id -> the destination picked in its row (kept across re-renders)
const logLines = []; // {kind: 'event'|'output', level, task, text}

function api(method, path, body) {
  const headers = { 'X-Ferry-Request': '1', 'Content-Type': 'application/json' };
  if (token) headers['X-Ferry-Token'] = token;
  return fetch('/api' + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
    .then(async r => {
      const json = await r.json();
      if (!r.ok) throw new Error(json.error || r.statusText);
      return json;
    });
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function bar(fraction, label) {
  const inner = el('span');
  inner.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + '%';
  return el('span', {}, el('span', { class: 'bar', title: label }, inner), label);
}

function mb(bytes) { return Math.round(bytes / 1048576) + ' MB'; }

function duration(fromIso, toIso) {
  const s = Math.max(0, Math.round(((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso)) / 1000));
  return s < 60 ? s + 's' : s < 3600 ? Math.floor(s / 60) + 'm' + (s % 60) + 's' : Math.floor(s / 3600) + 'h' + Math.floor(s % 3600 / 60) + 'm';
}

function renderHosts() {
  const body = document.querySelector('#hosts tbody');
  const maxTasks = Math.max(1, ...hosts.map(h => h.tasks));
  // No load before the first heartbeat, nor for a DEAD host (the coordinator drops it then).
  const load = (h, cell) => h.heapMax ? el('td', {}, cell) : el('td', {}, '—');
  body.replaceChildren(...hosts.slice().sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })).map(h => el('tr', { 'data-host': h.name },
    el('td', {}, h.name), el('td', {}, h.address || ''),
    el('td', {}, el('span', { class: 'badge ' + h.state }, h.state)),
    load(h, bar(h.tasks / maxTasks, String(h.tasks))),
    load(h, bar(h.cpuLoad, Math.round(h.cpuLoad * 100) + '%')),
    load(h, bar(h.heapMax ? h.heapUsed / h.heapMax : 0, mb(h.heapUsed) + ' / ' + mb(h.heapMax))),
    el('td', {}, h.javaVersion || ''))));
  const select = document.getElementById('launch-host');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any host'),
    ...hosts.filter(h => h.state === 'ALIVE').map(h => el('option', { value: h.name }, h.name)));
  select.value = chosen;
}

function timeline(t) {
  return el('div', { class: 'timeline' }, ...t.history.map(m => {
    const at = new Date(m.ended || m.started).toLocaleTimeString();
    const text = m.outcome === 'DONE'
      ? `${m.from} → ${m.to} at ${at}, ${(m.downtimeNanos / 1e6).toFixed(1)} ms downtime`
      : `${m.from} ✗ ${m.to} at ${at}: failed at ${m.step}`;
    return el('div', { class: m.outcome === 'DONE' ? 'move' : 'move failed' }, text);
  }));
}

function renderTasks() {
  const body = document.querySelector('#tasks tbody');
  const alive = hosts.filter(h => h.state === 'ALIVE').map(h => h.name);
  body.replaceChildren(...tasks.slice().reverse().map(t => {
    const live = t.status === 'RUNNING';
    const target = el('select', { class: 'move-target', onchange: e => { moveChoice[t.id] = e.target.value; } },
      ...alive.filter(h => h !== t.host).map(h => el('option', { value: h }, h)));
    if (moveChoice[t.id] && alive.includes(moveChoice[t.id]) && moveChoice[t.id] !== t.host) target.value = moveChoice[t.id];
    const actions = live ? el('td', {},
      el('button', { class: 'kill', type: 'button', onclick: () => act(api('POST', `/tasks/${t.id}/kill`)) }, 'Kill'), ' ',
      target, ' ',
      el('button', { class: 'move', type: 'button', onclick: () => target.value && act(api('POST', `/tasks/${t.id}/migrate`, { host: target.value })) }, 'Move'))
      : el('td', {}, t.detail ? el('span', { title: t.detail }, t.detail.slice(0, 60)) : '');
    return el('tr', { 'data-task': t.id },
      el('td', {}, t.id),
      el('td', {}, [t.className.replace(/^.*\./, ''), ...t.args].join(' '), timeline(t)),
      el('td', { class: 'host' }, t.host),
      el('td', {}, el('span', { class: 'badge status ' + t.status }, t.status)),
      el('td', {}, duration(t.started, t.ended)),
      el('td', {}, t.moves),
      actions);
  }));
  const filter = document.getElementById('task-filter');
  const chosen = filter.value;
  filter.replaceChildren(el('option', { value: '' }, 'all'), ...tasks.map(t => el('option', { value: t.id }, t.id)));
  filter.value = chosen;
  const running = tasks.filter(t => t.status === 'RUNNING' || t.status === 'MIGRATING').length;
  document.getElementById('summary').textContent =
    `${hosts.filter(h => h.state === 'ALIVE').length}/${hosts.length} hosts alive, ${running} tasks running`;
}

function act(promise) {
  promise.catch(e => alertBanner('FAILED: ' + e.message, false));
}

function renderLog() {
  const min = Number(document.getElementById('level').value);
  const task = document.getElementById('task-filter').value;
  const showOutput = document.getElementById('show-output').checked;
  const log = document.getElementById('log');
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.replaceChildren(...logLines.filter(l => (l.kind === 'event' ? LEVELS[l.level] >= min : showOutput)
      && (!task || l.task === task))
    .map(l => el('span', { class: l.kind === 'event' ? l.level : (l.stream === 'ferry' ? 'marker' : 'output') }, l.text)));
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function addLog(line) {
  logLines.push(line);
  if (logLines.length > 5000) logLines.splice(0, logLines.length - 5000);
  renderLog();
}

function alertBanner(text, severe, eventTime) {
  const box = el('div', { class: 'alert' + (severe ? ' severe' : '') }, el('span', {}, text),
    el('button', { type: 'button', class: 'ack', onclick: () => box.remove() }, 'Acknowledge'));
  box.dataset.shownAt = String(Date.now());
  if (eventTime) box.dataset.eventTime = eventTime;
  document.getElementById('alerts').append(box);
  if (severe && document.hidden && 'Notification' in window && Notification.permission === 'granted') {
    new Notification('Ferry: SEVERE', { body: text });
  }
}

function connect() {
  const source = new EventSource('/api/stream' + (token ? '?token=' + encodeURIComponent(token) : ''));
  const badge = document.getElementById('connection');
  source.onopen = () => { badge.textContent = 'live'; badge.className = 'badge online'; };
  source.onerror = () => { badge.textContent = 'reconnecting'; badge.className = 'badge SUSPECT'; };
  source.addEventListener('state', e => {
    const s = JSON.parse(e.data);
    hosts = s.hosts; tasks = s.tasks;
    renderHosts(); renderTasks();
  });
  source.addEventListener('event', e => {
    const ev = JSON.parse(e.data);
    const time = new Date(ev.time).toLocaleTimeString();
    addLog({ kind: 'event', level: ev.level, task: ev.taskId, text: `${time} ${ev.level} ${ev.text}\n` });
    if (ev.level === 'SEVERE') alertBanner(`${time} ${ev.text}`, true, ev.time);
    refresh();
  });
  source.addEventListener('output', e => {
    const o = JSON.parse(e.data);
    addLog({ kind: 'output', stream: o.stream, task: o.task, text: o.text });
  });
}

let refreshing = null;
function refresh() {
  // Events change tables: fetch them now rather than wait for the next periodic state.
  if (refreshing) return;
  refreshing = Promise.all([api('GET', '/hosts'), api('GET', '/tasks')]).then(([h, t]) => {
    hosts = h; tasks = t; renderHosts(); renderTasks();
  }).catch(() => {}).finally(() => { refreshing = null; });
}

document.addEventListener('DOMContentLoaded', () => {
  for (const id of ['level', 'task-filter', 'show-output']) document.getElementById(id).addEventListener('change', renderLog);
  document.getElementById('notify').addEventListener('click', () => {
    if ('Notification' in window) Notification.requestPermission();
  });
  document.getElementById('launch').addEventListener('submit', e => {
    e.preventDefault();
    const args = document.getElementById('launch-args').value.trim();
    act(api('POST', '/tasks', {
      class: document.getElementById('launch-class').value.trim(),
      args: args ? args.split(/\s+/) : [],
      host: document.getElementById('launch-host').value || undefined,
    }));
  });
  api('GET', '/events').then(events => events.forEach(ev => addLog({ kind: 'event', level: ev.level, task: ev.taskId,
    text: `${new Date(ev.time).toLocaleTimeString()} ${ev.level} ${ev.text}\n` }))).catch(e => alertBanner(e.message, false));
  connect();
  setInterval(renderTasks, 1000); // uptimes
});
