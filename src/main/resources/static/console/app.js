// The console's entry point: who is signed in (action controls the role does not allow are removed, the server
// refuses them anyway), the theme, the panels, and the live streams that feed them.

import { api } from './api.js';
import { Charts } from './charts.js';
import { Connections } from './connections.js';
import { EnginePanel } from './engine.js';
import { EventLog } from './events.js';
import { LiveStreams } from './live.js';

const ROLE_RANK = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

function theme() {
  const select = document.getElementById('theme');
  select.value = localStorage.getItem('console.theme') || 'auto';
  const apply = () => {
    document.documentElement.dataset.theme = select.value;
    localStorage.setItem('console.theme', select.value);
  };
  select.addEventListener('change', () => {
    apply();
    window.dispatchEvent(new Event('console-theme'));
  });
  apply();
}

function removeForbiddenControls(me) {
  for (const control of document.querySelectorAll('[data-needs]')) {
    if (ROLE_RANK[me.role] < ROLE_RANK[control.dataset.needs]) {
      control.remove();
    }
  }
}

async function signOut() {
  await api('logout', { method: 'POST' }).catch(() => {});
  location.assign('login.html');
}

async function main() {
  theme();
  let me;
  try {
    me = await api('api/v1/me');
  } catch {
    location.assign('login.html');
    return;
  }
  document.getElementById('me').textContent = `${me.username} · ${me.role}`;
  document.getElementById('sign-out').addEventListener('click', signOut);
  removeForbiddenControls(me);

  const charts = new Charts(document.getElementById('charts'));
  const connections = new Connections(me);
  const events = new EventLog();
  const engine = new EnginePanel(me, { onChange: () => engine.readInterest() });
  window.addEventListener('console-theme', () => charts.build());

  let changeTimer = null;
  const connectionsChanged = () => {
    clearTimeout(changeTimer);
    changeTimer = setTimeout(() => connections.changed(), 200);
  };
  let startedAt = null;
  const streams = new LiveStreams({
    onHistory: (history) => {
      startedAt = history.startedAt;
      charts.setHistory(history);
      const last = history.samples.at(-1);
      if (last) {
        engine.sample(last, startedAt);
      }
    },
    onSample: (sample) => {
      charts.add(sample);
      engine.sample(sample, startedAt);
      if (sample.messages > 0) {
        connectionsChanged();
      }
    },
    onEvent: (event) => {
      events.add(event);
      if (event.type.startsWith('CONNECTION_')) {
        connectionsChanged();
      }
      if (event.type === 'MODE_SWITCHED') {
        engine.readInterest();
      }
      if (event.type === 'BACKEND_SWITCHED') {
        engine.refresh();
        engine.readInterest();
      }
    },
    onPause: () => events.note('streams paused while the page was hidden'),
  });

  await Promise.all([engine.refresh(), connections.refresh(), engine.readInterest()]);
  streams.open();
  document.body.dataset.ready = 'true';
}

main();
