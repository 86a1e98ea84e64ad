// The v1 API of the framework this page comes from. The browser sends the credentials it was asked for once.

// Absolute, from the origin: a page opened as http://user:password@host/ui would otherwise resolve every relative
// URL with the credentials in it, which fetch() refuses.
const V1 = `${location.origin}/api/compose/v1`;

/** An error answer: its status, message and (for a refused compose file) the diagnostics with their positions. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.diagnostics = (body && body.diagnostics) || [];
  }
}

/** One call; resolves with the JSON answer, rejects with an ApiError. */
export async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(V1 + path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { error: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const segment = encodeURIComponent;

/**
 * Follows the framework's events: handlers.task / .service / .project / .connection get each event's data;
 * handlers.reconnected is called when the stream comes back after a break (events may have been missed).
 */
export function events(handlers) {
  const source = new EventSource(V1 + '/events');
  let opened = false;
  source.addEventListener('open', () => {
    if (opened && handlers.reconnected) handlers.reconnected();
    opened = true;
  });
  for (const name of ['task', 'service', 'project', 'connection']) {
    source.addEventListener(name, event => handlers[name] && handlers[name](JSON.parse(event.data)));
  }
  source.addEventListener('error', () => handlers.broken && handlers.broken());
  return source;
}

/** Follows a task's stdout or stderr from its last `tail` lines: "log", "problem" and "end" events. */
export function followLog(taskId, stream, tail) {
  return new EventSource(`${V1}/tasks/${segment(taskId)}/logs?follow=true&stream=${stream}&tail=${tail}`);
}
