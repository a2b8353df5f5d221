import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface GatewaySecretsProps {
  readonly poolName: string;
}

/**
 * The gateway's secrets in Secrets Manager.
 *
 * - Account secrets: one per Google account, named `<accountSecretPrefix><account id>`, holding the
 *   account document (DESIGN.md §3.3) with its refresh token. The setup script creates them; the
 *   template never holds a credential, so this construct only knows their prefix.
 * - Client keys: the bearer keys OpenAI clients send. Secrets Manager generates the value at deploy
 *   time (48 letters and digits, so it is safe in a header and needs no escaping); an operator may
 *   replace it with several comma-separated keys.
 *
 * Refreshed access tokens never become new secret versions (they live on the pool table): AWS advises
 * against writing a secret more often than every ten minutes, so no function gets PutSecretValue.
 *
 * @example
 * const secrets = new GatewaySecrets(this, 'Secrets', { poolName: 'default' });
 * secrets.grantReadAccounts(refresherFunction);
 */
export class GatewaySecrets extends Construct {
  /** Every account secret's name starts with this; it ends with a slash so pools never overlap. */
  readonly accountSecretPrefix: string;
  readonly clientKeysSecretName: string;
  readonly clientKeys: Secret;

  constructor(scope: Construct, id: string, props: GatewaySecretsProps) {
    super(scope, id);
    this.accountSecretPrefix = `gemini-gateway/${props.poolName}/accounts/`;
    this.clientKeysSecretName = `gemini-gateway/${props.poolName}/client-keys`;
    this.clientKeys = new Secret(this, 'ClientKeys', {
      secretName: this.clientKeysSecretName,
      description: 'Bearer keys accepted by the Gemini Gateway (comma-separated)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    NagSuppressions.addResourceSuppressions(this.clientKeys, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The client key is handed to every client that calls the gateway; rotating it automatically would ' +
          'lock them all out. Operators rotate it by hand (put-secret-value with old and new keys, move ' +
          'clients over, then drop the old key).',
      },
    ]);
  }

  /** GetSecretValue on every account secret of this pool (their names are known only at run time). */
  grantReadAccounts(grantee: IGrantable): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.accountSecretArnPattern()],
      }),
    );
    if (!(principal instanceof Construct)) return;
    NagSuppressions.addResourceSuppressions(
      principal,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Account secrets are created by the setup script, one per Google account, so their names are ' +
            "known only at run time. The grant is limited to this pool's prefix (GetSecretValue only); the " +
            'star also stands for the random suffix Secrets Manager adds to every secret ARN.',
          appliesTo: [
            {
              regex: `/^Resource::arn:.+:secretsmanager:.+:secret:${escapeRegex(this.accountSecretPrefix)}\\*$/`,
            },
          ],
        },
      ],
      true,
    );
  }

  /** GetSecretValue on the client-keys secret, and nothing else on it. */
  grantReadClientKeys(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.clientKeys.secretArn],
      }),
    );
  }

  /**
   * `arn:…:secret:<prefix>*`: the star stands for the account id and the six random characters
   * Secrets Manager appends to every secret's ARN.
   */
  accountSecretArnPattern(): string {
    return Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${this.accountSecretPrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
