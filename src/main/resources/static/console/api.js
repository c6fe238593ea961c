// The page's only way to the API: relative URLs (the page may sit under a proxy's sub-path), the session cookie,
// the CSRF token echoed from its cookie on every state-changing request, and X-Requested-With so that a 401 comes
// without the Basic challenge (no browser password dialog over the page).

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

export function headers(method) {
  const result = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = cookie('XSRF-TOKEN');
    if (token) {
      result['X-XSRF-TOKEN'] = token;
    }
  }
  return result;
}

export async function api(path, { method = 'GET', query, body } = {}) {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, value);
    }
  }
  const init = { method, headers: headers(method), credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401 && path !== 'api/v1/me') {
    location.assign('login.html');
  }
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}
