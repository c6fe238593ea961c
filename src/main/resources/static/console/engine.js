// The engine panel (state, mode, limits, uptime; switch, pause, resume, drain) and the interest-list panel.

import { api } from './api.js';
import { count, duration, el } from './format.js';

const MODE_HINTS = {
  LEVEL: 'LEVEL: epoll reports a socket again while data remains, so one read per notification is enough.',
  EDGE: 'EDGE (EPOLLET): one report per new arrival; the loop reads until EAGAIN, paying one extra read per wakeup.',
  ONESHOT: 'ONESHOT (EPOLLET|EPOLLONESHOT): one report, then the fd is disarmed until an EPOLL_CTL_MOD re-arms it.',
};

const MODE_BITS = { LEVEL: '', EDGE: '|EPOLLET', ONESHOT: '|EPOLLET|EPOLLONESHOT' };

const text = (id, value) => {
  document.getElementById(id).textContent = value;
};

export class EnginePanel {
  constructor(me, { onChange }) {
    this.me = me;
    this.onChange = onChange;
    this.view = null;
    this.startedAt = null;
    this.message = document.getElementById('engine-message');
    this.bind('switch-mode', () => this.openSwitch());
    this.bind('pause', () => this.post('api/v1/engine/pause', 'Accepting paused: open connections keep echoing.'));
    this.bind('resume', () => this.post('api/v1/engine/resume', 'Accepting again.'));
    this.bind('drain', () => this.openDrain());
    document.getElementById('interest-refresh').addEventListener('click', () => this.readInterest());
    setInterval(() => this.showUptime(), 1000);
  }

  bind(id, handler) {
    const button = document.getElementById(id);
    if (button) {
      button.addEventListener('click', handler);
    }
  }

  async refresh() {
    this.view = await api('api/v1/engine');
    this.show(this.view);
    return this.view;
  }

  show(view) {
    text('engine-state', view.state);
    text('engine-mode', view.triggerMode);
    text('engine-loops', count(view.loops));
    text('engine-port', `${view.host}:${view.port}`);
    text('engine-connections', count(view.activeConnections));
    text('engine-max', count(view.maxConnections));
    text('engine-idle', view.idleTimeoutMs ? duration(view.idleTimeoutMs) : 'never');
    text('mode-hint', MODE_HINTS[view.triggerMode] || '');
    const state = document.getElementById('engine-state');
    state.className = `state ${view.state.toLowerCase()}`;
    for (const [id, allowed] of [['pause', view.state === 'RUNNING'], ['resume', view.state === 'PAUSED'],
      ['drain', view.state === 'RUNNING' || view.state === 'PAUSED'], ['switch-mode', view.state !== 'STOPPED']]) {
      const button = document.getElementById(id);
      if (button) {
        button.disabled = !allowed;
      }
    }
  }

  /** From each statistics sample: the figures that change without an event. */
  sample(sample, startedAt) {
    this.startedAt = startedAt ?? this.startedAt;
    if (this.view) {
      const changed = this.view.state !== sample.state || this.view.triggerMode !== sample.triggerMode;
      this.view = { ...this.view, state: sample.state, triggerMode: sample.triggerMode, activeConnections: sample.connections };
      this.show(this.view);
      if (changed) {
        this.refresh().catch(() => {});
      }
    }
    if (this.draining) {
      this.draining(sample);
    }
  }

  showUptime() {
    text('engine-uptime', this.startedAt ? duration(Date.now() - this.startedAt) : '…');
  }

  async post(path, success) {
    try {
      this.show(await api(path, { method: 'POST' }));
      this.say(success);
    } catch (error) {
      this.say(error.message, true);
    }
  }

  say(message, error = false) {
    this.message.textContent = message;
    this.message.classList.toggle('error', error);
  }

  openSwitch() {
    const dialog = document.getElementById('mode-dialog');
    const choice = document.getElementById('mode-choice');
    const preview = document.getElementById('mode-preview');
    const result = document.getElementById('mode-result');
    const apply = document.getElementById('mode-apply');
    const current = this.view.triggerMode;
    choice.value = ({ LEVEL: 'edge', EDGE: 'oneshot', ONESHOT: 'level' })[current];
    result.textContent = '';
    const describe = () => {
      const next = choice.value.toUpperCase();
      preview.textContent = next === current ? `${current} is already in force: nothing changes.`
        : `Each loop, between two epoll_wait batches, re-arms its ${count(this.view.activeConnections)} connection(s) with `
          + `EPOLL_CTL_MOD: EPOLLIN|EPOLLRDHUP${MODE_BITS[current]} becomes EPOLLIN|EPOLLRDHUP${MODE_BITS[next]}. ${MODE_HINTS[next]}`;
      apply.disabled = next === current;
    };
    choice.onchange = describe;
    describe();
    apply.onclick = async () => {
      apply.disabled = true;
      try {
        const answer = await api('api/v1/engine/trigger-mode', { method: 'PUT', body: { mode: choice.value } });
        result.textContent = `${answer.previous} → ${answer.current}: ${count(answer.connectionsRearmed)} connection(s) re-armed in `
          + `${(answer.switchMicros / 1000).toFixed(answer.switchMicros < 10000 ? 2 : 0)} ms.`;
        this.say(result.textContent);
        await this.refresh();
        this.onChange();
      } catch (error) {
        result.textContent = error.message;
      }
    };
    dialog.showModal();
  }

  openDrain() {
    const dialog = document.getElementById('drain-dialog');
    const confirm = document.getElementById('drain-confirm');
    const apply = document.getElementById('drain-apply');
    const progress = document.getElementById('drain-progress');
    confirm.value = '';
    progress.textContent = '';
    apply.disabled = true;
    confirm.oninput = () => {
      apply.disabled = confirm.value.trim() !== 'drain';
    };
    apply.onclick = async () => {
      apply.disabled = true;
      try {
        await api('api/v1/engine/drain', { method: 'POST', body: { timeoutMs: Number(document.getElementById('drain-timeout').value) } });
        const view = await this.refresh();
        const deadline = view.drainDeadline ? Date.parse(view.drainDeadline) : null;
        this.draining = (sample) => {
          const left = deadline ? Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) : null;
          progress.textContent = `${count(sample.connections)} connection(s) left`
            + (left !== null && sample.state === 'DRAINING' ? `, force-closed in ${left} s` : '') + ` (${sample.state}).`;
          if (sample.state === 'STOPPED') {
            this.draining = null;
          }
        };
      } catch (error) {
        progress.textContent = error.message;
      }
    };
    dialog.showModal();
  }

  async readInterest() {
    const target = document.getElementById('interest-list');
    try {
      const interest = await api('api/v1/interest-list');
      target.replaceChildren(...interest.loops.map((loop) => {
        const masks = [...new Set([...Object.keys(loop.registeredByMask), ...Object.keys(loop.kernelByMask)])].sort();
        return el('div', { class: 'loop' },
          el('p', { class: loop.agrees ? 'agree' : 'disagree' },
            `Loop ${loop.loop} (epfd ${loop.epfd}, ${loop.kernelEntries} kernel entries with listener and eventfd): `,
            el('strong', {}, loop.agrees ? 'engine and kernel agree' : 'engine and kernel DISAGREE')),
          el('table', { class: 'interest' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'mask'), el('th', { scope: 'col', class: 'num' }, 'engine'),
              el('th', { scope: 'col', class: 'num' }, 'kernel'))),
            el('tbody', {}, masks.length ? masks.map((mask) => {
              const engine = loop.registeredByMask[mask] || 0;
              const kernel = loop.kernelByMask[mask] || 0;
              return el('tr', { class: engine === kernel ? 'agree' : 'disagree', 'data-mask': mask },
                el('td', {}, el('code', {}, mask)), el('td', { class: 'num' }, count(engine)), el('td', { class: 'num' }, count(kernel)));
            }) : el('tr', {}, el('td', { colspan: 3, class: 'muted' }, 'no connection registered')))));
      }));
    } catch (error) {
      target.replaceChildren(el('p', { class: 'message error' }, error.message));
    }
  }
}
