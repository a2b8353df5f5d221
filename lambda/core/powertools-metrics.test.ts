import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { metricNamespace, serviceDimension, serviceName } from '../../lib/gateway-metrics.js';
import { createPowertoolsMetrics } from './powertools-metrics.js';

/** The EMF lines Powertools printed, parsed, without their timestamps. */
function emittedLines(write: MockInstance): unknown[] {
  return write.mock.calls
    .map(([text]) => String(text))
    .filter((text) => text.includes('"_aws"'))
    .map((text) => {
      const line = JSON.parse(text) as { _aws: Record<string, unknown> };
      const { Timestamp: _timestamp, ...aws } = line._aws;
      return { ...line, _aws: aws };
    });
}

function emfHeader(dimensions: string[], metrics: Array<{ Name: string; Unit: string }>) {
  return { CloudWatchMetrics: [{ Namespace: metricNamespace, Dimensions: [dimensions], Metrics: metrics }] };
}

describe('createPowertoolsMetrics', () => {
  let write: MockInstance;

  beforeEach(() => {
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    write.mockRestore();
  });

  it('publishes totals under the service dimension the alarms read, then one line per model and per account', () => {
    // Prepare
    const metrics = createPowertoolsMetrics({ namespace: metricNamespace, serviceName });
    metrics.count('Requests', { model: 'gemini-2.5-pro' });
    metrics.count('UpstreamAttempts', { accountId: 'acct-a', model: 'gemini-2.5-pro' });
    metrics.count('UpstreamAttempts', { accountId: 'acct-b', model: 'gemini-2.5-pro' });
    metrics.count('Failovers', { accountId: 'acct-b', model: 'gemini-2.5-pro' });
    metrics.observe('TimeToFirstTokenMs', 120, { model: 'gemini-2.5-pro' });

    // Act
    metrics.flush();

    // Assess
    const count = { Unit: 'Count' };
    expect(emittedLines(write)).toStrictEqual([
      {
        _aws: emfHeader(
          [serviceDimension],
          [
            { Name: 'Requests', ...count },
            { Name: 'UpstreamAttempts', ...count },
            { Name: 'Failovers', ...count },
            { Name: 'TimeToFirstTokenMs', Unit: 'Milliseconds' },
          ],
        ),
        [serviceDimension]: serviceName,
        Requests: 1,
        UpstreamAttempts: 2,
        Failovers: 1,
        TimeToFirstTokenMs: 120,
      },
      {
        _aws: emfHeader(
          [serviceDimension, 'model'],
          [
            { Name: 'Requests', ...count },
            { Name: 'UpstreamAttempts', ...count },
            { Name: 'Failovers', ...count },
            { Name: 'TimeToFirstTokenMs', Unit: 'Milliseconds' },
          ],
        ),
        [serviceDimension]: serviceName,
        model: 'gemini-2.5-pro',
        Requests: 1,
        UpstreamAttempts: 2,
        Failovers: 1,
        TimeToFirstTokenMs: 120,
      },
      {
        _aws: emfHeader([serviceDimension, 'account'], [{ Name: 'UpstreamAttempts', ...count }]),
        [serviceDimension]: serviceName,
        account: 'acct-a',
        UpstreamAttempts: 1,
      },
      {
        _aws: emfHeader(
          [serviceDimension, 'account'],
          [
            { Name: 'UpstreamAttempts', ...count },
            { Name: 'Failovers', ...count },
          ],
        ),
        [serviceDimension]: serviceName,
        account: 'acct-b',
        UpstreamAttempts: 1,
        Failovers: 1,
      },
    ]);
  });

  it('reports a zero count, keeps every observation, and publishes nothing twice', () => {
    // Prepare
    const metrics = createPowertoolsMetrics({ namespace: metricNamespace, serviceName });
    metrics.count('TokenRefreshFailures', undefined, 0);
    metrics.observe('TimeToFirstTokenMs', 80);
    metrics.observe('TimeToFirstTokenMs', 95);

    // Act
    metrics.flush();
    metrics.flush();

    // Assess
    expect(emittedLines(write)).toStrictEqual([
      {
        _aws: emfHeader(
          [serviceDimension],
          [
            { Name: 'TokenRefreshFailures', Unit: 'Count' },
            { Name: 'TimeToFirstTokenMs', Unit: 'Milliseconds' },
          ],
        ),
        [serviceDimension]: serviceName,
        TokenRefreshFailures: 0,
        TimeToFirstTokenMs: [80, 95],
      },
    ]);
  });
});
