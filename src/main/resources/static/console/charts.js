// The charts: uPlot time series over the sampler's history (15 minutes by default), one dashed marker per
// trigger-mode switch on every one of them, and the events-per-wakeup histogram before and after the last switch.

import uPlot from '../webjars/uplot/dist/uPlot.esm.js';
import { bytes, ratio, time } from './format.js';

const COLORS = ['#2f7bd8', '#e0662f', '#3aa757', '#b04fc6', '#c9a227', '#d8345f'];

// A loop that never returned from epoll_wait in the interval has no split of its time: a gap, not 0 %.
const percent = (value, sample) => (sample.waitShare + sample.processShare === 0 ? null : value * 100);

const TIME_CHARTS = [
  {
    id: 'wakeups', title: 'Wakeups per second',
    hint: 'Every return of epoll_wait is a wakeup: empty ones are timeouts, eventfd ones are commands posted by the admin plane.',
    series: [['wakeups', 'wakeups'], ['emptyWakeups', 'empty'], ['eventfdWakeups', 'eventfd']],
  },
  {
    id: 'ready', title: 'Ready list',
    hint: 'epoll hands back only the ready fds: O(ready), not O(watched). A connection that used its 16-read budget waits on the ready-pending queue.',
    series: [['eventsPerWakeup', 'events per wakeup'], ['readyPending', 'ready-pending now']],
  },
  {
    id: 'syscalls', title: 'System calls per echoed message',
    hint: 'The price of the mode: EDGE pays one extra read, the closing EAGAIN, per wakeup; ONESHOT adds an epoll_ctl re-arm.',
    series: [['syscallsPerMessage', 'total'], ['readsPerMessage', 'read'], ['eagainReadsPerMessage', 'read → EAGAIN'],
      ['writesPerMessage', 'send'], ['epollWaitsPerMessage', 'epoll_wait'], ['epollCtlPerMessage', 'epoll_ctl']],
  },
  {
    id: 'loop', title: 'Loop time (%)',
    hint: 'Time asleep in epoll_wait costs nothing; processing is reading, echoing and epoll_ctl between two waits.',
    series: [['waitShare', 'in epoll_wait', percent], ['processShare', 'processing', percent]],
  },
  {
    id: 'traffic', title: 'Messages and bytes per second',
    hint: 'A message is one read that returned data, echoed at once from the shared read buffer.',
    series: [['messages', 'messages/s'], ['bytesIn', 'bytes in/s', null, 'bytes'], ['bytesOut', 'bytes out/s', null, 'bytes']],
  },
  {
    id: 'backlog', title: 'Write backlog and paused readers',
    hint: 'What send() did not take waits with EPOLLOUT registered; above the high watermark the connection stops reading.',
    series: [['backlogBytes', 'backlog', null, 'bytes'], ['pausedReaders', 'paused readers']],
  },
];

/**
 * Trigger-mode and backend switches within the samples: where the mode or the backend differs from the sample before
 * (or its switch count does). A marker's label is what came into force.
 */
export function switches(samples) {
  const result = [];
  for (let i = 1; i < samples.length; i++) {
    const now = samples[i];
    const before = samples[i - 1];
    const labels = [];
    if (now.modeSwitches !== before.modeSwitches || now.triggerMode !== before.triggerMode) {
      labels.push(now.triggerMode);
    }
    if (now.backendSwitches !== before.backendSwitches || now.backend !== before.backend) {
      labels.push(now.backend.toLowerCase());
    }
    if (labels.length > 0) {
      result.push({ at: now.at, label: labels.join(' '), index: i });
    }
  }
  return result;
}

function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function markerPlugin(chartSet) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = cssColor('--marker');
        ctx.fillStyle = cssColor('--marker');
        ctx.lineWidth = devicePixelRatio;
        ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        chartSet.markers.forEach((marker, i) => {
          const x = Math.round(u.valToPos(marker.at / 1000, 'x', true));
          if (x < left || x > left + width) {
            return;
          }
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          // Alternate rows, so that the labels of switches close together do not overlap.
          ctx.fillText(`→ ${marker.label}`, x + 4 * devicePixelRatio, top + (12 + (i % 2) * 13) * devicePixelRatio);
        });
        ctx.restore();
      }],
    },
  };
}

function axis(values) {
  const grid = { stroke: cssColor('--grid'), width: 1 };
  const result = { stroke: cssColor('--muted'), grid, ticks: { ...grid } };
  if (values) {
    result.values = values;
  }
  return result;
}

function bucketLabels(bounds) {
  let previous = -1;
  return bounds.map((bound) => {
    const from = previous + 1;
    previous = bound === '+Inf' ? Infinity : Number(bound);
    if (bound === '+Inf') {
      return `${from}+`;
    }
    return from === previous ? String(from) : `${from}–${previous}`;
  });
}

export class Charts {
  constructor(container) {
    this.container = container;
    this.samples = [];
    this.capacity = 900;
    this.buckets = [];
    this.markers = [];
    this.histogramTop = 0;
    this.plots = [];
    this.span = document.getElementById('charts-span');
    new ResizeObserver(() => this.resize()).observe(container);
  }

  setHistory(history) {
    this.capacity = history.capacity;
    this.intervalMs = history.intervalMs;
    this.buckets = history.eventsPerWakeupBuckets;
    this.samples = history.samples.slice(-this.capacity);
    this.build();
  }

  add(sample) {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) {
      this.samples.shift();
    }
    this.update();
  }

  build() {
    for (const plot of this.plots) {
      plot.uplot.destroy();
    }
    this.container.replaceChildren();
    this.plots = [];
    for (const chart of TIME_CHARTS) {
      this.plots.push(this.timeChart(chart));
    }
    this.plots.push(this.histogram());
    this.update();
  }

  frame(chart) {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.id = `chart-${chart.id}`;
    const caption = document.createElement('figcaption');
    const title = document.createElement('strong');
    title.textContent = chart.title;
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = chart.hint;
    caption.append(title, hint);
    const plot = document.createElement('div');
    figure.append(caption, plot);
    this.container.append(figure);
    return plot;
  }

  width() {
    const columns = this.container.clientWidth > 900 ? 2 : 1;
    return Math.max(280, Math.floor(this.container.clientWidth / columns) - 24);
  }

  timeChart(chart) {
    const target = this.frame(chart);
    const hasBytes = chart.series.some((s) => s[3] === 'bytes');
    const options = {
      width: this.width(),
      height: 190,
      plugins: [markerPlugin(this)],
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
        bytes: { range: (u, min, max) => [0, Math.max(1024, max * 1.1)] } },
      axes: [{ ...axis((u, splits) => splits.map((v) => time(v * 1000))), space: 80 },
        { ...axis((u, splits) => splits.map((v) => ratio(v))), size: 60 },
        ...(hasBytes ? [{ ...axis((u, splits) => splits.map((v) => bytes(v))), side: 1, scale: 'bytes', size: 80, grid: { show: false } }] : [])],
      series: [{ label: 'time', value: (u, v) => (v === null || v === undefined ? '–' : time(v * 1000)) },
        ...chart.series.map(([, label, , scale], i) => ({
        label, scale: scale || 'y', stroke: COLORS[i % COLORS.length], width: 1.5, points: { show: false },
        value: (u, v) => (v === null || v === undefined ? '–' : scale === 'bytes' ? bytes(v) : ratio(v)),
      }))],
      legend: { live: true },
    };
    const data = (samples) => [samples.map((s) => s.at / 1000),
      ...chart.series.map(([key, , map]) => samples.map((s) => (map ? map(s[key], s) : s[key])))];
    return { chart, uplot: new uPlot(options, data([]), target), data };
  }

  histogram() {
    const chart = {
      id: 'histogram', title: 'Events per wakeup (histogram)',
      hint: 'How many ready fds each epoll_wait handed back: 60 s before the last mode switch beside the 60 s since (or the last 60 s).',
    };
    const target = this.frame(chart);
    const labels = () => bucketLabels(this.buckets);
    const shown = () => Math.max(4, this.histogramTop + 2);
    const bars = uPlot.paths.bars({ size: [0.4, 40], align: 0 });
    const options = {
      width: this.width(),
      height: 190,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [-0.6, Math.min(this.buckets.length, shown()) - 0.4] } },
      axes: [{ ...axis((u, splits) => splits.map((i) => labels()[i] ?? '')),
        splits: () => this.buckets.slice(0, shown()).map((_, i) => i) },
        { ...axis((u, splits) => splits.map((v) => ratio(v))), size: 70 }],
      series: [{ value: (u, i) => labels()[i] ?? '' },
        { label: 'before switch', stroke: COLORS[1], fill: `${COLORS[1]}99`, points: { show: false }, paths: uPlot.paths.bars({ size: [0.4, 40], align: -1 }) },
        { label: 'recent', stroke: COLORS[0], fill: `${COLORS[0]}99`, points: { show: false }, paths: bars }],
      legend: { live: true },
    };
    const data = (samples) => this.histogramData(samples);
    return { chart, uplot: new uPlot(options, data([]), target), data };
  }

  histogramData(samples) {
    const n = this.buckets.length;
    const index = [...Array(n).keys()];
    const sum = (slice) => {
      const totals = new Array(n).fill(0);
      for (const sample of slice) {
        sample.eventsPerWakeupHistogram.forEach((count, i) => (totals[i] += count));
      }
      return totals;
    };
    const window = Math.max(1, Math.round(60000 / (this.intervalMs || 1000)));
    const last = this.markers.at(-1);
    let result;
    if (!last) {
      result = [index, new Array(n).fill(null), sum(samples.slice(-window))];
    } else {
      const at = samples.findIndex((s) => s.at >= last.at);
      result = [index, sum(samples.slice(Math.max(0, at - window), at)), sum(samples.slice(at, at + window))];
    }
    this.histogramTop = index.reduce((top, i) => ((result[1][i] || result[2][i]) ? i : top), 0);
    return result;
  }

  update() {
    this.markers = switches(this.samples);
    for (const plot of this.plots) {
      plot.uplot.setData(plot.data(this.samples));
    }
    if (this.samples.length > 1) {
      const minutes = (this.samples.at(-1).at - this.samples[0].at) / 60000;
      this.span.textContent = `(last ${ratio(minutes)} min)`;
    }
  }

  resize() {
    const width = this.width();
    for (const plot of this.plots) {
      plot.uplot.setSize({ width, height: 190 });
    }
  }
}
