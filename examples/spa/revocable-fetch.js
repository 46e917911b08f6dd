// revocable-fetch.js: fetch for an API whose tokens can be revoked. Copy it; no dependencies.
//
// - attaches the bearer token; refreshes once when it has expired, then retries once;
// - one refresh at a time across every tab of the origin (Web Locks): a tab that waited
//   for the lock uses the tokens the other tab got instead of spending the refresh token
//   again (which the server would take for theft and answer by ending the session);
// - "revoked", "session ended" and "invalid" mean signed out: no refresh is tried, the
//   tokens are dropped, and every other tab is told (BroadcastChannel, the storage event as a
//   second signal). A message carries the new tokens: localStorage reaches other tabs later
//   than a message may, and a tab must never act on a stale copy (same origin only).
// Tokens live in localStorage by default so that tabs share one session; see the README's
// "Frontend apps" for the XSS trade-off and the memory-only alternative.

const PROBLEM = 'tag:jwt-revocation.dev,2026:problem:';
const SIGNED_OUT = new Set(['token-revoked', 'token-invalid', 'session-ended', 'authentication-required']);

export function createRevocableFetch({ baseUrl, onChange = () => {}, storage = globalThis.localStorage,
    name = 'revocable-fetch' }) {
  const channel = new BroadcastChannel(name);
  const read = () => JSON.parse(storage?.getItem(name) ?? 'null');
  let tokens = read();
  // what another tab last announced: storage reaches other tabs later than a message can
  let announced;

  const save = (next, reason) => {
    tokens = next;
    if (next) storage?.setItem(name, JSON.stringify(next));
    else storage?.removeItem(name);
    channel.postMessage({ signedIn: !!next, reason, tokens: next });
    onChange({ signedIn: !!next, reason });
  };
  const fromOtherTab = (reason) => {
    tokens = read();
    onChange({ signedIn: !!tokens, reason, fromOtherTab: true });
  };
  channel.onmessage = ({ data }) => {
    announced = data.tokens;
    tokens = data.tokens;
    onChange({ signedIn: data.signedIn, reason: data.reason, fromOtherTab: true });
  };
  // the newest tokens this tab knows of: announced by another tab, or in storage
  const newest = (stale) => {
    const stored = read();
    return (announced !== undefined && stored?.access === stale) ? announced : stored;
  };
  // a second signal for the same change, should a message be late or the channel missing
  globalThis.addEventListener?.('storage', (event) => { if (event.key === name) fromOtherTab('storage'); });

  const problemType = async (response) => {
    if (!(response.headers.get('Content-Type') ?? '').includes('problem+json')) return null;
    const body = await response.clone().json().catch(() => ({}));
    return (body.type ?? '').startsWith(PROBLEM) ? body.type.slice(PROBLEM.length) : null;
  };

  const post = (path, body, token) => fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });

  const remember = async (response) => {
    const body = await response.json();
    return { access: body.access_token, refresh: body.refresh_token, expiresAt: Date.now() + body.expires_in * 1000 };
  };

  // Single flight across tabs: whoever holds the lock refreshes; the others find new tokens.
  const refresh = (stale) => {
    const asked = Date.now();
    return navigator.locks.request(`${name}:refresh`, async () => {
      let current = newest(stale);
      if (current?.access === stale && Date.now() - asked > 5) {
        // we waited for another tab's refresh: give its tokens a moment to arrive
        await new Promise((resolve) => setTimeout(resolve, 250));
        current = newest(stale);
      }
      if (!current) return null;
      if (current.access !== stale) return (tokens = current);
      const response = await post('/auth/refresh', { refresh_token: current.refresh });
      if (response.ok) {
        save(await remember(response), 'refreshed');
        return tokens;
      }
      if (response.status === 401) save(null, (await problemType(response)) ?? 'session-ended');
      else throw new Error(`refresh answered ${response.status}`); // 429, 503: still signed in, retry later
      return null;
    });
  };

  async function api(path, init = {}) {
    tokens = read();
    if (!tokens) {
      onChange({ signedIn: false, reason: 'signed-out' });
      throw new SignedOutError('signed-out');
    }
    if (Date.now() >= tokens.expiresAt && !(await refresh(tokens.access))) throw new SignedOutError('session-ended');
    for (let attempt = 0; ; attempt++) {
      const sent = tokens.access;
      const response = await fetch(baseUrl + path, {
        ...init, headers: { ...init.headers, Authorization: `Bearer ${sent}` },
      });
      if (response.status !== 401) return response;
      const type = await problemType(response);
      if (type === 'token-expired' && attempt === 0) {
        if (await refresh(sent)) continue;
        throw new SignedOutError('session-ended');
      }
      if (SIGNED_OUT.has(type) || type === 'token-expired') save(null, type);
      throw new SignedOutError(type ?? 'unauthorized');
    }
  }

  return {
    api,
    isSignedIn: () => !!read(),
    async login(username, password) {
      const response = await post('/auth/login', { username, password });
      if (!response.ok) return { ok: false, type: await problemType(response), status: response.status };
      save(await remember(response), 'signed-in');
      return { ok: true };
    },
    // Revokes server side first; the local copy goes whatever the answer, the server's too on 401.
    async logout(path = '/auth/logout') {
      const current = read();
      const response = current && await post(path, null, current.access).catch(() => null);
      save(null, path === '/auth/logout' ? 'logged-out' : 'logged-out-everywhere');
      return response?.status ?? 0;
    },
    logoutEverywhere() { return this.logout('/auth/logout-all'); },
  };
}

export class SignedOutError extends Error {
  constructor(reason) { super(`signed out: ${reason}`); this.reason = reason; }
}
