import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A CA made for this stand-in and a server certificate it signed for 127.0.0.1. */
export interface StandInCertificates {
  readonly dir: string;
  /** PEM file of the CA: golive trusts it through NODE_EXTRA_CA_CERTS, as a machine trusts a private CA. */
  readonly caFile: string;
  readonly cert: string;
  readonly key: string;
}

/** Makes the certificates with openssl (about 100 ms); valid for 90 days, so `days_left > 30` holds. */
export async function makeCertificates(): Promise<StandInCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-stand-in-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => run('openssl', args, { cwd: dir }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new Error('openssl not found: the stand-ins make their https certificates with it / 未找到 openssl：替身用它生成 https 证书', { cause: error });
  });
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '90', '-subj', '/CN=golive example stand-in CA']);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  await writeFile(path('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '90', '-extfile', 'san.ext']);
  return { dir, caFile: path('ca.pem'), cert: await readFile(path('server.pem'), 'utf8'), key: await readFile(path('server.key'), 'utf8') };
}
