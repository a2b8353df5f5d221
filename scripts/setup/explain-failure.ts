/** The operator-facing form of a failure, when it has one: our own, or an AWS one with a known remedy. */
import { describeAwsError } from '../targets/describe-aws-error.js';
import { SetupError } from './setup-error.js';

/** @example const known = explainFailure(error); if (!known) throw error; print(known.message); */
export function explainFailure(error: unknown): SetupError | undefined {
  return error instanceof SetupError ? error : describeAwsError(error);
}
