// The sign-in form: posts to the console's form login with the CSRF token from the cookie this page's own answer
// set, then opens the console.

import { headers } from './api.js';

document.documentElement.dataset.theme = localStorage.getItem('console.theme') || 'auto';

const form = document.getElementById('login');
const error = document.getElementById('login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const response = await fetch('login', {
    method: 'POST',
    headers: { ...headers('POST'), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form)),
    credentials: 'same-origin',
  });
  if (response.status === 204) {
    location.assign('./');
    return;
  }
  error.textContent = response.status === 401 ? 'Wrong user name or password.'
    : response.status === 403 ? 'The sign-in form expired: reload the page and try again.'
      : response.status === 429
        ? `Too many failed sign-ins from this address: try again in ${response.headers.get('Retry-After') || 'a few'} s.`
        : `Sign-in failed (HTTP ${response.status}).`;
  document.getElementById('password').select();
});

document.getElementById('username').focus();
