import { ServiceUnavailableException } from '@nestjs/common';
import { recordUnavailable } from '../../../../libs/record/src/unavailable';

/** 503: the record's database is not answering; lists and figures come back with it. */
export class RecordUnavailable extends ServiceUnavailableException {
  constructor() {
    super({
      error: 'SERVICE_UNAVAILABLE',
      message: "The record's database is not answering. Nothing was lost; try again in a few seconds.",
    });
  }
}

/** Reads the record, turning "the database is away" into a 503 that says so (Retry-After is set for every 503). */
export async function fromRecord<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (recordUnavailable(error)) throw new RecordUnavailable();
    throw error;
  }
}
