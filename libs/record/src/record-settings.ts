import { Matches } from 'class-validator';

/** DATABASE_URL, the record's PostgreSQL: required by the api and the worker alike. */
export const IsDatabaseUrl = () =>
  Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' });
