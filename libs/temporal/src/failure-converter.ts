// Failure messages and stack traces go through the payload codec too (R17): a refusal from the EMS
// provider or nDelius may quote personal data, and Temporal stores failures in history.
// Loaded by path (failureConverterPath): the worker needs it inside the workflow sandbox.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
