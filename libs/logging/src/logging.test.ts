import { Writable } from 'node:stream';
import pino from 'pino';
import { loggedPath, loggerOptions, logLevel } from './logging';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logs (R17: no personal data, no credentials)', () => {
  it('redacts credentials and personal data that reach a log object by mistake', () => {
    const { lines, stream } = capture();
    const log = pino(loggerOptions('test', {}), stream);
    log.info(
      {
        req: { headers: { authorization: 'Bearer eyJ.secret', cookie: 'session=abc' } },
        person: { crn: 'X123456', lastName: 'Jones' },
        notice: { address: { line1: '1 High Street' }, token: 'tok-123' },
        variationId: 'variation-1',
      },
      'logged',
    );
    const entry = JSON.parse(lines[0]);
    expect(lines[0]).not.toMatch(/eyJ\.secret|session=abc|X123456|Jones|High Street|tok-123/);
    expect(entry).toMatchObject({ level: 'info', msg: 'logged', variationId: 'variation-1', name: 'test' });
    expect(entry.person).toBe('[redacted]');
  });

  it('logs request paths without the query string, a decision link token or a CRN', () => {
    expect(loggedPath('/variations?crn=X123456')).toBe('/variations');
    expect(loggedPath('/users/alex.smith/access/X123456')).toBe('/users/alex.smith/access/:crn');
    expect(loggedPath('/case/T000001')).toBe('/case/:crn');
    expect(loggedPath('/admin/people/X123456/orders')).toBe('/admin/people/:crn/orders');
    expect(loggedPath('/decisions/eyJhbGc.abc/decide')).toBe('/decisions/:token/decide');
    expect(loggedPath('/variations/variation-1')).toBe('/variations/variation-1');
  });

  it('refuses an unknown LOG_LEVEL, naming it', () => {
    expect(logLevel({})).toBe('info');
    expect(logLevel({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => logLevel({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be one of/);
  });
});
