import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback, type Listening } from '../../../test/support/net.js';
import { createTestCertificates, type TestCertificate, type TestCertificates } from '../../../test/support/tls.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck, type CheckOutcome } from '../../runner/run-check.js';
import { httpKind, type HttpCheck } from './index.js';

const gigabyte = 1024 ** 3;

/** Routes of the loopback test server; each one is a target a real deployment can turn into. */
function handler(state: { streamedBytes: number; origin: () => string }) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const chainStep = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chainStep) {
      const step = Number(chainStep[1]);
      const limit = Number(url.searchParams.get('to') ?? Infinity);
      response.writeHead(302, { location: step >= limit ? '/healthz' : `/chain/${step + 1}${url.search}` }).end();
      return;
    }
    switch (url.pathname) {
      case '/healthz':
        return json(200, { status: 'ok', items: [1, 2, 3] });
      case '/degraded':
        return json(503, { status: 'degraded' });
      case '/missing':
        return json(404, { error: 'not found' });
      case '/echo': {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () =>
          json(200, {
            method: request.method,
            contentType: request.headers['content-type'] ?? null,
            authorization: request.headers.authorization ?? null,
            received: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        return;
      }
      case '/loop':
        response.writeHead(302, { location: '/loop' }).end();
        return;
      case '/to-other-origin':
        response.writeHead(307, { location: `${state.origin()}/echo` }).end();
        return;
      case '/bad-json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status": ok');
        return;
      case '/text-json':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('{"status":"ok"}');
        return;
      case '/gbk':
        response.writeHead(200, { 'content-type': 'text/plain; charset=gbk' });
        response.end(Buffer.from([0xd6, 0xd0, 0xce, 0xc4])); // "中文" in GBK
        return;
      case '/big-text':
        response.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': ['session=s3cr3t-session-value; HttpOnly', 'lang=zh'] });
        response.end('x'.repeat(10_000));
        return;
      case '/gigabyte': {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(gigabyte) });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (state.streamedBytes < gigabyte && !response.destroyed) {
            state.streamedBytes += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
        return;
      }
      case '/drip': {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => response.write('.'), 1_000);
        response.on('close', () => clearInterval(timer));
        return;
      }
      default:
        return json(404, { error: 'no route' });
    }
  };
}

const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

function http(spec: Omit<HttpCheck, 'kind'>): HttpCheck {
  return { kind: 'http', ...spec };
}

function failedConditions(outcome: CheckOutcome): string[] {
  return (outcome.evidence.conditions ?? []).filter((record) => !record.passed).map((record) => record.condition);
}

describeCheckKindConformance(httpKind, async () => {
  const state = { streamedBytes: 0, origin: () => '' };
  const server = await listenLoopback(createHttpServer(handler(state)));
  const silent = await listenLoopback(createNetServer(() => {})); // accepts, never answers
  const base = `http://127.0.0.1:${server.port}`;
  const token = 'tok_9f8e7d6c5b4a39281706';
  return {
    passing: http({ url: `${base}/healthz`, expect: ['status == 200', 'body.status == "ok"', 'latency < 500ms'] }),
    failing: http({ url: `${base}/degraded`, expect: ['status == 200'] }),
    hanging: http({ url: `http://127.0.0.1:${silent.port}/healthz` }),
    // The server echoes the Authorization header into the body, as debug endpoints do.
    secret: { spec: http({ url: `${base}/echo`, headers: { authorization: `Bearer ${token}` } }), value: token },
    teardown: async () => {
      await Promise.all([server.close(), silent.close()]);
    },
  };
});

describe('http kind against hostile and ordinary targets', () => {
  const state = { streamedBytes: 0, origin: () => '' };
  let server: Listening;
  let base: string;

  beforeAll(async () => {
    server = await listenLoopback(createHttpServer(handler(state)));
    base = `http://127.0.0.1:${server.port}`;
    state.origin = () => `http://localhost:${server.port}`;
  });

  afterAll(() => server.close());

  it('reads JSON bodies, headers and counts for conditions', async () => {
    const outcome = await runCheck(httpKind, http({
      url: `${base}/healthz`,
      expect: ['status == 200', 'body.status == "ok"', 'len(body.items) == 3', 'headers["content-type"] == "application/json"', 'redirects == 0'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ status: '200 OK', url: `${base}/healthz`, headers: { 'content-type': 'application/json' } });
  });

  it('fails the default expectation (status < 400) on a 404 and explains it', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/missing` }), options);

    expect(outcome.status).toBe('fail');
    expect(failedConditions(outcome)).toEqual(['status < 400']);
    expect(outcome.evidence.conditions?.[0]?.message.en).toContain('404');
  });

  it('reads only maxBody of a 1 GB streaming body, stops the download and still finishes', async () => {
    state.streamedBytes = 0;
    const started = performance.now();

    const outcome = await runCheck(httpKind, http({ url: `${base}/gigabyte`, expect: ['status == 200', 'truncated == true', 'size == 1MB'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(performance.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The server stops once the client hangs up: far less than the gigabyte was ever written.
    expect(state.streamedBytes).toBeLessThan(64 * 1024 * 1024);
    expect(outcome.evidence.observed).toMatchObject({ bodyBytes: 1024 * 1024, truncatedAt: 1024 * 1024 });
  });

  it('honours a smaller maxBody written with a unit', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/big-text`, maxBody: '4KB', expect: ['size == 4096', 'truncated == true'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('ends a redirect loop with a clear failure naming the loop', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/loop` }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toBe(`redirect loop: ${base}/loop → ${base}/loop`);
    expect(outcome.evidence.reason?.zh).toContain('重定向循环');
  });

  it('stops an endless chain of new URLs after maxRedirects', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/chain/0`, timeout: '5s' }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toMatch(/^more than 10 redirects: /);
    expect(outcome.evidence.observed).toMatchObject({ error: 'TOO_MANY_REDIRECTS' });
    expect((outcome.evidence.observed?.redirects as unknown[]).length).toBe(11);
  });

  it('follows a finite chain, counting redirects and reporting the final URL', async () => {
    const outcome = await runCheck(httpKind, http({
      url: `${base}/chain/0?to=3`,
      expect: ['redirects == 4', `final_url == "${base}/healthz"`, 'body.status == "ok"'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('reports the redirect itself when followRedirects is false', async () => {
    const outcome = await runCheck(httpKind, http({
      url: `${base}/loop`,
      followRedirects: false,
      expect: ['status == 302', 'headers.location == "/loop"', 'redirects == 0'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('does not carry the Authorization header to another origin on redirect', async () => {
    const outcome = await runCheck(httpKind, http({
      url: `${base}/to-other-origin`,
      headers: { Authorization: 'Bearer same-origin-only' },
      expect: ['body.authorization == null', `final_url == "http://localhost:${server.port}/echo"`],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('times out on a server dripping one byte a second', async () => {
    const started = performance.now();

    const outcome = await runCheck(httpKind, http({ url: `${base}/drip`, timeout: '700ms' }), options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toMatch(/timed out after 700ms/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('exposes json_error for a body that claims JSON but does not parse', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/bad-json`, expect: ['json_error == null'] }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.observed).toMatchObject({ body: '{"status": ok' });
    expect(outcome.evidence.conditions?.[0]?.message.en).toContain('json_error');
  });

  it('parses a JSON object sent as text/plain, and decodes a GBK page', async () => {
    const json = await runCheck(httpKind, http({ url: `${base}/text-json`, expect: ['body.status == "ok"'] }), options);
    const gbk = await runCheck(httpKind, http({ url: `${base}/gbk`, expect: ['text == "中文"'] }), options);

    expect(json.status, JSON.stringify(json.evidence)).toBe('pass');
    expect(gbk.status, JSON.stringify(gbk.evidence)).toBe('pass');
  });

  it('sends an object body as JSON with the method given', async () => {
    const outcome = await runCheck(httpKind, http({
      url: `${base}/echo`,
      method: 'POST',
      body: { name: '小程序' },
      expect: ['body.method == "POST"', 'body.contentType == "application/json"', 'body.received == "{\\"name\\":\\"小程序\\"}"'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('keeps evidence short and hides cookie values', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/big-text` }), options);

    const observed = outcome.evidence.observed as { body: string; headers: Record<string, string> };
    expect(observed.body.length).toBeLessThan(2_100);
    expect(observed.body).toMatch(/… \(7952 more characters\)$/);
    expect(observed.headers['set-cookie']).toBe('session=…, lang=…');
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t-session-value');
  });

  it('fails with "connection refused" on a closed port', async () => {
    const port = await closedPort();

    const outcome = await runCheck(httpKind, http({ url: `http://127.0.0.1:${port}/healthz` }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toBe(`http://127.0.0.1:${port}/healthz: connection refused (nothing listens on that port) (ECONNREFUSED)`);
    expect(outcome.evidence.reason?.zh).toContain('连接被拒绝');
  });

  it('leaves the password of a URL out of the label and the evidence', async () => {
    const outcome = await runCheck(httpKind, http({ url: `http://admin:hunter2-pw@127.0.0.1:${server.port}/healthz` }), options);

    expect(outcome.status).toBe('pass');
    expect(outcome.evidence.target).toBe(`GET ${base}/healthz`);
    expect(JSON.stringify(outcome)).not.toContain('hunter2-pw');
  });

  it('errors (not fails) when the CA file cannot be read', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/healthz`, ca: 'no-such-ca.pem' }), { ...options, planDir: '/tmp' });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe('cannot read ca file /tmp/no-such-ca.pem (ENOENT)');
  });

  it('errors with a clear message when undici refuses the request itself', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/healthz`, headers: { 'x-trace': 'line\nbreak' } }), options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toMatch(/^the request could not be made: .*header/i);
    expect(outcome.evidence.reason?.zh).toMatch(/^无法发出请求：/);
  });

  it('sends HEAD without reading a body', async () => {
    const outcome = await runCheck(httpKind, http({ url: `${base}/healthz`, method: 'HEAD', expect: ['status == 200', 'size == 0'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(outcome.evidence.observed).not.toHaveProperty('body');
  });

  it('rejects bad specs with one clear message each', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'http', url: 'ftp://example.com' }, 'expected an http:// or https:// URL'],
      [{ kind: 'http', url: 'https://example.com', cert: 'client.pem' }, 'cert and key go together: give both files or neither'],
      [{ kind: 'http', url: 'https://example.com', maxBody: 'lots' }, 'expected a size such as 512KB, 1MB or 2GB (or a number of bytes)'],
    ];

    for (const [spec, message] of cases) {
      const parsed = httpKind.schema.safeParse(spec);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message]);
    }
    expect(httpKind.schema.safeParse({ kind: 'http', url: 'https://example.com', method: 'post' }).data?.method).toBe('POST');
  });
});

describe('http kind over TLS with certificates made in the test', () => {
  let certs: TestCertificates;
  const servers: Listening[] = [];

  async function httpsServer(certificate: TestCertificate, extra: { requestCert?: boolean } = {}): Promise<string> {
    const server = createHttpsServer(
      { cert: certificate.cert, key: certificate.key, ca: certs.ca.cert, requestCert: extra.requestCert ?? false, rejectUnauthorized: extra.requestCert ?? false },
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
      },
    );
    const listening = await listenLoopback(server);
    servers.push(listening);
    return `https://127.0.0.1:${listening.port}/healthz`;
  }

  beforeAll(async () => {
    certs = await createTestCertificates();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await certs.cleanup();
  });

  it('passes a valid certificate trusted through `ca`, reporting tls.days_left', async () => {
    const url = await httpsServer(certs.valid);

    const outcome = await runCheck(httpKind, http({ url, ca: certs.ca.certFile, expect: ['status == 200', 'tls.days_left >= 58', 'tls.days_left <= 60'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it.each([
    ['expired', 'expired' as const, 'the certificate has expired (CERT_HAS_EXPIRED)', '证书已过期'],
    ['wrong host name', 'wrongHost' as const, 'the certificate is not valid for this host name (ERR_TLS_CERT_ALTNAME_INVALID)', '证书与主机名不匹配'],
    ['self-signed', 'selfSigned' as const, 'the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)', '自签名'],
  ])('fails on an %s certificate, naming the problem', async (_label, which, en, zh) => {
    const url = await httpsServer(certs[which]);

    const outcome = await runCheck(httpKind, http({ url, ca: certs.ca.certFile }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toBe(`${url}: TLS failed, ${en}`);
    expect(outcome.evidence.reason?.zh).toContain(zh);
  });

  it('lets a self-signed or expired certificate through with insecure: true', async () => {
    const selfSigned = await httpsServer(certs.selfSigned);
    const expired = await httpsServer(certs.expired);

    const first = await runCheck(httpKind, http({ url: selfSigned, insecure: true, expect: ['status == 200', 'tls.days_left >= 28'] }), options);
    const second = await runCheck(httpKind, http({ url: expired, insecure: true, expect: ['tls.days_left < 0'] }), options);

    expect(first.status, JSON.stringify(first.evidence)).toBe('pass');
    expect(second.status, JSON.stringify(second.evidence)).toBe('pass');
  });

  it('presents a client certificate when the server requires one', async () => {
    const url = await httpsServer(certs.valid, { requestCert: true });

    const withCert = await runCheck(httpKind, http({ url, ca: certs.ca.certFile, cert: certs.client.certFile, key: certs.client.keyFile }), options);
    const without = await runCheck(httpKind, http({ url, ca: certs.ca.certFile }), options);

    expect(withCert.status, JSON.stringify(withCert.evidence)).toBe('pass');
    expect(without.status).toBe('fail');
  });
});
