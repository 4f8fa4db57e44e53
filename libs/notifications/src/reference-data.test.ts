import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  courtMailbox,
  loadReferenceData,
  MissingMailbox,
  policeMailbox,
  staffFor,
  type ReferenceData,
} from './reference-data';

const SAMPLE = resolve(__dirname, '../../../config/reference-data.sample.json');
const dir = mkdtempSync(join(tmpdir(), 'reference-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample, changed by `edit`, written to a file of its own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test breaks the file's shape at will
function fileWith(edit: (data: any) => void): string {
  const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  edit(data);
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

function problemsOf(path: string): string {
  try {
    loadReferenceData(path);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('loading the reference data (R14)', () => {
  it('loads the sample that ships', () => {
    const data = loadReferenceData(SAMPLE);
    expect(data.pdus.N07CEN).toMatchObject({
      name: 'Leeds',
      spo: { username: 'sam.spo' },
      pduHead: { username: 'pat.head' },
      policeForce: 'west-yorkshire',
    });
    expect(data.courts.B01LY).toEqual({
      name: "Example Magistrates' Court",
      email: 'leeds.mc@courts.example',
    });
    expect(Object.keys(data.pdus).length).toBeGreaterThan(1);
  });

  it('names the variable and the file when the file cannot be read or is not JSON', () => {
    const missing = join(dir, 'nowhere.json');
    expect(problemsOf(missing)).toMatch(/^REFERENCE_DATA_PATH: cannot read .*nowhere\.json/);
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{ "pdus": ');
    expect(problemsOf(garbled)).toContain(`REFERENCE_DATA_PATH: cannot read ${garbled} as JSON`);
  });

  it('refuses a bad email address, naming where it is', () => {
    const path = fileWith((d) => (d.pdus.N07CEN.spo.email = 'not-an-email'));
    const message = problemsOf(path);
    expect(message).toContain(`REFERENCE_DATA_PATH: ${path} is not valid reference data`);
    expect(message).toContain('pdus.N07CEN.spo.email: "not-an-email" is not an email address');
  });

  it('refuses a PDU whose police force has no mailbox', () => {
    const path = fileWith((d) => (d.pdus.N07CEN.policeForce = 'west-yorks'));
    expect(problemsOf(path)).toContain(
      'pdus.N07CEN.policeForce: no mailbox in policeForces for "west-yorks"',
    );
  });

  it('refuses missing fields and sections', () => {
    expect(problemsOf(fileWith((d) => delete d.emLead))).toContain('emLead: missing');
    expect(problemsOf(fileWith((d) => delete d.courts.B01LY.email))).toContain('courts.B01LY.email: missing');
    expect(problemsOf(fileWith((d) => delete d.pdus.N07CEN.pduHead))).toContain(
      'pdus.N07CEN.pduHead: missing',
    );
    expect(problemsOf(fileWith((d) => (d.pdus.N07CEN.spo.username = ' ')))).toContain(
      'pdus.N07CEN.spo.username: missing',
    );
    expect(problemsOf(fileWith((d) => delete d.policeForces))).toContain('policeForces: must be an object');
    expect(problemsOf(fileWith((d) => (d.courts = {})))).toContain('courts: must name at least one entry');
  });

  it('reports every problem at once', () => {
    const path = fileWith((d) => {
      d.courts.B01LY.email = 'court@';
      delete d.pdus.N07SHF.name;
      d.emLead.email = 'em lead@probation.example';
    });
    const lines = problemsOf(path).split('\n').slice(1);
    expect(lines).toEqual([
      '  pdus.N07SHF.name: missing',
      '  courts.B01LY.email: "court@" is not an email address',
      '  emLead.email: "em lead@probation.example" is not an email address',
    ]);
  });

  it('refuses a file that is not an object', () => {
    const path = join(dir, 'list.json');
    writeFileSync(path, '[]');
    expect(problemsOf(path)).toContain('the file must hold a JSON object');
  });
});

describe('finding recipients', () => {
  const data: ReferenceData = loadReferenceData(SAMPLE);

  it('finds the court mailbox by court code, and says which is missing', () => {
    expect(courtMailbox(data, 'B01LY').email).toBe('leeds.mc@courts.example');
    expect(() => courtMailbox(data, 'B99XX')).toThrow(MissingMailbox);
    expect(() => courtMailbox(data, 'B99XX')).toThrow('no court mailbox for court code B99XX');
  });

  it("finds the police mailbox through the PDU's police force", () => {
    expect(policeMailbox(data, 'N07CEN').email).toBe('west.yorkshire.curfews@police.example');
    const missing = catchError(() => policeMailbox(data, 'N99XXX'));
    expect(missing).toBeInstanceOf(MissingMailbox);
    expect((missing as MissingMailbox).what).toBe('no reference data for PDU N99XXX');
  });

  it('finds the SPO and PDU Head of the PDU, and the EM Lead (R13, R16)', () => {
    expect(staffFor(data, 'N07CEN', 'SPO')).toMatchObject({
      username: 'sam.spo',
      email: 'spo.leeds@probation.example',
    });
    expect(staffFor(data, 'N07CEN', 'PDU_HEAD')).toMatchObject({ username: 'pat.head' });
    expect(staffFor(data, 'N07CEN', 'EM_LEAD')).toEqual(data.emLead);
    expect(() => staffFor(data, 'N99XXX', 'SPO')).toThrow(MissingMailbox);
  });

  it('refuses to look up the practitioner, whose address is on the variation', () => {
    const error = catchError(() => staffFor(data, 'N07CEN', 'PRACTITIONER'));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(MissingMailbox);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
