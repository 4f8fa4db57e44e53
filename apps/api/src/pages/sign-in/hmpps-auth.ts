/** Where HMPPS Auth is and who we are to it (AUTH_AUTHORIZE_URL, AUTH_TOKEN_URL, AUTH_CLIENT_*). */
export interface OAuthSettings {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Our callback, under PUBLIC_BASE_URL (never taken from the Host header). */
  redirectUri: string;
}

/** OAuth2 authorization-code sign-in at HMPPS Auth: send the browser there, then swap the code for a token. */
export class HmppsAuth {
  constructor(private readonly settings: OAuthSettings) {}

  authorizeUrl(state: string): string {
    const url = new URL(this.settings.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.settings.redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** The access token for an authorization code; throws when HMPPS Auth refuses it. */
  async exchange(code: string): Promise<string> {
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64');
    const response = await fetch(this.settings.tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.settings.redirectUri,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new Error(`HMPPS Auth answered ${response.status} to the code exchange`);
    }
    return body.access_token;
  }
}
