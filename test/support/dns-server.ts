import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The smallest DNS server stand-in: UDP on 127.0.0.1, answering A/AAAA/CNAME/TXT/MX from a fixed
 * zone and NXDOMAIN for other names. No real DNS server can run on these machines, so tests of
 * the dns kind point node's own resolver (the production code path) at this one.
 */
export interface ZoneEntry {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  readonly CNAME?: string;
  readonly TXT?: readonly (readonly string[])[];
  readonly MX?: readonly { readonly priority: number; readonly exchange: string }[];
  /** Answer every query for this name with this response code (2 SERVFAIL, 5 REFUSED). */
  readonly rcode?: number;
}

export interface DnsStandIn {
  readonly port: number;
  /** `127.0.0.1:<port>`, as the `resolver` field takes it. */
  readonly address: string;
  /** Queries received, as `TYPE name`. */
  readonly queries: string[];
  close(): Promise<void>;
}

const types = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;
const typeNames = new Map<number, string>(Object.entries(types).map(([name, code]) => [code, name]));

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function readQuestion(message: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  for (let length = message[offset] ?? 0; length > 0; length = message[offset] ?? 0) {
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), type: message.readUInt16BE(offset + 1), end: offset + 5 };
}

function record(owner: string, type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2); // class IN
  fixed.writeUInt32BE(60, 4); // TTL
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(owner), fixed, data]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

function answersFor(zone: Readonly<Record<string, ZoneEntry>>, name: string, type: number): Buffer[] {
  const entry = zone[name];
  if (!entry) return [];
  // Like real servers: a name with a CNAME answers any other type with the CNAME plus the target's records.
  if (entry.CNAME !== undefined) {
    const alias = record(name, types.CNAME, encodeName(entry.CNAME));
    return type === types.CNAME ? [alias] : [alias, ...answersFor(zone, entry.CNAME.toLowerCase(), type)];
  }
  switch (type) {
    case types.A:
      return (entry.A ?? []).filter((ip) => isIPv4(ip)).map((ip) => record(name, type, Buffer.from(ip.split('.').map(Number))));
    case types.AAAA:
      return (entry.AAAA ?? []).filter((ip) => isIPv6(ip)).map((ip) => record(name, type, ipv6Bytes(ip)));
    case types.TXT:
      return (entry.TXT ?? []).map((chunks) => record(name, type, Buffer.concat(chunks.map((chunk) => Buffer.concat([Buffer.from([Buffer.byteLength(chunk)]), Buffer.from(chunk)])))));
    case types.MX:
      return (entry.MX ?? []).map(({ priority, exchange }) => {
        const preference = Buffer.alloc(2);
        preference.writeUInt16BE(priority);
        return record(name, type, Buffer.concat([preference, encodeName(exchange)]));
      });
    default:
      return [];
  }
}

function respond(zone: Readonly<Record<string, ZoneEntry>>, query: Buffer, queries: string[]): Buffer {
  const question = readQuestion(query);
  queries.push(`${typeNames.get(question.type) ?? question.type} ${question.name}`);
  const entry = zone[question.name];
  const answers = entry?.rcode === undefined ? answersFor(zone, question.name, question.type) : [];
  const rcode = entry === undefined ? 3 : (entry.rcode ?? 0); // 3 = NXDOMAIN
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // same id
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2); // QR, RD copied, RA, rcode
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

/** Starts the stand-in; `silent: true` makes a server that receives queries and never answers. */
export async function startDnsStandIn(zone: Readonly<Record<string, ZoneEntry>>, options: { silent?: boolean } = {}): Promise<DnsStandIn> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message: Buffer, remote: RemoteInfo) => {
    if (options.silent || message.length < 17) return;
    socket.send(respond(zone, message, queries), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return { port, address: `127.0.0.1:${port}`, queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
