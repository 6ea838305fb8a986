import { createServer as createNetServer } from 'node:net';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance, type ConformanceTargets } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback, type Listening } from '../../../test/support/net.js';
import { createTestCertificates, type TestCertificate, type TestCertificates } from '../../../test/support/tls.js';
import type { ProbeContext } from '../check-kind.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { tlsKind, type TlsCheck } from './index.js';

async function tlsServer(certificate: TestCertificate): Promise<Listening> {
  return listenLoopback(createTlsServer({ cert: certificate.cert, key: certificate.key }, (socket) => socket.end()));
}

// No `secret` target: a tls spec carries no credential (host, port, SNI name, CA file path).
describeCheckKindConformance(tlsKind, async (): Promise<ConformanceTargets<TlsCheck>> => {
  const certs = await createTestCertificates();
  const valid = await tlsServer(certs.valid);
  const expired = await tlsServer(certs.expired);
  const silent = await listenLoopback(createNetServer(() => {})); // accepts TCP, never answers the handshake
  return {
    passing: { kind: 'tls', host: '127.0.0.1', port: valid.port, ca: certs.ca.certFile },
    failing: { kind: 'tls', host: '127.0.0.1', port: expired.port, ca: certs.ca.certFile, expect: ['days_left > 14'] },
    hanging: { kind: 'tls', host: '127.0.0.1', port: silent.port },
    teardown: async () => {
      await Promise.all([valid.close(), expired.close(), silent.close()]);
      await certs.cleanup();
    },
  };
});

describe('tls kind with certificates made in the test', () => {
  let certs: TestCertificates;
  const servers: Listening[] = [];
  const options = { planDir: '.', variables: {}, secrets: createSecretSet() };
  const context: ProbeContext = { signal: new AbortController().signal, planDir: '.', variables: {}, logger: { debug() {}, info() {}, warn() {} } };

  async function serve(certificate: TestCertificate): Promise<number> {
    const server = await tlsServer(certificate);
    servers.push(server);
    return server.port;
  }

  beforeAll(async () => {
    certs = await createTestCertificates();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await certs.cleanup();
  });

  it('reports names, dates, issuer and protocol of a valid certificate', async () => {
    const port = await serve(certs.valid);

    const { facts } = await tlsKind.probe({ kind: 'tls', host: '127.0.0.1', port, ca: certs.ca.certFile }, context);

    expect(facts).toMatchObject({
      issuer: 'CN=golive test CA',
      subject: 'CN=127.0.0.1',
      san: ['127.0.0.1', 'localhost'],
      hostname_valid: true,
      chain_valid: true,
      chain_error: null,
      protocol: 'TLSv1.3',
      days_left: 59,
      error: null,
    });
    expect(Date.parse(facts.valid_to as string) - Date.parse(facts.valid_from as string)).toBe(61 * 86_400_000);
  });

  it('reads the port from host:port when no port is given (a variable shared with https:// URLs)', async () => {
    const port = await serve(certs.valid);

    const result = await runCheck(tlsKind, { kind: 'tls', host: `127.0.0.1:${port}`, ca: certs.ca.certFile }, options);

    expect(result.status, JSON.stringify(result.evidence)).toBe('pass');
    expect(result.evidence.observed).toMatchObject({ target: `127.0.0.1:${port}`, hostnameValid: true });
    expect(tlsKind.describe({ kind: 'tls', host: `127.0.0.1:${port}` })).toBe(`tls 127.0.0.1:${port}`);
    expect(tlsKind.describe({ kind: 'tls', host: '[::1]:8443' })).toBe('tls ::1:8443');
  });

  it('passes the default expectation on a valid certificate and fails it on an expired one', async () => {
    const valid = await serve(certs.valid);
    const expired = await serve(certs.expired);

    const good = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port: valid, ca: certs.ca.certFile }, options);
    const bad = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port: expired, ca: certs.ca.certFile }, options);

    expect(good.status, JSON.stringify(good.evidence)).toBe('pass');
    expect(bad.status).toBe('fail');
    expect(bad.evidence.conditions?.filter((record) => !record.passed).map((record) => record.condition)).toEqual(['chain_valid == true', 'days_left > 14']);
    expect(bad.evidence.observed).toMatchObject({ chainError: 'CERT_HAS_EXPIRED', validTo: '2020-01-01T00:00:00.000Z' });
  });

  it('sees a certificate for another host as chain-valid but not hostname-valid', async () => {
    const port = await serve(certs.wrongHost);

    const outcome = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port, ca: certs.ca.certFile }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.conditions?.filter((record) => !record.passed).map((record) => record.condition)).toEqual(['hostname_valid == true']);
    expect(outcome.evidence.observed).toMatchObject({ chainValid: true, hostnameValid: false, san: ['wrong.example.test'] });
  });

  it.each([
    ['a self-signed certificate', 'selfSigned' as const, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['a certificate from a CA nobody trusts', 'valid' as const, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ])('reports %s as chain_valid == false with its code', async (_label, which, code) => {
    const port = await serve(certs[which]);

    const { facts } = await tlsKind.probe({ kind: 'tls', host: '127.0.0.1', port }, context);

    expect(facts).toMatchObject({ chain_valid: false, chain_error: code, hostname_valid: true });
  });

  it('sends the SNI name and checks the certificate against it', async () => {
    const server = createTlsServer({
      cert: certs.wrongHost.cert,
      key: certs.wrongHost.key,
      SNICallback: (name, callback) =>
        callback(null, name === 'localhost' ? createSecureContext({ cert: certs.valid.cert, key: certs.valid.key }) : undefined),
    }, (socket) => socket.end());
    const listening = await listenLoopback(server);
    servers.push(listening);
    const spec: TlsCheck = { kind: 'tls', host: '127.0.0.1', port: listening.port, servername: 'localhost', ca: certs.ca.certFile };

    const outcome = await runCheck(tlsKind, spec, options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ servername: 'localhost', subject: 'CN=127.0.0.1' });
    expect(outcome.evidence.target).toBe(`tls 127.0.0.1:${listening.port} (localhost)`);
  });

  it('fails with "connection refused" on a closed port', async () => {
    const port = await closedPort();

    const outcome = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toBe(`127.0.0.1:${port}: connection refused (nothing listens on that port) (ECONNREFUSED)`);
  });

  it('fails clearly when the port does not speak TLS', async () => {
    const plain = await listenLoopback(createNetServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    servers.push(plain);

    const outcome = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port: plain.port }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toMatch(/^127\.0\.0\.1:\d+: /);
  });

  it('errors (not fails) when the CA file is missing', async () => {
    const outcome = await runCheck(tlsKind, { kind: 'tls', host: '127.0.0.1', port: 443, ca: 'missing.pem' }, { ...options, planDir: '/tmp' });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe('cannot read ca file /tmp/missing.pem (ENOENT)');
  });
});
