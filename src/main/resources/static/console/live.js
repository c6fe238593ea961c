// The two server-sent event streams (statistics and connection events): opened while the page is visible, closed
// while it is hidden, with the connection state and the age of the last message shown in the header.

import { api } from './api.js';

const EVENT_TYPES = ['CONNECTION_OPENED', 'CONNECTION_CLOSED', 'CONNECTION_KILLED', 'CONNECTION_REJECTED',
  'MODE_SWITCHED', 'ACCEPT_PAUSED', 'ACCEPT_RESUMED', 'DRAIN_STARTED', 'DRAIN_FINISHED',
  'BACKEND_SWITCHED', 'ACCEPT_DISTRIBUTION_SWITCHED'];

export { EVENT_TYPES };

export class LiveStreams {
  constructor({ onHistory, onSample, onEvent, onPause }) {
    this.handlers = { onHistory, onSample, onEvent, onPause };
    this.sources = [];
    this.lastMessage = null;
    this.state = 'connecting';
    this.dot = document.getElementById('live-dot');
    this.label = document.getElementById('live-state');
    this.age = document.getElementById('live-age');
    document.addEventListener('visibilitychange', () => (document.hidden ? this.close(true) : this.open()));
    setInterval(() => this.showAge(), 1000);
  }

  open() {
    if (this.sources.length) {
      return;
    }
    const statistics = new EventSource('api/v1/statistics/stream');
    statistics.addEventListener('history', (message) => {
      this.received();
      this.handlers.onHistory(JSON.parse(message.data));
    });
    statistics.addEventListener('sample', (message) => {
      this.received();
      this.handlers.onSample(JSON.parse(message.data));
    });
    const events = new EventSource('api/v1/events');
    for (const type of EVENT_TYPES) {
      events.addEventListener(type, (message) => {
        this.received();
        this.handlers.onEvent(JSON.parse(message.data));
      });
    }
    for (const source of [statistics, events]) {
      source.addEventListener('open', () => this.show(this.sources.every((s) => s.readyState === 1) ? 'connected' : 'connecting'));
      source.addEventListener('dropped', () => source.close());
      source.addEventListener('error', () => this.failed(source));
    }
    this.sources = [statistics, events];
    this.show('connecting');
  }

  close(hidden) {
    for (const source of this.sources) {
      source.close();
    }
    this.sources = [];
    if (hidden) {
      this.show('paused while hidden');
      this.handlers.onPause();
    }
  }

  async failed(source) {
    this.show('reconnecting');
    if (source.readyState === EventSource.CLOSED) {
      // The browser gave up (a 401 after the session expired, a 503 when too many subscribe): find out which.
      try {
        await api('api/v1/me');
        this.close(false);
        setTimeout(() => this.open(), 3000);
      } catch {
        location.assign('login.html');
      }
    }
  }

  received() {
    this.lastMessage = Date.now();
    if (this.state !== 'connected') {
      this.show('connected');
    }
  }

  show(state) {
    this.state = state;
    this.label.textContent = state;
    this.dot.className = `dot ${state.replace(/\s.*/, '')}`;
    this.showAge();
  }

  showAge() {
    this.age.textContent = this.lastMessage === null ? ''
      : `last update ${Math.max(0, Math.round((Date.now() - this.lastMessage) / 1000))} s ago`;
  }
}
