import { describe, expect, it } from 'vitest';
import { GatewaySettingsError, readGatewaySettings } from './gateway-settings.js';

function readError(context: Record<string, unknown>): string {
  try {
    readGatewaySettings({ context });
  } catch (error) {
    if (error instanceof GatewaySettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a GatewaySettingsError');
}

describe('readGatewaySettings', () => {
  it('fills in safe defaults when no context is given', () => {
    // Act
    const settings = readGatewaySettings({ context: {} });

    // Assess
    expect(settings).toStrictEqual({
      stackName: 'GeminiGateway',
      poolName: 'default',
      reservedConcurrency: 20,
      refreshRateMinutes: 10,
      corsAllowedOrigins: [],
      logLevel: 'info',
      modelAliases: {},
    });
  });

  it('reads the string values `-c key=value` passes', () => {
    // Prepare
    const context = {
      stackName: 'TeamGateway',
      poolName: 'team-a',
      reservedConcurrency: '50',
      refreshRateMinutes: '5',
      corsAllowedOrigins: 'https://chat.example.com, http://localhost:3210',
      logLevel: 'debug',
      modelAliases: '{"gpt-4o":"gemini-2.5-pro"}',
      alarmEmail: 'ops@example.com',
    };

    // Act
    const settings = readGatewaySettings({ context });

    // Assess
    expect(settings).toStrictEqual({
      stackName: 'TeamGateway',
      poolName: 'team-a',
      reservedConcurrency: 50,
      refreshRateMinutes: 5,
      corsAllowedOrigins: ['https://chat.example.com', 'http://localhost:3210'],
      logLevel: 'debug',
      modelAliases: { 'gpt-4o': 'gemini-2.5-pro' },
      alarmEmail: 'ops@example.com',
    });
  });

  it('reads the JSON values cdk.json may hold', () => {
    // Prepare
    const context = {
      reservedConcurrency: 7,
      refreshRateMinutes: 15,
      corsAllowedOrigins: ['*'],
      modelAliases: { 'gpt-4o-mini': 'gemini-2.5-flash' },
    };

    // Act
    const settings = readGatewaySettings({ context });

    // Assess
    expect([
      settings.reservedConcurrency,
      settings.refreshRateMinutes,
      settings.corsAllowedOrigins,
      settings.modelAliases,
    ]).toStrictEqual([7, 15, ['*'], { 'gpt-4o-mini': 'gemini-2.5-flash' }]);
  });

  it('turns reservedConcurrency=none into no reservation', () => {
    // Act
    const settings = readGatewaySettings({ context: { reservedConcurrency: 'none' } });

    // Assess
    expect(settings.reservedConcurrency).toStrictEqual(undefined);
  });

  it('treats an empty value as unset', () => {
    // Act
    const settings = readGatewaySettings({ context: { poolName: '', alarmEmail: '' } });

    // Assess
    expect([settings.poolName, settings.alarmEmail]).toStrictEqual(['default', undefined]);
  });

  it('names every bad key with what is wrong, in one message', () => {
    // Prepare
    const context = {
      stackName: '1stack',
      poolName: 'Team_A',
      reservedConcurrency: '0',
      refreshRateMinutes: '45',
      corsAllowedOrigins: 'https://chat.example.com/path',
      logLevel: 'verbose',
      modelAliases: '{not json',
      alarmEmail: 'ops-at-example.com',
    };

    // Act
    const message = readError(context);

    // Assess
    expect(message).toStrictEqual(
      [
        'Invalid CDK context (set with -c key=value or in cdk.json "context"):',
        '  - stackName: must start with a letter and hold only letters, digits and hyphens (at most 128)',
        '  - poolName: must be 1 to 32 lowercase letters, digits or hyphens, starting with a letter or digit',
        '  - reservedConcurrency: must be a whole number from 1 to 1000, or "none" for no reservation',
        '  - refreshRateMinutes: must be a whole number of minutes from 1 to 30',
        '  - corsAllowedOrigins.0: "https://chat.example.com/path" is not "*" or an origin like https://chat.example.com',
        '  - logLevel: must be one of debug, info, warn, error',
        '  - modelAliases: must be a JSON object mapping a client model name to a Gemini model id',
        '  - alarmEmail: must be an email address',
      ].join('\n'),
    );
  });

  it('rejects a fractional refresh rate', () => {
    // Act
    const message = readError({ refreshRateMinutes: '2.5' });

    // Assess
    expect(message).toContain('refreshRateMinutes: must be a whole number of minutes from 1 to 30');
  });

  it('rejects an alias whose target is empty', () => {
    // Act
    const message = readError({ modelAliases: { 'gpt-4o': '' } });

    // Assess
    expect(message).toContain('modelAliases.gpt-4o:');
  });
});
