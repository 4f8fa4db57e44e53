import { DecisionLinks, LinkExpired, LinkInvalid } from './decision-links';

const link = {
  variationId: '6f1c0000-0000-4000-8000-000000000000',
  step: 'TRIAGE' as const,
  approver: { username: 'sam.spo', name: 'Sam Spo' },
  round: 0,
};

describe('decision links', () => {
  const links = new DecisionLinks('a-secret-of-thirty-two-characters!!', '7d');

  it('opens what it issued', async () => {
    expect(await links.open(await links.issue(link))).toEqual(link);
  });

  it('shows nothing of the case or the approver in the token', async () => {
    const token = await links.issue(link);
    const visible = token
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ');
    expect(visible).not.toMatch(/sam\.spo|Sam Spo|6f1c0000|TRIAGE/);
  });

  it('refuses a tampered token, one from another secret, and rubbish', async () => {
    const token = await links.issue(link);
    const parts = token.split('.');
    parts[3] = `${parts[3].slice(0, -2)}${parts[3].endsWith('A') ? 'B' : 'A'}A`;
    await expect(links.open(parts.join('.'))).rejects.toBeInstanceOf(LinkInvalid);
    const other = new DecisionLinks('another-secret-of-thirty-two-chars!', '7d');
    await expect(other.open(token)).rejects.toBeInstanceOf(LinkInvalid);
    await expect(links.open('not-a-token')).rejects.toBeInstanceOf(LinkInvalid);
  });

  it('opens a link issued under a previous secret while it is being rotated, and issues under the new one', async () => {
    const before = await links.issue(link);
    const rotated = new DecisionLinks('a-new-secret-of-thirty-two-characters', '7d', [
      'a-secret-of-thirty-two-characters!!',
    ]);
    expect(await rotated.open(before)).toEqual(link);
    await expect(links.open(await rotated.issue(link))).rejects.toBeInstanceOf(LinkInvalid);
    const expired = new DecisionLinks('a-secret-of-thirty-two-characters!!', '-1s');
    await expect(rotated.open(await expired.issue(link))).rejects.toBeInstanceOf(LinkExpired);
    await expect(rotated.open('not-a-token')).rejects.toBeInstanceOf(LinkInvalid);
  });

  it('refuses an expired token as expired', async () => {
    const expired = new DecisionLinks('a-secret-of-thirty-two-characters!!', '-1s');
    await expect(links.open(await expired.issue(link))).rejects.toBeInstanceOf(LinkExpired);
  });
});
