import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, parseEncryptionKeys } from './payload-codec';
import type { TemporalSettings } from './temporal-settings';

/** The one data converter of the client, the worker and the tests: every payload, and every failure's message, encrypted. */
export function dataConverter(
  settings: Pick<TemporalSettings, 'PAYLOAD_ENCRYPTION_KEYS' | 'PAYLOAD_ENCRYPTION_KEY_ID'>,
): DataConverter {
  const keys = parseEncryptionKeys(settings.PAYLOAD_ENCRYPTION_KEYS);
  return {
    payloadCodecs: [new EncryptionCodec(keys, settings.PAYLOAD_ENCRYPTION_KEY_ID)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
