import { Resolver } from 'node:dns/promises';
import { bi, type Bilingual } from '../../core/text.js';
import type { Observation } from '../check-kind.js';
import type { RecordType } from './index.js';


/** What the resolver's error codes say about the answer: an rcode (an observation) or an unreachable resolver. */
const rcodes: Readonly<Record<string, string>> = {
  ENODATA: 'NOERROR',
  ENOTFOUND: 'NXDOMAIN',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  EFORMERR: 'FORMERR',
  ENOTIMP: 'NOTIMP',
};

const unreachable: Readonly<Record<string, Bilingual>> = {
  ETIMEOUT: bi('the resolver did not answer', 'DNS 服务器没有响应'),
  ECONNREFUSED: bi('the resolver refused the connection', 'DNS 服务器拒绝连接'),
  EBADRESP: bi('the resolver sent a malformed answer', 'DNS 服务器返回了格式错误的响应'),
  ECONNRESET: bi('the connection to the resolver was reset', '与 DNS 服务器的连接被重置'),
};

const factNames = { A: 'a', AAAA: 'aaaa', CNAME: 'cname', TXT: 'txt', MX: 'mx' } as const satisfies Record<RecordType, string>;

async function query(resolver: Resolver, name: string, type: RecordType): Promise<unknown[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'TXT':
      // A TXT record arrives in 255-byte chunks; people mean the joined string.
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'MX':
      return (await resolver.resolveMx(name)).sort((left, right) => left.priority - right.priority);
  }
}

/** One query through node's resolver (c-ares), optionally at a given server; aborting cancels it. */
export async function lookUp(name: string, type: RecordType, server: string | undefined, signal: AbortSignal): Promise<Observation> {
  signal.throwIfAborted();
  // The runner's timeout governs; c-ares only retries within it.
  const resolver = new Resolver({ timeout: 2_000, tries: 3 });
  if (server !== undefined) resolver.setServers([server]);
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  const label = `${type} ${name}${server ? ` @${server}` : ''}`;
  const facts = (rcode: string, records: unknown[]) => ({ a: null, aaaa: null, cname: null, txt: null, mx: null, [factNames[type]]: records, records, rcode });

  try {
    const records = await query(resolver, name, type);
    return { facts: facts('NOERROR', records), evidence: { query: label, rcode: 'NOERROR', records } };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const rcode = rcodes[code];
    if (rcode !== undefined) return { facts: facts(rcode, []), evidence: { query: label, rcode, records: [] } };
    const reason = unreachable[code];
    if (reason === undefined) throw error;
    return {
      facts: { ...facts('', []), rcode: null, error: code },
      evidence: { query: label, error: code },
      failure: bi(`${label}: ${reason.en} (${code})`, `${label}：${reason.zh}（${code}）`),
    };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
