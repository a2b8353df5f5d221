/**
 * AWS SDK failures an operator can fix, as plain sentences. Anything else is left to the caller.
 */
import { SetupError } from '../setup/setup-error.js';

/** A `SetupError` for failures with a known remedy; undefined for the rest. */
export function describeAwsError(error: unknown): SetupError | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'CredentialsProviderError') {
    return new SetupError(
      'No AWS credentials found: configure them (aws configure, aws sso login, or AWS_PROFILE), or use --target local',
    );
  }
  if (/Region is missing/.test(error.message)) {
    return new SetupError('No AWS region configured: pass --region, or set AWS_REGION');
  }
  if (
    ['UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredTokenException', 'ExpiredToken'].includes(
      error.name,
    )
  ) {
    return new SetupError(`AWS refused your credentials (${error.name}): refresh them and try again`);
  }
  if (error.name === 'AccessDeniedException' || error.name === 'AccessDenied') {
    // AWS's message names the action and resource, never a secret value.
    return new SetupError(`AWS denied the request: ${error.message}`);
  }
  return undefined;
}
