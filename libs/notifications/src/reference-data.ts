// Who gets what (R14, R16): PDU approvers, court and police mailboxes, the EM Lead. The recipient list is
// configuration (REFERENCE_DATA_PATH), checked in full at start so a bad file stops the app, not a step.
import { readFileSync } from 'node:fs';
import { isEmail } from 'class-validator';
import type { Party } from '../../domain/src/service-levels';

export interface StaffContact {
  username: string;
  name: string;
  email: string;
}

export interface Mailbox {
  name: string;
  email: string;
}

export interface Pdu {
  name: string;
  spo: StaffContact;
  pduHead: StaffContact;
  /** A key of `policeForces`. */
  policeForce: string;
}

export interface ReferenceData {
  /** Key: PDU code (practitioner.pduCode). */
  pdus: Record<string, Pdu>;
  /** Key: court code (order.sentencingCourt.code). */
  courts: Record<string, Mailbox>;
  /** Key: the `policeForce` of a PDU. */
  policeForces: Record<string, Mailbox>;
  /** The regional EM Lead / SPOC: escalations end here (R16). */
  emLead: StaffContact;
}

/** A recipient the reference data does not name: the step stops and the practitioner is told. */
export class MissingMailbox extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'MissingMailbox';
  }
}

/** Reads and checks the file; throws naming the variable, the file and every problem found. */
export function loadReferenceData(path: string): ReferenceData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`REFERENCE_DATA_PATH: cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  const problems = problemsIn(parsed);
  if (problems.length > 0) {
    throw new Error(
      `REFERENCE_DATA_PATH: ${path} is not valid reference data:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return parsed as ReferenceData;
}

export function courtMailbox(data: ReferenceData, courtCode: string): Mailbox {
  const court = data.courts[courtCode];
  if (!court) throw new MissingMailbox(`no court mailbox for court code ${courtCode}`);
  return court;
}

export function policeMailbox(data: ReferenceData, pduCode: string): Mailbox {
  const force = pduOf(data, pduCode).policeForce;
  // loadReferenceData refuses a PDU whose force has no mailbox; this guards hand-built data.
  const mailbox = data.policeForces[force];
  if (!mailbox) throw new MissingMailbox(`no police mailbox for police force ${force} (PDU ${pduCode})`);
  return mailbox;
}

/** The member of staff a message for `party` goes to. The practitioner's address is on the variation. */
export function staffFor(
  data: ReferenceData,
  pduCode: string,
  party: Party,
): { name: string; email: string; username?: string } {
  switch (party) {
    case 'SPO':
      return pduOf(data, pduCode).spo;
    case 'PDU_HEAD':
      return pduOf(data, pduCode).pduHead;
    case 'EM_LEAD':
      return data.emLead;
    case 'PRACTITIONER':
      throw new Error('The practitioner is not in the reference data: use the variation’s practitioner');
  }
}

function pduOf(data: ReferenceData, pduCode: string): Pdu {
  const pdu = data.pdus[pduCode];
  if (!pdu) throw new MissingMailbox(`no reference data for PDU ${pduCode}`);
  return pdu;
}

// Checking: each function returns the problems under `at`, a dotted path a person can find in the file.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function problemsIn(data: unknown): string[] {
  if (!isObject(data)) return ['the file must hold a JSON object'];
  const problems = [
    ...recordProblems(data.pdus, 'pdus', pduProblems),
    ...recordProblems(data.courts, 'courts', mailboxProblems),
    ...recordProblems(data.policeForces, 'policeForces', mailboxProblems),
    ...staffProblems(data.emLead, 'emLead'),
  ];
  // A PDU whose police force has no mailbox would fail every Variation Notice to the police (R14).
  if (isObject(data.pdus) && isObject(data.policeForces)) {
    for (const [code, pdu] of Object.entries(data.pdus)) {
      const force = isObject(pdu) ? pdu.policeForce : undefined;
      if (typeof force === 'string' && force !== '' && !(force in data.policeForces)) {
        problems.push(`pdus.${code}.policeForce: no mailbox in policeForces for "${force}"`);
      }
    }
  }
  return problems;
}

function recordProblems(value: unknown, at: string, entryProblems: (v: unknown, at: string) => string[]) {
  if (!isObject(value)) return [`${at}: must be an object keyed by code`];
  if (Object.keys(value).length === 0) return [`${at}: must name at least one entry`];
  return Object.entries(value).flatMap(([key, entry]) => entryProblems(entry, `${at}.${key}`));
}

function pduProblems(value: unknown, at: string): string[] {
  if (!isObject(value)) return [`${at}: must be an object`];
  return [
    ...textProblems(value.name, `${at}.name`),
    ...staffProblems(value.spo, `${at}.spo`),
    ...staffProblems(value.pduHead, `${at}.pduHead`),
    ...textProblems(value.policeForce, `${at}.policeForce`),
  ];
}

function staffProblems(value: unknown, at: string): string[] {
  if (!isObject(value)) return [`${at}: missing (needs username, name and email)`];
  return [...textProblems(value.username, `${at}.username`), ...mailboxProblems(value, at)];
}

function mailboxProblems(value: unknown, at: string): string[] {
  if (!isObject(value)) return [`${at}: must be an object with name and email`];
  const problems = textProblems(value.name, `${at}.name`);
  if (typeof value.email !== 'string' || value.email.trim() === '') problems.push(`${at}.email: missing`);
  else if (!isEmail(value.email)) problems.push(`${at}.email: "${value.email}" is not an email address`);
  return problems;
}

function textProblems(value: unknown, at: string): string[] {
  return typeof value === 'string' && value.trim() !== '' ? [] : [`${at}: missing`];
}
