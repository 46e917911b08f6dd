import { createRevocableFetch, SignedOutError } from './revocable-fetch.js';

// the API's origin: ?api=https://api.example.com, by default the dev profile's
const baseUrl = new URLSearchParams(location.search).get('api') ?? 'http://localhost:8080';
const $ = (id) => document.getElementById(id);
const show = (value) => { $('output').textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2); };

const reasons = {
  'token-revoked': 'You were signed out (this session was revoked).',
  'session-ended': 'Your session has ended.',
  'logged-out': 'You logged out.',
  'logged-out-everywhere': 'You logged out everywhere.',
};

const render = ({ signedIn, reason }) => {
  $('sign-in').hidden = signedIn;
  $('home').hidden = !signedIn;
  document.body.dataset.state = signedIn ? 'signed-in' : 'signed-out';
  if (!signedIn) $('why').textContent = reasons[reason] ?? '';
};

const client = createRevocableFetch({ baseUrl, onChange: render });
$('api').textContent = baseUrl;
render({ signedIn: client.isSignedIn() });

const call = async (path, init) => {
  try {
    const response = await client.api(path, init);
    show(response.status === 204 ? `${response.status}` : await response.json());
  } catch (error) {
    if (!(error instanceof SignedOutError)) show(String(error));
  }
};

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = await client.login(form.get('username'), form.get('password'));
  show(result.ok ? 'Logged in' : `Login refused: ${result.type ?? result.status}`);
});
$('me').addEventListener('click', () => call('/api/me'));
$('sessions').addEventListener('click', () => call('/auth/sessions'));
$('logout').addEventListener('click', async () => show(`logout: ${await client.logout()}`));
$('logout-all').addEventListener('click', async () => show(`logout everywhere: ${await client.logoutEverywhere()}`));
