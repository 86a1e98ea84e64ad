// Deploying or updating a project: paste or upload a compose file, see what it would change (or why it is
// refused, at file:line:column), then confirm. The files are checked by the framework, exactly as a deploy would.

import { call, segment } from './api.js';
import { h, replace } from './dom.js';

export class ApplyDialog {
  /** @param notify (text, isError) → shows a message on the page */
  constructor(notify) {
    this.notify = notify;
    this.dialog = document.getElementById('apply');
    this.project = document.getElementById('apply-project');
    this.text = document.getElementById('apply-text');
    this.upload = document.getElementById('apply-upload');
    this.result = document.getElementById('apply-result');
    this.confirm = document.getElementById('apply-confirm');
    this.fileName = 'compose.yaml';
    this.others = []; // a project's earlier files, sent unchanged before the one edited here
    this.checked = null; // the request the shown changes are for; Deploy sends exactly it
    this.upload.addEventListener('change', () => this.read());
    this.text.addEventListener('input', () => this.stale());
    this.project.addEventListener('input', () => this.stale());
    document.getElementById('apply-check').addEventListener('click', () => this.check());
    this.confirm.addEventListener('click', () => this.deploy());
    document.getElementById('apply-cancel').addEventListener('click', () => this.dialog.close());
  }

  /** Opens empty, or with a project's files to update it (the last file is edited, earlier ones kept). */
  open(project = '', sources = []) {
    this.project.value = project;
    this.project.readOnly = project !== '';
    this.others = sources.slice(0, -1);
    const last = sources[sources.length - 1];
    this.fileName = last ? last.name : 'compose.yaml';
    this.text.value = last ? last.content : '';
    this.upload.value = '';
    this.stale();
    if (this.others.length) {
      replace(this.result, h('p', { class: 'hint', text: `Editing ${this.fileName}; the project's other files `
        + `(${this.others.map(f => f.name).join(', ')}) are sent unchanged.` }));
    }
    this.dialog.showModal();
    (project ? this.text : this.project).focus();
  }

  async read() {
    const file = this.upload.files[0];
    if (!file) return;
    this.fileName = file.name;
    this.others = [];
    this.text.value = await file.text();
    this.stale();
  }

  stale() {
    this.checked = null;
    this.confirm.disabled = true;
    replace(this.result);
  }

  request() {
    return { files: [...this.others, { name: this.fileName, content: this.text.value }], variables: {} };
  }

  async check() {
    const project = this.project.value.trim();
    if (!this.project.checkValidity() || project === '') {
      this.show(h('p', { class: 'failure', text: 'Name the project: letters, digits, "-" or "_".' }));
      this.project.focus();
      return;
    }
    const request = this.request();
    try {
      const diff = await call('POST', `/projects/${segment(project)}/diff`, request);
      this.checked = { project, request };
      this.confirm.disabled = diff.unchanged;
      this.show(changes(diff), diagnostics(diff.warnings, 'Warnings'));
      (diff.unchanged ? this.text : this.confirm).focus();
    } catch (error) {
      this.refused(error);
    }
  }

  async deploy() {
    if (!this.checked) return;
    const { project, request } = this.checked;
    this.confirm.disabled = true;
    try {
      const answer = await call('PUT', `/projects/${segment(project)}`, request);
      this.dialog.close();
      this.notify(`Project ${answer.project}: version ${answer.version} accepted.`, false);
    } catch (error) {
      this.refused(error);
    }
  }

  refused(error) {
    this.checked = null;
    this.confirm.disabled = true;
    this.show(h('p', { class: 'failure', 'data-role': 'refused', text: error.message }),
      diagnostics(error.diagnostics, null));
  }

  show(...nodes) {
    replace(this.result, ...nodes.filter(Boolean));
  }
}

/** The diff, one line per service. */
function changes(diff) {
  const title = diff.current_version ? `Version ${diff.current_version} runs now. Deploying would:`
    : 'The project does not run. Deploying would start:';
  return h('div', { class: 'diff', 'data-role': 'diff' }, h('p', { text: title }),
    h('ul', {}, diff.services.map(s => h('li', { 'data-service': s.service },
      h('span', { class: 'change', text: `${s.service}: ${verb(s)}` }),
      s.reasons.length ? h('span', { text: ` — ${s.reasons.join('; ')}` }) : null))),
    diff.unchanged ? h('p', { class: 'hint', text: 'Nothing would change.' }) : null);
}

function verb(s) {
  const replicas = n => `${n} replica${n === 1 ? '' : 's'}`;
  switch (s.change) {
    case 'UNCHANGED': return `unchanged (${replicas(s.replicas_after)})`;
    case 'SCALED': return `scaled ${s.replicas_before} → ${s.replicas_after}`;
    case 'ADDED': return `added (${replicas(s.replicas_after)})`;
    case 'REMOVED': return `removed (${s.tasks_replaced} tasks stopped)`;
    case 'REPLACED': return `replaced (${s.tasks_replaced} tasks)`
      + (s.replicas_before !== s.replicas_after ? `, scaled ${s.replicas_before} → ${s.replicas_after}` : '');
    default: return s.change.toLowerCase();
  }
}

/** Each finding at its place: file:line:column, the message, the hint. */
function diagnostics(list, title) {
  if (!list || list.length === 0) return null;
  return h('div', {}, title ? h('h3', { text: title }) : null,
    h('ul', { class: 'diagnostics', 'data-role': 'diagnostics' }, list.map(d => h('li', { class: d.severity },
      h('span', { class: 'where mono', text: `${d.file}:${d.line}:${d.column}` }),
      ` ${d.severity}: ${d.service ? `service "${d.service}": ` : ''}${d.field ? `${d.field}: ` : ''}${d.message}`,
      d.hint ? h('div', { class: 'hint', text: d.hint }) : null))));
}
