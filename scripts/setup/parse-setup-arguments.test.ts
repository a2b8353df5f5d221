import { describe, expect, it } from 'vitest';
import { parseSetupArguments } from './parse-setup-arguments.js';
import { SetupError } from './setup-error.js';

describe('parseSetupArguments', () => {
  it('reads the issue’s example: a Gemini API account from a key file, local target', () => {
    // Act
    const parsed = parseSetupArguments([
      'add',
      '--backend',
      'gemini-api',
      '--id',
      'k1',
      '--api-key-file',
      './key.txt',
      '--target',
      'local',
    ]);

    // Assess
    expect(parsed).toStrictEqual({
      command: { name: 'add' },
      options: {
        target: 'local',
        backend: 'gemini-api',
        id: 'k1',
        apiKeyFile: './key.txt',
        headless: false,
        port: 0,
        yes: false,
      },
    });
  });

  it('starts the menu without a command, and reads the stack flags', () => {
    // Act
    const parsed = parseSetupArguments([
      '--stack',
      'Team',
      '--region',
      'eu-west-1',
      '--headless',
      '--port',
      '8085',
    ]);

    // Assess
    expect(parsed).toStrictEqual({
      command: { name: 'menu' },
      options: { stack: 'Team', region: 'eu-west-1', headless: true, port: 8085, yes: false },
    });
  });

  it.each([
    [['keys', 'revoke', '--key-id', 'key-1a2b3c4d', '-y'], { name: 'keys', action: 'revoke' }],
    [['remove', '--id', 'k1', '--yes'], { name: 'remove' }],
    [['--help'], { name: 'help' }],
  ])('reads %j', (argv, command) => {
    // Act
    const parsed = parseSetupArguments(argv);

    // Assess
    expect(parsed.command).toStrictEqual(command);
  });

  it.each([
    [['frobnicate'], 'Unknown command: frobnicate'],
    [['keys', 'rotate'], 'Usage: keys create | keys list | keys revoke --key-id ID'],
    [
      ['add', '--backend', 'openai'],
      '--backend must be one of code-assist, gemini-api, vertex, not "openai"',
    ],
    [['add', '--port', '99999'], '--port must be a port number from 1 to 65535, not "99999"'],
    [['add', '--target', 'gcp'], '--target must be aws or local, not "gcp"'],
    [['add', '--api-key', 'AIza-on-the-command-line'], "Unknown option '--api-key'"],
  ])('refuses %j', (argv, problem) => {
    // Act
    const parse = () => parseSetupArguments(argv);

    // Assess
    expect(parse).toThrow(SetupError);
    expect(parse).toThrow(problem);
  });
});
