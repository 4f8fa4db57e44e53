import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { TokenVerifier } from './token-verifier';

const SECRET = 'a-local-token-signing-secret-of-32-chars+';
const CLAIMS = { user_name: 'sam.spo', authorities: ['ROLE_PROBATION_SPO'], pdu_codes: ['N07CEN'] };

function hs256(claims: JWTPayload, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('1h')) {
  return build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt()).sign(
    new TextEncoder().encode(SECRET),
  );
}

describe('TokenVerifier (api.md, Authentication)', () => {
  it('accepts a signed token that expires, and reads the user from it', async () => {
    const user = await new TokenVerifier({ AUTH_JWT_SECRET: SECRET }).verify(await hs256(CLAIMS));
    expect(user).toMatchObject({ username: 'sam.spo', roles: ['ROLE_PROBATION_SPO'], pduCodes: ['N07CEN'] });
  });

  it('refuses a token without exp, an expired one, and one signed with another secret', async () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });
    await expect(verifier.verify(await hs256(CLAIMS, (jwt) => jwt))).rejects.toThrow(/exp/);
    await expect(verifier.verify(await hs256(CLAIMS, (jwt) => jwt.setExpirationTime('-1m')))).rejects.toThrow(
      /exp/,
    );
    const other = new TokenVerifier({ AUTH_JWT_SECRET: 'another-secret-that-is-32-characters-long' });
    await expect(other.verify(await hs256(CLAIMS))).rejects.toThrow(/signature/);
  });

  it('checks issuer and audience when they are configured', async () => {
    const verifier = new TokenVerifier({
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: 'hmpps-auth',
      AUTH_AUDIENCE: 'cv',
    });
    const token = (iss: string, aud: string) =>
      hs256(CLAIMS, (jwt) => jwt.setIssuer(iss).setAudience(aud).setExpirationTime('1h'));
    await expect(verifier.verify(await token('hmpps-auth', 'cv'))).resolves.toMatchObject({
      username: 'sam.spo',
    });
    await expect(verifier.verify(await token('someone-else', 'cv'))).rejects.toThrow(/iss/);
    await expect(verifier.verify(await token('hmpps-auth', 'other-service'))).rejects.toThrow(/aud/);
  });

  describe('with a JWKS (production)', () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: Parameters<SignJWT['sign']>[0];

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
      server = createServer((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const rs256 = (issuer: string) =>
      new SignJWT(CLAIMS)
        .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
        .setIssuer(issuer)
        .setExpirationTime('1h')
        .sign(privateKey);

    it("accepts the issuer's tokens and refuses others and the local secret's", async () => {
      const verifier = new TokenVerifier({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'https://auth.example' });
      await expect(verifier.verify(await rs256('https://auth.example'))).resolves.toMatchObject({
        username: 'sam.spo',
      });
      await expect(verifier.verify(await rs256('https://elsewhere.example'))).rejects.toThrow(/iss/);
      // An HS256 token must never pass where the keys are public (the algorithm-confusion attack).
      await expect(
        verifier.verify(await hs256({ ...CLAIMS, iss: 'https://auth.example' })),
      ).rejects.toThrow();
    });
  });
});
