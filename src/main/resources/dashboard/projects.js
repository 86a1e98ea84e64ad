// The projects, their services and tasks: loaded once, then kept current from the event stream.

import { call, segment } from './api.js';
import { age, h, replace } from './dom.js';

const ENDED = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED',
  'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);
const ENDED_SHOWN = 3; // ended tasks listed per service, newest first

export class Projects {
  /**
   * @param root    the element the projects are drawn in
   * @param actions {notify(text, isError), logs(task), update(project, sources)}
   */
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.projects = new Map();  // name → {status: ProjectStatus, detail: ProjectDetail}
    this.tasks = new Map();     // TaskID → TaskView
    this.pending = [];
    this.open = new Set();      // "project/service" whose tasks are shown
    // The reads under way, each with the events received since it began: {project (null: all), events}. An event
    // that comes during a read may be newer than what the read returns; dropped (its project not known yet) or
    // overwritten by the read, a count would stay behind until the next event, which a steady service never sends.
    this.reads = new Set();
  }

  /** Reads with fetch(), then applies again over what it read the task and service events that came meanwhile. */
  async reading(project, read) {
    const received = { project, events: [] };
    this.reads.add(received);
    try {
      await read();
    } finally {
      this.reads.delete(received);
    }
    received.events.forEach(apply => apply());
  }

  /** Keeps an event for the reads under way that it concerns, and applies it. */
  receive(project, apply) {
    this.reads.forEach(r => (r.project === null || r.project === project) && r.events.push(apply));
    apply();
  }

  async load() {
    await this.reading(null, () => this.read());
    this.render();
  }

  async read() {
    const [projects, tasks, pending] = await Promise.all([call('GET', '/projects'), call('GET', '/tasks'),
      call('GET', '/pending')]);
    const details = await Promise.all(projects.map(p => call('GET', `/projects/${segment(p.name)}`)));
    this.projects = new Map(projects.map((p, i) => [p.name, { status: p, detail: details[i] }]));
    this.tasks = new Map(tasks.map(t => [t.TaskID, t]));
    this.pending = pending;
  }

  onTask(task) {
    this.receive(task.project, () => this.tasks.set(task.TaskID, task));
    this.renderProject(task.project);
  }

  onService(status) {
    this.receive(status.project, () => this.applyService(status));
    this.renderProject(status.project);
  }

  applyService(status) {
    const project = this.projects.get(status.project);
    if (!project) return;
    project.status.services = project.status.services.map(s => s.service === status.service ? status : s);
    this.pending = this.pending.filter(p => !(p.project === status.project && p.service === status.service));
    if (status.pending > 0) {
      this.pending.push({ project: status.project, service: status.service, reason: status.pending_reason });
    }
  }

  /** A version applied or a project taken down: its plan changed, read it again. */
  async onProject(change) {
    await this.reading(change.project, async () => {
      const [status, detail] = await Promise.all([
        call('GET', '/projects').then(all => all.find(p => p.name === change.project)),
        call('GET', `/projects/${segment(change.project)}`)]);
      if (status) this.projects.set(change.project, { status, detail });
    });
    if (!this.root.querySelector(`[data-project="${CSS.escape(change.project)}"]`)) this.render();
    else this.renderProject(change.project);
  }

  render() {
    if (this.projects.size === 0) {
      replace(this.root, h('p', { class: 'empty' }, 'No project yet. Deploy a compose file to start one.'));
      return;
    }
    const names = [...this.projects.keys()].sort();
    replace(this.root, ...names.map(name => h('article', { class: 'project', 'data-project': name,
      'aria-labelledby': `project-${name}` })));
    names.forEach(name => this.renderProject(name));
  }

  renderProject(name) {
    const card = this.root.querySelector(`[data-project="${CSS.escape(name)}"]`);
    const project = this.projects.get(name);
    if (!card || !project) return;
    const { status, detail } = project;
    const killed = status.desired !== 'RUNNING';
    const header = h('header', {},
      h('h2', { id: `project-${name}`, text: name }),
      h('span', { class: 'meta' }, `version ${status.version} · ${killed ? 'taken down' : 'running'} · changed `,
        h('time', { datetime: status.updated_at, title: status.updated_at }, `${age(status.updated_at)} ago`)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-key': `${name}/update`, text: 'Update',
          onclick: () => this.actions.update(name, (detail && detail.sources) || []) }),
        killed ? null : h('button', { type: 'button', class: 'danger', 'data-key': `${name}/down`,
          text: 'Take down', onclick: () => this.act(`Take project ${name} down? Its tasks are killed.`,
            'DELETE', `/projects/${segment(name)}`) })));
    const table = h('table', {},
      h('thead', {}, h('tr', {}, ['Service', 'Tasks', 'Health', 'State', 'Last change', 'Actions']
        .map(title => h('th', { scope: 'col', text: title })))),
      h('tbody', {}, status.services.flatMap(service => this.serviceRows(name, service, detail))));
    replace(card, header, table);
  }

  serviceRows(project, service, detail) {
    const key = `${project}/${service.service}`;
    const tasks = [...this.tasks.values()].filter(t => t.project === project && t.service === service.service);
    const live = tasks.filter(t => !ENDED.has(t.State));
    const healthy = live.filter(t => t.healthy === true).length;
    const unhealthy = live.filter(t => t.healthy === false).length;
    const planned = (detail.plan || []).find(p => p.service === service.service);
    const last = [service.update && service.update.since, ...tasks.map(t => t.updated_at)].filter(Boolean).sort().pop();
    const up = service.lifecycle === 'JOB' ? service.running + service.finished : service.running;
    const open = this.open.has(key);
    const pending = this.pending.filter(p => p.project === project && p.service === service.service);
    const row = h('tr', { 'data-service': key },
      h('td', { 'data-label': 'Service' }, h('strong', { text: service.service }),
        service.lifecycle === 'JOB' ? h('span', { class: 'muted' }, ' (job)') : null,
        planned && planned.host_ports.length ? h('div', { class: 'muted mono', text: planned.host_ports.join(', ') }) : null),
      h('td', { 'data-label': 'Tasks' }, h('span', { class: `badge ${up >= service.desired ? 'ok' : 'warn'}`,
        'data-role': 'count', text: `${up}/${service.desired}` }),
        service.staging ? h('span', { class: 'muted' }, ` ${service.staging} starting`) : null),
      h('td', { 'data-label': 'Health' }, health(healthy, unhealthy)),
      h('td', { 'data-label': 'State' }, state(service),
        pending.length ? h('div', { class: 'pending', 'data-role': 'pending' },
          `${pending.length} waiting: ${[...new Set(pending.map(p => p.reason))].join('; ')}`) : null,
        service.last_failure ? h('div', { class: 'failure', text: service.last_failure }) : null),
      h('td', { 'data-label': 'Last change' }, last ? h('time', { datetime: last, title: last }, `${age(last)} ago`) : ''),
      h('td', { 'data-label': 'Actions' }, h('div', { class: 'actions' },
        h('button', { type: 'button', 'aria-expanded': String(open), 'data-key': `${key}/tasks`,
          text: `${open ? 'Hide' : 'Show'} tasks (${live.length})`, onclick: () => this.toggle(key) }),
        h('label', { class: 'visually-hidden', for: `scale-${key}`, text: `Replicas of ${service.service}` }),
        h('input', { type: 'number', min: 0, id: `scale-${key}`, 'data-key': `${key}/replicas`,
          value: service.desired, onkeydown: e => { if (e.key === 'Enter') this.scale(project, service.service, e.target); } }),
        h('button', { type: 'button', 'data-key': `${key}/scale`, text: 'Scale',
          onclick: e => this.scale(project, service.service, e.target.previousElementSibling) }),
        h('button', { type: 'button', 'data-key': `${key}/restart`, text: 'Restart',
          onclick: () => this.act(null, 'POST', `/projects/${segment(project)}/services/${segment(service.service)}/restart`) }),
        h('button', { type: 'button', class: 'danger', 'data-key': `${key}/stop`, text: 'Stop',
          onclick: () => this.act(`Stop ${service.service}? Its tasks are killed and it stays at 0 replicas.`,
            'DELETE', `/projects/${segment(project)}/services/${segment(service.service)}`) }))));
    if (!open) return [row];
    return [row, h('tr', { class: 'tasks' }, h('td', { colspan: 6 }, this.taskTable(key, tasks)))];
  }

  taskTable(key, tasks) {
    const live = tasks.filter(t => !ENDED.has(t.State));
    const ended = tasks.filter(t => ENDED.has(t.State))
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, ENDED_SHOWN);
    const shown = [...live.sort((a, b) => a.replica - b.replica), ...ended];
    if (shown.length === 0) return h('p', { class: 'muted', text: 'No task.' });
    return h('table', { 'aria-label': `Tasks of ${key}` },
      h('thead', {}, h('tr', {}, ['Task', 'State', 'Agent', 'Ports', 'Age', 'Message', 'Actions']
        .map(title => h('th', { scope: 'col', text: title })))),
      h('tbody', {}, shown.map(t => h('tr', { 'data-task': t.TaskID },
        h('td', { 'data-label': 'Task' }, h('span', { class: 'mono', text: t.TaskID }),
          h('div', { class: 'muted', text: `replica ${t.replica}, version ${t.project_version}` })),
        h('td', { 'data-label': 'State' }, taskState(t)),
        h('td', { 'data-label': 'Agent', text: t.MesosAgent.hostname || '—' }),
        h('td', { 'data-label': 'Ports', class: 'mono', text: ports(t.host_ports) }),
        h('td', { 'data-label': 'Age' }, h('time', { datetime: t.created_at, title: t.created_at }, age(t.created_at))),
        h('td', { 'data-label': 'Message', text: t.message || '' }),
        h('td', { 'data-label': 'Actions' }, h('div', { class: 'actions' },
          h('button', { type: 'button', 'data-key': `${t.TaskID}/logs`, text: 'Logs',
            onclick: () => this.actions.logs(t) }),
          ENDED.has(t.State) ? null : h('button', { type: 'button', 'data-key': `${t.TaskID}/restart`,
            text: 'Restart', onclick: () => this.act(null, 'POST', `/tasks/${segment(t.TaskID)}/restart`) }),
          ENDED.has(t.State) ? null : h('button', { type: 'button', class: 'danger', 'data-key': `${t.TaskID}/kill`,
            text: 'Kill', onclick: () => this.act(`Kill task ${t.TaskID}?`, 'DELETE', `/tasks/${segment(t.TaskID)}`) })))))));
  }

  toggle(key) {
    if (this.open.has(key)) this.open.delete(key); else this.open.add(key);
    this.renderProject(key.slice(0, key.indexOf('/')));
  }

  scale(project, service, input) {
    const replicas = Number(input.value);
    if (!Number.isInteger(replicas) || replicas < 0) {
      this.actions.notify(`Replicas must be a whole number of 0 or more, not "${input.value}".`, true);
      return;
    }
    this.act(null, 'PUT', `/projects/${segment(project)}/services/${segment(service)}/scale`, { replicas });
  }

  async act(question, method, path, body) {
    if (question && !window.confirm(question)) return;
    try {
      const answer = await call(method, path, body);
      this.actions.notify(answer && answer.message ? answer.message : 'Done.', false);
    } catch (error) {
      this.actions.notify(error.message, true);
    }
  }
}

function health(healthy, unhealthy) {
  if (healthy === 0 && unhealthy === 0) return h('span', { class: 'muted', text: '—' });
  return h('span', {}, healthy ? h('span', { class: 'badge ok', text: `${healthy} healthy` }) : null, ' ',
    unhealthy ? h('span', { class: 'badge bad', text: `${unhealthy} unhealthy` }) : null);
}

function state(service) {
  if (service.update) {
    const bad = service.update.state.startsWith('ROLLBACK') || service.update.state === 'PAUSED';
    const done = service.update.state === 'COMPLETED';
    return h('div', {}, h('span', { class: `badge ${bad ? 'bad' : done ? 'ok' : 'warn'}`,
      text: service.update.state.toLowerCase().replace('_', ' ') }),
    h('div', { class: 'muted', text: service.update.message }));
  }
  if (service.desired === 0) return h('span', { class: 'badge', text: 'stopped' });
  const up = service.lifecycle === 'JOB' ? service.running + service.finished : service.running;
  if (up >= service.desired) return h('span', { class: 'badge ok', text: service.lifecycle === 'JOB' && service.running === 0 ? 'completed' : 'running' });
  if (service.failed > 0) return h('span', { class: 'badge bad', text: `${service.failed} failed` });
  return h('span', { class: 'badge warn', text: 'starting' });
}

function taskState(task) {
  const name = task.State === '__NEW' ? 'waiting' : task.State.replace(/^TASK_/, '').toLowerCase();
  const kind = task.State === 'TASK_RUNNING' ? 'ok'
    : ['TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE'].includes(task.State) ? 'bad'
      : ENDED.has(task.State) ? '' : 'warn';
  const exit = task.exit_code !== undefined && task.exit_code !== null ? ` (exit ${task.exit_code})` : '';
  return h('span', { class: `badge ${kind}`, 'data-role': 'state', text: name + exit });
}

function ports(hostPorts) {
  return Object.entries(hostPorts || {}).sort().map(([key, port]) => `${port}→${key}`).join(', ') || '—';
}
