// A real OpenID Connect provider for crm's single sign-on tests (oidc-provider from npm).
//
// Started by tests/servers/oidc_server.py with:
//   PORT            port on 127.0.0.1 (the issuer is http://127.0.0.1:PORT)
//   CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS, POST_LOGOUT_REDIRECT_URIS (comma-separated)
//   ACCOUNTS        JSON {email: {password, name, groups: [...]}}
// One static confidential client (authorization code, PKCE S256 required), a login page that
// checks the accounts' passwords, the claims sub / email / name / groups, and RP-initiated
// logout. Prints "ready <issuer>" when it listens.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const list = (name) => (process.env[name] || '').split(',').filter(Boolean);

const key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  .export({ format: 'jwk' });

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}input{padding:.4rem}button{padding:.5rem}</style>
</head><body><h1>Test-Anmeldedienst</h1>${body}</body></html>`;

const configuration = {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: list('REDIRECT_URIS'),
    post_logout_redirect_uris: list('POST_LOGOUT_REDIRECT_URIS'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [{ ...key, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { methods: ['S256'], required: () => true },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: true,
          name: account.name,
          groups: account.groups || [],
        };
      },
    };
  },
  // a first-party client: no consent screen, the requested scopes are granted
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Abmelden', `<p>Vom Test-Anmeldedienst abmelden?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, abmelden</button>`);
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Fehler', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
};

const provider = new Provider(issuer, configuration);
const handle = provider.callback();

const loginForm = (uid, error = '', email = '') => page('Anmelden', `
<form method="post" action="/interaction/${escape(uid)}/login">
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<label for="login">Benutzername</label><input id="login" name="login" value="${escape(email)}" autofocus>
<label for="password">Kennwort</label><input id="password" name="password" type="password">
<button type="submit">Beim Anmeldedienst anmelden</button>
</form>`);

const readForm = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
  req.on('error', reject);
});

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(loginForm(details.uid));
    return;
  }
  const form = await readForm(req);
  const login = (form.get('login') || '').trim().toLowerCase();
  const account = accounts[login];
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(loginForm(details.uid, 'Benutzername oder Kennwort falsch.', login));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: login } },
    { mergeWithLastSubmission: false });
}

http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    });
    return;
  }
  handle(req, res);
}).listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
