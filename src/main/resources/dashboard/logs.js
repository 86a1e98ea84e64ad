// A task's output, followed live: the last lines, then whatever the task writes, until it ends.

import { followLog } from './api.js';

const TAIL = 500;
const MAX_CHARS = 1 << 20; // older output is dropped beyond this, as a terminal's scrollback

export class LogViewer {
  constructor() {
    this.dialog = document.getElementById('logs');
    this.title = document.getElementById('logs-title');
    this.output = document.getElementById('logs-output');
    this.state = document.getElementById('logs-state');
    this.source = null;
    this.task = null;
    document.getElementById('logs-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.stop());
    for (const radio of this.dialog.querySelectorAll('input[name=stream]')) {
      radio.addEventListener('change', () => this.follow());
    }
  }

  open(task) {
    this.task = task;
    this.title.textContent = `Logs of ${task.service} #${task.replica} (${task.TaskID})`;
    this.dialog.querySelector('input[value=stdout]').checked = true;
    this.dialog.showModal();
    this.follow();
    this.output.focus();
  }

  follow() {
    this.stop();
    const stream = this.dialog.querySelector('input[name=stream]:checked').value;
    this.output.textContent = '';
    this.state.textContent = `following ${stream}…`;
    const source = followLog(this.task.TaskID, stream, TAIL);
    this.source = source;
    source.addEventListener('log', event => this.append(JSON.parse(event.data).data));
    source.addEventListener('problem', event => {
      this.state.textContent = `cannot read the task's ${stream} now: ${JSON.parse(event.data).error}`;
    });
    source.addEventListener('end', event => {
      this.state.textContent = `${stream} complete: ${JSON.parse(event.data).reason}`;
      source.close();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED || this.source !== source) return;
      this.state.textContent = 'the connection to the framework broke; close and open the logs again';
      source.close(); // a reconnect would start again from the tail and repeat lines
    });
  }

  append(text) {
    const atBottom = this.output.scrollTop + this.output.clientHeight >= this.output.scrollHeight - 4;
    let all = this.output.textContent + text;
    if (all.length > MAX_CHARS) all = all.slice(all.length - MAX_CHARS);
    this.output.textContent = all;
    if (atBottom) this.output.scrollTop = this.output.scrollHeight;
  }

  stop() {
    if (this.source) this.source.close();
    this.source = null;
  }
}
