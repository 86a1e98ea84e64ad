// The dashboard: projects, services and tasks of this framework, kept current from its event stream.

import { call, events } from './api.js';
import { ApplyDialog } from './apply.js';
import { h, replace } from './dom.js';
import { LogViewer } from './logs.js';
import { Projects } from './projects.js';

const notice = document.getElementById('notice');
const connection = document.getElementById('connection');

function notify(text, isError) {
  notice.textContent = text;
  notice.classList.toggle('info', !isError);
  notice.hidden = false;
}

function showConnection(subscribed, detail) {
  connection.classList.toggle('up', subscribed);
  connection.classList.toggle('down', !subscribed);
  if (subscribed && /^https?:\/\//.test(detail)) {
    replace(connection, 'Subscribed to the Mesos master ', h('a', { href: detail, rel: 'noreferrer', text: detail }));
  } else {
    replace(connection, subscribed ? 'Subscribed to a Mesos master' : `Not subscribed to a Mesos master${detail ? `: ${detail}` : ''}`);
  }
}

const logs = new LogViewer();
const apply = new ApplyDialog(notify);
const projects = new Projects(document.getElementById('projects'), {
  notify,
  logs: task => logs.open(task),
  update: (project, sources) => apply.open(project, sources),
});
document.getElementById('open-apply').addEventListener('click', () => apply.open());

async function reload() {
  try {
    await projects.load();
  } catch (error) {
    notify(`Cannot read the projects: ${error.message}`, true);
  }
}

events({
  task: task => projects.onTask(task),
  service: status => projects.onService(status),
  project: change => projects.onProject(change).catch(error => notify(error.message, true)),
  connection: c => showConnection(c.subscribed, c.detail),
  reconnected: reload,
  broken: () => showConnection(false, 'the event stream to this page broke; reconnecting'),
});
fetch(`${location.origin}/health`).then(r => r.json()).then(health => {
  if (!connection.classList.contains('up') && !connection.classList.contains('down')) {
    showConnection(health.master_connected, health.detail);
  }
}).catch(() => {});
reload();
setInterval(() => projects.render(), 30000); // ages ("5 min ago") move on without any event
