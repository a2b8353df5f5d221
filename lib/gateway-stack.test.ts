import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildGatewayApp } from './build-gateway-app.js';
import { GatewaySettingsError } from './gateway-settings.js';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const defaults = synthesizeGateway();
const everythingOn = synthesizeGateway({
  context: {
    alarmEmail: 'ops@example.com',
    corsAllowedOrigins: '*',
    reservedConcurrency: 'none',
    modelAliases: '{"gpt-4o":"gemini-2.5-pro"}',
    refreshRateMinutes: '1',
  },
});

// Shapes of real credentials: Google access and refresh tokens, API keys and OAuth client secrets,
// AWS access keys, PEM keys.
const credentialPatterns = [
  /ya29\./,
  /1\/\/0[A-Za-z0-9_-]{20,}/,
  /AIza[0-9A-Za-z_-]{35}/,
  /GOCSPX-/,
  /AKIA[0-9A-Z]{16}/,
  /-----BEGIN/,
];

/**
 * Every string in a JSON value that looks like a credential, or like a long random token other than
 * one of the template's logical ids (which mix case and digits too).
 */
function findTokenLikeStrings(value: unknown, logicalIds: ReadonlySet<string> = new Set()): string[] {
  if (typeof value === 'string') {
    if (logicalIds.has(value)) return [];
    const looksRandom =
      /^[A-Za-z0-9_\-+/=.]{32,}$/.test(value) &&
      /[a-z]/.test(value) &&
      /[A-Z]/.test(value) &&
      /\d/.test(value);
    return credentialPatterns.some((pattern) => pattern.test(value)) || looksRandom ? [value] : [];
  }
  const search = (item: unknown) => findTokenLikeStrings(item, logicalIds);
  if (Array.isArray(value)) return value.flatMap(search);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(search);
  return [];
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

function readIamStatements(template: ReturnType<typeof synthesizeGateway>['template']): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  );
}

describe('GatewayStack', () => {
  it('outputs what clients and the setup script need', () => {
    // Prepare
    const { stack, template } = defaults;
    const url = stack.resolve(stack.gateway.url.url);

    // Act
    const outputs = Object.fromEntries(
      Object.entries(template.toJSON().Outputs as Record<string, { Value: unknown }>).map(
        ([name, output]) => [name, output.Value],
      ),
    );

    // Assess
    expect(outputs).toStrictEqual({
      FunctionUrl: url,
      OpenAiBaseUrl: { 'Fn::Join': ['', [url, 'v1']] },
      ClientKeysSecretName: 'gemini-gateway/default/client-keys',
      PoolTableName: stack.resolve(stack.poolTable.table.tableName),
      AccountSecretPrefix: 'gemini-gateway/default/accounts/',
      Region: { Ref: 'AWS::Region' },
      DashboardName: stack.resolve(stack.dashboard.dashboard.dashboardName),
    });
  });

  it('outputs the alarm topic when there is one', () => {
    // Act
    const outputs = Object.keys(everythingOn.template.toJSON().Outputs);

    // Assess
    expect(outputs.includes('AlarmTopicArn')).toStrictEqual(true);
  });

  it('holds no secret value and nothing that looks like a token', () => {
    // Act
    const found = [defaults, everythingOn].flatMap(({ template }) => {
      const json = template.toJSON();
      return findTokenLikeStrings(json, new Set(Object.keys(json.Resources)));
    });

    // Assess
    expect(found).toStrictEqual([]);
    expect(JSON.stringify(everythingOn.template.toJSON()).includes('"SecretString"')).toStrictEqual(false);
  });

  it('grants data actions on named resources only, never on every resource', () => {
    // Prepare
    const statements = [defaults, everythingOn].flatMap(({ template }) => readIamStatements(template));

    // Act
    const unscoped = statements.filter(
      (statement) =>
        JSON.stringify(statement.Resource) === '"*"' ||
        (Array.isArray(statement.Resource) && statement.Resource.includes('*')),
    );

    // Assess: four statements for each function, two functions in each of two stacks
    expect([statements.length, unscoped]).toStrictEqual([16, []]);
  });

  it('grants no scan, delete, batch or secret-writing action to anyone', () => {
    // Act
    const actions = [defaults, everythingOn]
      .flatMap(({ template }) => readIamStatements(template))
      .flatMap((statement) => [statement.Action].flat());

    // Assess
    expect(
      actions.filter((action) =>
        /^(dynamodb:(Scan|Delete|Batch|Transact)|secretsmanager:(Put|Update|Create|Delete))/.test(action),
      ),
    ).toStrictEqual([]);
  });

  it('passes the cdk-nag AWS Solutions checks with no unacknowledged error or warning', () => {
    // Act
    const findings = [defaults, everythingOn].flatMap(({ stack }) => {
      const annotations = Annotations.fromStack(stack);
      return [
        ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
        ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ].map((finding) => `${finding.id}: ${String(finding.entry.data)}`);
    });

    // Assess
    expect(findings).toStrictEqual([]);
  });

  it('runs the cdk-nag checks on the whole app', () => {
    // Act
    const aspects = Aspects.of(defaults.stack.node.root).all;

    // Assess
    expect(aspects.some((aspect) => aspect instanceof AwsSolutionsChecks)).toStrictEqual(true);
  });

  it('rejects bad context before building anything', () => {
    // Prepare
    const app = new App({ context: { refreshRateMinutes: '90' } });

    // Act
    const build = () => buildGatewayApp({ app });

    // Assess
    expect(build).toThrow(GatewaySettingsError);
    expect(build).toThrow('refreshRateMinutes: must be a whole number of minutes from 1 to 30');
    expect(app.node.children).toStrictEqual([]);
  });
});

describe('findTokenLikeStrings', () => {
  it('finds credentials and random tokens but not asset hashes, names or prose', () => {
    // Prepare
    const value = {
      accessToken: 'ya29.a0AfB_byC',
      nested: [{ key: 'AIzaSyA1234567890abcdefghijklmnopqrstu' }],
      random: 'Xq3vT9pL2mN8rK4wY7zB1cD6fG0hJ5sA',
      logicalId: 'GatewayHandlerRoleDefaultPolicyC6F69C66',
      assetHash: 'e382bab81c3ee60522e94f886f2b816788519d56f990e2f449712116136dc983.zip',
      name: 'gemini-gateway/default/client-keys',
      prose: 'Bearer keys accepted by the Gemini Gateway (comma-separated)',
    };

    // Act
    const found = findTokenLikeStrings(value, new Set(['GatewayHandlerRoleDefaultPolicyC6F69C66']));

    // Assess
    expect(found).toStrictEqual([
      'ya29.a0AfB_byC',
      'AIzaSyA1234567890abcdefghijklmnopqrstu',
      'Xq3vT9pL2mN8rK4wY7zB1cD6fG0hJ5sA',
    ]);
  });
});
