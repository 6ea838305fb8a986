import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate and its private key, as PEM text and as files (for `ca:` / `cert:` fields). */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** Certificates made by openssl inside the test, so every TLS case runs against a real handshake. */
export interface TestCertificates {
  readonly dir: string;
  /** The test CA; trust it with `ca: <ca.certFile>`. */
  readonly ca: TestCertificate;
  /** Signed by the CA for 127.0.0.1 and localhost, valid for 60 days. */
  readonly valid: TestCertificate;
  /** Signed by the CA for 127.0.0.1 and localhost, expired in 2020. */
  readonly expired: TestCertificate;
  /** Signed by the CA, valid, but only for wrong.example.test. */
  readonly wrongHost: TestCertificate;
  /** Self-signed for 127.0.0.1 and localhost (no CA trusts it). */
  readonly selfSigned: TestCertificate;
  /** Signed by the CA for client authentication (mutual TLS). */
  readonly client: TestCertificate;
  /** Removes the folder with every key and certificate. */
  cleanup(): Promise<void>;
}

const loopbackNames = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

// `openssl ca` is the one OpenSSL 3.0 command that accepts explicit (past) validity dates.
const caConfig = (dir: string) => `
[ca]
default_ca = test_ca
[test_ca]
dir = ${dir}
database = ${dir}/index.txt
serial = ${dir}/serial
new_certs_dir = ${dir}
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
default_md = sha256
policy = any_policy
unique_subject = no
copy_extensions = none
[any_policy]
commonName = supplied
`;

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir, timeout: 20_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim()}`, { cause: error });
  }
}

async function newKey(dir: string, name: string): Promise<string> {
  const keyFile = join(dir, `${name}.key`);
  await openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
  return keyFile;
}

async function loadPair(certFile: string, keyFile: string): Promise<TestCertificate> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key, certFile, keyFile };
}

interface LeafOptions {
  readonly name: string;
  readonly commonName: string;
  readonly extensions: readonly string[];
  /** `openssl ca` dates, YYYYMMDDHHMMSSZ. */
  readonly startDate: string;
  readonly endDate: string;
}

async function signedLeaf(dir: string, options: LeafOptions): Promise<TestCertificate> {
  const keyFile = await newKey(dir, options.name);
  const csrFile = join(dir, `${options.name}.csr`);
  const extFile = join(dir, `${options.name}.ext`);
  const certFile = join(dir, `${options.name}.pem`);
  await writeFile(extFile, `[leaf]\nbasicConstraints=CA:FALSE\n${options.extensions.join('\n')}\n`);
  await openssl(dir, ['req', '-new', '-key', keyFile, '-subj', `/CN=${options.commonName}`, '-out', csrFile]);
  await openssl(dir, [
    'ca', '-batch', '-notext', '-config', join(dir, 'ca.cnf'), '-in', csrFile, '-out', certFile,
    '-extfile', extFile, '-extensions', 'leaf', '-startdate', options.startDate, '-enddate', options.endDate,
  ]);
  return loadPair(certFile, keyFile);
}

function asn1Date(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Makes a CA and the leaves every TLS test needs, in a fresh temp folder (about a second on two cores). */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-certs-'));
  try {
    await Promise.all([writeFile(join(dir, 'index.txt'), ''), writeFile(join(dir, 'serial'), '1000\n'), writeFile(join(dir, 'ca.cnf'), caConfig(dir))]);
    const caKey = await newKey(dir, 'ca');
    await openssl(dir, [
      'req', '-x509', '-new', '-key', caKey, '-subj', '/CN=golive test CA', '-days', '90', '-out', join(dir, 'ca.pem'),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    const ca = await loadPair(join(dir, 'ca.pem'), caKey);

    const now = Date.now();
    const current = { startDate: asn1Date(new Date(now - 86_400_000)), endDate: asn1Date(new Date(now + 60 * 86_400_000)) };
    const serverUsage = 'extendedKeyUsage=serverAuth';
    // Sequential: `openssl ca` rewrites index.txt and serial on every signature.
    const valid = await signedLeaf(dir, { name: 'valid', commonName: '127.0.0.1', extensions: [loopbackNames, serverUsage], ...current });
    const expired = await signedLeaf(dir, {
      name: 'expired', commonName: '127.0.0.1', extensions: [loopbackNames, serverUsage], startDate: '20190101000000Z', endDate: '20200101000000Z',
    });
    const wrongHost = await signedLeaf(dir, {
      name: 'wrong-host', commonName: 'wrong.example.test', extensions: ['subjectAltName=DNS:wrong.example.test', serverUsage], ...current,
    });
    const client = await signedLeaf(dir, { name: 'client', commonName: 'golive test client', extensions: ['extendedKeyUsage=clientAuth'], ...current });

    const selfSignedKey = await newKey(dir, 'self-signed');
    await openssl(dir, [
      'req', '-x509', '-new', '-key', selfSignedKey, '-subj', '/CN=127.0.0.1', '-days', '30', '-out', join(dir, 'self-signed.pem'),
      '-addext', loopbackNames, '-addext', 'basicConstraints=CA:FALSE',
    ]);
    const selfSigned = await loadPair(join(dir, 'self-signed.pem'), selfSignedKey);

    return { dir, ca, valid, expired, wrongHost, selfSigned, client, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
