// Signing in on the local sign-in page (LOCAL_SIGN_IN) over plain HTTP, as a browser does: for tests and the bench.

/** Signs in as `role` in `pdu`; answers the session's cookie header. */
export async function signedIn(baseUrl: string, role: string, pdu = 'N07CEN'): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const preSession = form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: preSession.join('; ') },
    body: new URLSearchParams({ role, pdu, csrf }),
  });
  if (answer.status !== 303) throw new Error(`Signing in as ${role} answered ${answer.status}`);
  return answer.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** The page's CSRF field, for a form posted from it. */
export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];
