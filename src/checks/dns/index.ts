import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { checkSchema } from '../base.js';
import { defineCheckKind } from '../check-kind.js';

export const recordTypes = ['A', 'AAAA', 'CNAME', 'TXT', 'MX'] as const;
export type RecordType = (typeof recordTypes)[number];

/** `1.2.3.4`, `1.2.3.4:5353`, `::1` or `[::1]:5353`: the forms node's Resolver#setServers takes. */
function isResolverAddress(text: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4WithPort = /^([\d.]+)(?::(\d{1,5}))?$/.exec(text);
  const [, host, port] = bracketed ?? v4WithPort ?? [undefined, text, undefined];
  return host !== undefined && isIP(host) !== 0 && (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535));
}

const dnsSchema = checkSchema('dns', {
  name: z
    .string()
    .min(1)
    .refine((name) => domainToASCII(name.replace(/\.$/, '')) !== '', 'expected a domain name such as api.example.com (中文域名 also works)')
    .describe('Domain name to look up'),
  type: z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(recordTypes)).optional().describe('Record type (default A)'),
  resolver: z
    .string()
    .refine(isResolverAddress, 'expected a resolver IP address, optionally with a port: 223.5.5.5, 119.29.29.29:53, [2400:3200::1]:53')
    .optional()
    .describe('DNS server to ask instead of the system one (an IP, optionally :port)'),
});

export type DnsCheck = z.infer<typeof dnsSchema>;

export const dnsKind = defineCheckKind({
  name: 'dns',
  summary: bi('A domain name resolves to the expected records (A, AAAA, CNAME, TXT, MX)', '域名解析到预期记录（A、AAAA、CNAME、TXT、MX）'),
  schema: dnsSchema,
  facts: {
    records: bi('the records of the queried type (same list as a, aaaa … below)', '所查询类型的记录（与下面 a、aaaa 等相同）'),
    a: bi('IPv4 addresses (type A), e.g. a contains "47.96.1.2"', 'IPv4 地址（A 记录），例如 a contains "47.96.1.2"'),
    aaaa: bi('IPv6 addresses (type AAAA)', 'IPv6 地址（AAAA 记录）'),
    cname: bi('alias targets (type CNAME)', '别名目标（CNAME 记录）'),
    txt: bi('text records, chunks joined (type TXT)', 'TXT 记录（分段已拼接）'),
    mx: bi('mail exchangers by priority: mx[0].exchange, mx[0].priority (type MX)', '按优先级排序的邮件服务器：mx[0].exchange、mx[0].priority（MX 记录）'),
    rcode: bi('response code: NOERROR, NXDOMAIN (no such name), SERVFAIL, REFUSED …', '响应码：NOERROR、NXDOMAIN（域名不存在）、SERVFAIL、REFUSED 等'),
    error: bi('why the resolver gave no answer (ETIMEOUT …)', 'DNS 服务器无响应的原因（ETIMEOUT 等）'),
  },
  defaultExpect: ['rcode == "NOERROR"', 'len(records) > 0'],
  defaultTimeoutMs: 10_000,
  secretFields: [],
  describe: (spec) => `dns ${spec.type ?? 'A'} ${spec.name}${spec.resolver ? ` @${spec.resolver}` : ''}`,
  async probe(spec, context) {
    const { lookUp } = await import('./_resolve.js');
    const name = domainToASCII(spec.name.replace(/\.$/, ''));
    return lookUp(name, spec.type ?? 'A', spec.resolver, context.signal);
  },
});
