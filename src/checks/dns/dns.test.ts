import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance, type ConformanceTargets } from '../../../test/conformance/check-kind-suite.js';
import { startDnsStandIn, type DnsStandIn, type ZoneEntry } from '../../../test/support/dns-server.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { dnsKind, type DnsCheck } from './index.js';

// No real DNS server can run on these machines: the zone is served by a UDP stand-in on
// 127.0.0.1 (test/support/dns-server.ts), and the kind asks it through node's own resolver.
const zone: Record<string, ZoneEntry> = {
  'api.example.test': { A: ['47.96.1.2', '47.96.1.3'], AAAA: ['2400:3200::1'] },
  'www.example.test': { CNAME: 'api.example.test' },
  'example.test': { TXT: [['v=spf1 -all'], ['long-', 'record']], MX: [{ priority: 20, exchange: 'mx2.example.test' }, { priority: 10, exchange: 'mx1.example.test' }] },
  'nodata.example.test': {},
  'broken.example.test': { rcode: 2 },
  'xn--fiq228c.example.test': { A: ['10.0.0.8'] }, // 中文.example.test
};

// No `secret` target: a dns spec carries no credential.
describeCheckKindConformance(dnsKind, async (): Promise<ConformanceTargets<DnsCheck>> => {
  const server = await startDnsStandIn(zone);
  const silent = await startDnsStandIn(zone, { silent: true });
  return {
    passing: { kind: 'dns', name: 'api.example.test', resolver: server.address },
    failing: { kind: 'dns', name: 'api.example.test', resolver: server.address, expect: ['a contains "10.9.9.9"'] },
    hanging: { kind: 'dns', name: 'api.example.test', resolver: silent.address },
    teardown: async () => {
      await Promise.all([server.close(), silent.close()]);
    },
  };
});

describe('dns kind against the stand-in', () => {
  let server: DnsStandIn;
  const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

  function dns(spec: Omit<DnsCheck, 'kind' | 'resolver'>): DnsCheck {
    return { kind: 'dns', resolver: server.address, ...spec };
  }

  beforeAll(async () => {
    server = await startDnsStandIn(zone);
  });

  afterAll(() => server.close());

  it('reads A records and answers conditions on them', async () => {
    const outcome = await runCheck(dnsKind, dns({ name: 'api.example.test', expect: ['a contains "47.96.1.2"', 'len(a) == 2', 'rcode == "NOERROR"'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(outcome.evidence.observed).toEqual({ query: `A api.example.test @${server.address}`, rcode: 'NOERROR', records: ['47.96.1.2', '47.96.1.3'] });
    expect(server.queries).toContain('A api.example.test');
  });

  it.each([
    ['AAAA', 'api.example.test', 'aaaa', ['2400:3200::1']],
    ['CNAME', 'www.example.test', 'cname', ['api.example.test']],
    ['TXT', 'example.test', 'txt', ['v=spf1 -all', 'long-record']],
    ['MX', 'example.test', 'mx', [{ exchange: 'mx1.example.test', priority: 10 }, { exchange: 'mx2.example.test', priority: 20 }]],
  ] as const)('reads %s records into the `%s` fact', async (type, name, fact, records) => {
    const context = { signal: new AbortController().signal, planDir: '.', variables: {}, logger: { debug() {}, info() {}, warn() {} } };

    const { facts } = await dnsKind.probe(dns({ name, type }), context);

    expect(facts[fact]).toEqual(records);
    expect(facts.records).toEqual(records);
    expect(facts.rcode).toBe('NOERROR');
  });

  it('follows a CNAME to the A records of its target', async () => {
    const outcome = await runCheck(dnsKind, dns({ name: 'www.example.test', expect: ['a contains "47.96.1.3"'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('reports NXDOMAIN as an observation the default expectation fails', async () => {
    const outcome = await runCheck(dnsKind, dns({ name: 'nope.example.test' }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.conditions?.[0]).toMatchObject({ condition: 'rcode == "NOERROR"', passed: false });
    expect(outcome.evidence.conditions?.[0]?.message.en).toContain('NXDOMAIN');
  });

  it('lets a plan require that a name does not exist', async () => {
    const outcome = await runCheck(dnsKind, dns({ name: 'staging.example.test', expect: ['rcode == "NXDOMAIN"'] }), options);

    expect(outcome.status).toBe('pass');
  });

  it('tells SERVFAIL from an empty answer', async () => {
    const broken = await runCheck(dnsKind, dns({ name: 'broken.example.test', expect: ['rcode == "SERVFAIL"'] }), options);
    const empty = await runCheck(dnsKind, dns({ name: 'nodata.example.test' }), options);

    expect(broken.status).toBe('pass');
    expect(empty.status).toBe('fail');
    expect(empty.evidence.conditions?.map((record) => record.passed)).toEqual([true, false]);
  });

  it('looks up Chinese domain names in their punycode form', async () => {
    const outcome = await runCheck(dnsKind, dns({ name: '中文.example.test', expect: ['a == ["10.0.0.8"]'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(server.queries).toContain('A xn--fiq228c.example.test');
  });

  it('fails with the reason when nothing listens at the resolver address', async () => {
    const gone = await startDnsStandIn(zone);
    await gone.close();

    const outcome = await runCheck(dnsKind, { kind: 'dns', name: 'api.example.test', resolver: gone.address }, options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('fail');
    expect(outcome.evidence.reason?.en).toMatch(new RegExp(`^A api\\.example\\.test @${gone.address}: the resolver (refused the connection|did not answer)`));
  });

  it('rejects a host name as resolver and a type it does not know, with clear messages', () => {
    const badResolver = dnsKind.schema.safeParse({ kind: 'dns', name: 'a.test', resolver: 'dns.google' });
    const badType = dnsKind.schema.safeParse({ kind: 'dns', name: 'a.test', type: 'SRV' });

    expect(badResolver.error?.issues[0]?.message).toBe('expected a resolver IP address, optionally with a port: 223.5.5.5, 119.29.29.29:53, [2400:3200::1]:53');
    expect(badType.success).toBe(false);
    expect(dnsKind.schema.safeParse({ kind: 'dns', name: 'a.test', type: 'mx', resolver: '[::1]:5353' }).data?.type).toBe('MX');
  });
});
