import type { Request, Response } from 'express';
import { CookieTooLarge, SealedCookie } from './sealed-cookie';

const cookie = new SealedCookie<{ text: string }>('answers', 'a-secret-of-some-length', {
  secure: false,
  maxAgeSeconds: 3600,
});

/** What the browser holds after each Set-Cookie, as a Cookie header. */
function browser() {
  const jar = new Map<string, string>();
  const response = {
    cookie: (name: string, value: string) => jar.set(name, value),
    clearCookie: (name: string) => jar.delete(name),
  } as unknown as Response;
  const request = () =>
    ({
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') },
    }) as unknown as Request;
  return { jar, response, request };
}

it('carries a value larger than one browser cookie in parts, each within the 4 KB a browser keeps', async () => {
  const { jar, response, request } = browser();
  const long = { text: 'Notes from the safeguarding check. '.repeat(150) }; // about 5 KB
  await cookie.write(response, long);
  expect([...jar.keys()]).toEqual(['answers', 'answers.1']);
  for (const value of jar.values()) expect(value.length).toBeLessThan(4000);
  expect(await cookie.read(request())).toEqual(long);

  // A shorter value later leaves no stale part behind.
  await cookie.write(response, { text: 'short' });
  expect([...jar.keys()]).toEqual(['answers']);
  expect(await cookie.read(request())).toEqual({ text: 'short' });
});

it('refuses a value larger than its parts can carry, rather than let the browser drop it', async () => {
  const { jar, response } = browser();
  await expect(cookie.write(response, { text: 'x'.repeat(12_000) })).rejects.toBeInstanceOf(CookieTooLarge);
  expect(jar.size).toBe(0);
});

it('reads a value with a part missing or tampered with as no value', async () => {
  const { jar, response, request } = browser();
  await cookie.write(response, { text: 'y'.repeat(5_000) });
  jar.delete('answers.1');
  expect(await cookie.read(request())).toBeUndefined();
});
