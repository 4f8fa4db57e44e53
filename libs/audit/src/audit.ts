// R17 (DPA 2018 s.62): every view, decision and disclosure of a PoP's data is recorded with who,
// when, what and why. Kept apart from ordinary logs; it names the variation, never the person.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditEvent {
  /** Who: a username, or the party acting without one ("decision-link:sam.spo", "ems-provider"). */
  who: string;
  what: 'VIEW' | 'SEARCH' | 'DECISION' | 'ACTION' | 'DISCLOSURE' | 'DELETE';
  /** The variation concerned (an opaque id), where there is one. */
  variationId?: string;
  /** Where no variation names them: the person, as the keyed hash of their CRN (never the CRN). */
  person?: string;
  /** Why, in a few words: the call made, the step decided, the recipient disclosed to. */
  why: string;
}

/** Where audit events go: JSON lines locally; the HMPPS audit service's queue in production. */
export abstract class AuditSink {
  abstract record(event: AuditEvent): void;
}

/** Appends one JSON line per event. Each append is a single write, so two processes may share the file. */
export class JsonLinesAuditSink extends AuditSink {
  constructor(private readonly path: string) {
    super();
    mkdirSync(dirname(path), { recursive: true });
  }

  record(event: AuditEvent): void {
    appendFileSync(this.path, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
  }
}
