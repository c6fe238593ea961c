// The connections table: the API's server-side paging, sorting and filters (kept in the page's URL), per-row kill,
// kill by filter behind a dry run, export of the current view, a column chooser and a density kept in local storage.

import { api } from './api.js';
import { bytes, count, duration, el } from './format.js';

const FILTERS = ['remote', 'minIdleMs', 'minAgeMs', 'minBacklogBytes'];

/** Above this many matches, a kill by filter asks for the number to be typed. */
export const CONFIRM_THRESHOLD = 10;

const COLUMNS = [
  { key: 'id', label: 'id' },
  { key: 'loop', label: 'loop' },
  { key: 'fd', label: 'fd' },
  { key: 'remote', label: 'remote', value: (c) => `${c.remoteAddress}:${c.remotePort}` },
  { key: 'state', label: 'state' },
  { key: 'ageMs', label: 'age', value: (c) => duration(c.ageMs) },
  { key: 'idleMs', label: 'idle', value: (c) => duration(c.idleMs) },
  { key: 'bytesIn', label: 'bytes in', value: (c) => count(c.bytesIn), numeric: true },
  { key: 'bytesOut', label: 'bytes out', value: (c) => count(c.bytesOut), numeric: true },
  { key: 'reads', label: 'reads', numeric: true },
  { key: 'writes', label: 'writes', numeric: true },
  { key: 'eagainReads', label: 'EAGAIN reads', numeric: true },
  { key: 'eagainWrites', label: 'EAGAIN writes', numeric: true },
  { key: 'writeBacklogBytes', label: 'backlog', value: (c) => bytes(c.writeBacklogBytes), numeric: true },
  { key: 'readingPaused', label: 'paused', value: (c) => (c.readingPaused ? 'yes' : '') },
  { key: 'interest', label: 'interest', value: (c) => c.interest.join('|') },
];

const DEFAULT_HIDDEN = ['loop', 'reads', 'writes', 'eagainWrites'];

export class Connections {
  constructor(me) {
    this.me = me;
    this.form = document.getElementById('connection-filters');
    this.table = document.getElementById('connections');
    this.message = document.getElementById('connections-message');
    this.matched = document.getElementById('connections-matched');
    this.live = document.getElementById('connections-live');
    this.cursors = [];
    this.page = null;
    this.loading = null;
    this.hidden = new Set(JSON.parse(localStorage.getItem('console.columns.hidden') || JSON.stringify(DEFAULT_HIDDEN)));
    this.readUrl();
    this.buildChooser();
    this.density();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.cursors = [];
      this.writeUrl();
      this.refresh();
    });
    this.form.addEventListener('reset', () => setTimeout(() => this.form.requestSubmit(), 0));
    document.getElementById('first-page').addEventListener('click', () => {
      this.cursors = [];
      this.refresh();
    });
    document.getElementById('next-page').addEventListener('click', () => {
      if (this.page && this.page.nextCursor) {
        this.cursors.push(this.page.nextCursor);
        this.refresh();
      }
    });
    document.getElementById('export-csv').addEventListener('click', () => this.export('csv'));
    document.getElementById('export-json').addEventListener('click', () => this.export('json'));
    const kill = document.getElementById('kill-by-filter');
    if (kill) {
      kill.addEventListener('click', () => this.killByFilter());
    }
  }

  /** The filters as the form shows them, without the empty ones. */
  filters() {
    const data = new FormData(this.form);
    const result = {};
    for (const key of [...FILTERS, 'sort', 'limit']) {
      const value = String(data.get(key) || '').trim();
      if (value) {
        result[key] = value;
      }
    }
    return result;
  }

  readUrl() {
    const params = new URLSearchParams(location.search);
    for (const key of [...FILTERS, 'sort', 'limit']) {
      if (params.has(key)) {
        this.form.elements[key].value = params.get(key);
      }
    }
  }

  writeUrl() {
    const params = new URLSearchParams(this.filters());
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
  }

  /** Re-reads the current page (on demand, or pushed by a change when Live is on). */
  async refresh() {
    if (this.loading) {
      this.again = true;
      return;
    }
    const query = { ...this.filters(), cursor: this.cursors.at(-1) };
    this.loading = api('api/v1/connections', { query });
    try {
      this.page = await this.loading;
      this.message.textContent = '';
      this.message.classList.remove('error');
      this.render();
    } catch (error) {
      this.message.textContent = error.message;
      this.message.classList.add('error');
    } finally {
      this.loading = null;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    }
  }

  /** A push from the live streams: re-read unless Live is off or the user is editing the filters. */
  changed() {
    if (this.live.checked && !this.form.contains(document.activeElement) && !document.hidden) {
      this.refresh();
    }
  }

  columns() {
    return COLUMNS.filter((column) => !this.hidden.has(column.key));
  }

  render() {
    const columns = this.columns();
    const canKill = this.me.canOperate;
    const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : '' }, c.label)),
      canKill ? el('th', { scope: 'col' }, 'kill') : null);
    this.table.tHead.replaceChildren(head);
    const rows = this.page.items.map((connection) => el('tr', { 'data-id': connection.id },
      columns.map((c) => el('td', { class: c.numeric ? 'num' : '', 'data-column': c.key },
        c.value ? c.value(connection) : String(connection[c.key]))),
      canKill ? el('td', { class: 'row-actions' },
        el('button', { type: 'button', 'data-action': 'kill-graceful', 'aria-label': `Close connection ${connection.id} gracefully`,
          onclick: () => this.kill(connection.id, 'graceful') }, 'close'),
        el('button', { type: 'button', class: 'danger', 'data-action': 'kill-abort', 'aria-label': `Reset connection ${connection.id}`,
          onclick: () => this.kill(connection.id, 'abort') }, 'reset')) : null));
    this.table.tBodies[0].replaceChildren(...rows);
    if (!rows.length) {
      this.table.tBodies[0].append(el('tr', {}, el('td', { colspan: columns.length + 1, class: 'muted' }, 'No connection matches.')));
    }
    const pageNumber = this.cursors.length + 1;
    this.matched.textContent = `(${count(this.page.matched)} matching, page ${pageNumber})`;
    document.getElementById('next-page').disabled = !this.page.nextCursor;
    document.getElementById('first-page').disabled = this.cursors.length === 0;
  }

  buildChooser() {
    const chooser = document.getElementById('column-chooser');
    chooser.replaceChildren(...COLUMNS.map((column) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', checked: !this.hidden.has(column.key), onchange: (event) => {
        if (event.target.checked) {
          this.hidden.delete(column.key);
        } else {
          this.hidden.add(column.key);
        }
        localStorage.setItem('console.columns.hidden', JSON.stringify([...this.hidden]));
        if (this.page) {
          this.render();
        }
      } }), ` ${column.label}`)));
  }

  density() {
    const select = document.getElementById('density');
    const apply = () => {
      this.table.classList.toggle('compact', select.value === 'compact');
      localStorage.setItem('console.density', select.value);
    };
    select.value = localStorage.getItem('console.density') || 'comfortable';
    select.addEventListener('change', apply);
    apply();
  }

  async kill(id, mode) {
    try {
      await api(`api/v1/connections/${id}`, { method: 'DELETE', query: { mode } });
      this.message.textContent = `Connection ${id}: ${mode === 'abort' ? 'reset' : 'closing gracefully (echo, flush, FIN)'}.`;
      this.message.classList.remove('error');
    } catch (error) {
      this.message.textContent = `Connection ${id}: ${error.message}`;
      this.message.classList.add('error');
    }
    this.refresh();
  }

  killBody(extra) {
    const body = {};
    for (const [key, value] of Object.entries(this.filters())) {
      if (FILTERS.includes(key)) {
        body[key] = key === 'remote' ? value : Number(value);
      }
    }
    return { ...body, ...extra };
  }

  async killByFilter() {
    const dialog = document.getElementById('kill-dialog');
    const preview = document.getElementById('kill-preview');
    const confirmLabel = document.getElementById('kill-confirm-label');
    const confirm = document.getElementById('kill-confirm');
    const apply = document.getElementById('kill-apply');
    const result = document.getElementById('kill-result');
    const mode = document.getElementById('kill-mode');
    result.textContent = '';
    confirm.value = '';
    let dryRun;
    try {
      dryRun = await api('api/v1/connections/kill', { method: 'POST', body: this.killBody({ mode: mode.value, dryRun: true }) });
    } catch (error) {
      this.message.textContent = error.message;
      this.message.classList.add('error');
      return;
    }
    const filters = Object.entries(this.killBody({})).map(([k, v]) => `${k}=${v}`).join(', ') || 'no filter: every connection';
    preview.textContent = `Dry run: ${count(dryRun.matched)} connection(s) match (${filters}).`;
    const needsTyping = dryRun.matched > CONFIRM_THRESHOLD;
    confirmLabel.hidden = !needsTyping;
    const ready = () => {
      apply.disabled = dryRun.matched === 0 || (needsTyping && confirm.value.trim() !== String(dryRun.matched));
    };
    confirm.oninput = ready;
    ready();
    apply.onclick = async () => {
      apply.disabled = true;
      try {
        const done = await api('api/v1/connections/kill', { method: 'POST', body: this.killBody({ mode: mode.value, dryRun: false }) });
        result.textContent = `Killed ${count(done.killed)} of ${count(done.matched)} matching (${mode.value}).`;
      } catch (error) {
        result.textContent = error.message;
      }
      this.refresh();
    };
    dialog.showModal();
  }

  export(format) {
    if (!this.page) {
      return;
    }
    const columns = this.columns();
    let text;
    if (format === 'json') {
      text = JSON.stringify(this.page.items, null, 2);
    } else {
      const quote = (value) => `"${String(value).replaceAll('"', '""')}"`;
      const raw = (c, item) => (c.key === 'remote' ? `${item.remoteAddress}:${item.remotePort}`
        : Array.isArray(item[c.key]) ? item[c.key].join('|') : item[c.key]);
      text = [columns.map((c) => quote(c.key)).join(','),
        ...this.page.items.map((item) => columns.map((c) => quote(raw(c, item))).join(','))].join('\r\n');
    }
    const blob = new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `connections.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}
