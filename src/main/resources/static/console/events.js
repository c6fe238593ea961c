// The live event log: type filters, pause (held events are counted and shown on resume), at most 500 lines.

import { EVENT_TYPES } from './live.js';
import { el, time } from './format.js';

const MAX_LINES = 500;

export class EventLog {
  constructor() {
    this.list = document.getElementById('events');
    this.paused = false;
    this.held = [];
    this.shown = new Set(JSON.parse(localStorage.getItem('console.events.types') || JSON.stringify(EVENT_TYPES)));
    const types = document.getElementById('event-types');
    for (const type of EVENT_TYPES) {
      types.append(el('label', { class: 'check' }, el('input', { type: 'checkbox', value: type, checked: this.shown.has(type),
        onchange: (event) => this.toggle(type, event.target.checked) }), ` ${type}`));
    }
    const pause = document.getElementById('events-pause');
    pause.addEventListener('click', () => {
      this.paused = !this.paused;
      pause.setAttribute('aria-pressed', String(this.paused));
      pause.textContent = this.paused ? 'Resume' : 'Pause';
      if (!this.paused) {
        this.held.splice(0).forEach((event) => this.append(event));
      }
      this.showHeld();
    });
    document.getElementById('events-clear').addEventListener('click', () => this.list.replaceChildren());
  }

  toggle(type, shown) {
    if (shown) {
      this.shown.add(type);
    } else {
      this.shown.delete(type);
    }
    localStorage.setItem('console.events.types', JSON.stringify([...this.shown]));
    for (const line of this.list.children) {
      line.hidden = !this.shown.has(line.dataset.type);
    }
  }

  add(event) {
    if (this.paused) {
      this.held.push(event);
      this.showHeld();
    } else {
      this.append(event);
    }
  }

  note(text) {
    this.list.prepend(el('li', { class: 'note', 'data-type': 'note' }, `${time(Date.now())} ${text}`));
  }

  append(event) {
    const details = [event.connectionId && `id ${event.connectionId}`, event.remote, event.reason, event.detail].filter(Boolean).join(' · ');
    const line = el('li', { 'data-type': event.type, class: `event ${event.type.toLowerCase()}`, hidden: !this.shown.has(event.type) },
      el('time', { datetime: event.at }, time(Date.parse(event.at))), ' ', el('strong', {}, event.type), ' ', details);
    this.list.prepend(line);
    while (this.list.children.length > MAX_LINES) {
      this.list.lastElementChild.remove();
    }
  }

  showHeld() {
    document.getElementById('events-held').textContent = this.paused ? `${this.held.length} held while paused` : '';
  }
}
