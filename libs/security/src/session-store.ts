import connectPgSimple from 'connect-pg-simple';
import session, { type SessionData } from 'express-session';
import type { Pool } from 'pg';
import { decrypt, encrypt } from '../../temporal/src/payload-codec';

const PgStore = connectPgSimple(session);

/** What is kept of a session: its cookie's expiry in the clear (the store prunes by it), the rest sealed. */
interface StoredSession {
  cookie: SessionData['cookie'];
  keyId: string;
  sealed: string;
}

type Callback<T = void> = (error?: unknown, value?: T) => void;

/**
 * The pages' sessions in PostgreSQL (connect-pg-simple, a well-kept store), with what each holds (the
 * user's token, a journey's answers: names and addresses) encrypted by the application under the
 * payload key ring, so a dump, a replica or a backup gives nothing away (R17). A session sealed
 * under a key no longer in the ring is no session: its user signs in again.
 */
export class EncryptedSessionStore extends PgStore {
  constructor(
    pool: Pool,
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly writeKeyId: string,
  ) {
    super({ pool, tableName: 'page_sessions', pruneSessionInterval: 15 * 60 });
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    super.get(sid, (error: unknown, found?: SessionData | null) => {
      const stored = found as unknown as StoredSession | null | undefined;
      if (error || !stored) return callback(error, null);
      const key = this.keys.get(stored.keyId);
      if (!key) return callback(undefined, null);
      const data = JSON.parse(Buffer.from(decrypt(key, Buffer.from(stored.sealed, 'base64'))).toString());
      callback(undefined, { ...data, cookie: stored.cookie } as SessionData);
    });
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const { cookie, ...rest } = data;
    const key = this.keys.get(this.writeKeyId)!;
    const sealed = encrypt(key, Buffer.from(JSON.stringify(rest))).toString('base64');
    const stored: StoredSession = { cookie, keyId: this.writeKeyId, sealed };
    super.set(sid, stored as unknown as SessionData, callback);
  }
}
