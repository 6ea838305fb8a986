import { describe, expect, it } from 'vitest';
import { looksLikeSecretName } from '../core/secret-names.js';
import { discoverSecrets } from './discover.js';
import { phraseSecrets } from './phrases.js';
import { createSecretSet } from './secret-set.js';

describe('secret names', () => {
  it('knows credentials by any word of the name', () => {
    for (const name of ['DB_PASSWORD', 'REDIS_PASS', 'MYSQL_PWD', 'JWT_SECRET', 'API_TOKEN', 'apiKey', 'x-api-key', 'X-Auth-Token', 'ALIYUN_SK', 'AK', 'ACCESS_KEY_SECRET', 'GOOGLE_APPLICATION_CREDENTIALS', 'private_key', 'Authorization', 'sig']) {
      expect(looksLikeSecretName(name), name).toBe(true);
    }
  });

  it('leaves public ids, paths, addresses and ordinary words alone', () => {
    for (const name of ['ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID', 'KEY_FILE', 'TOKEN_URL', 'PASSWORD_MIN_LENGTH', 'MONKEY', 'KEYCLOAK_URL', 'passive', 'NODE_ENV', 'LOG_LEVEL', 'user', 'bypass']) {
      expect(looksLikeSecretName(name), name).toBe(false);
    }
  });
});

describe('discovering secrets a check saw', () => {
  it('finds NAME=value lines, JSON fields, header lines, metric labels and connection strings', () => {
    const found = discoverSecrets({
      stdout: 'REDIS_PASS=Pa55-redis-77x\nexport JWT_SECRET="jwt-Secret-4411"\nLOG_LEVEL=info\nACCESS_KEY_ID=AKIDPUBLIC123',
      body: '{"user": "ops", "password": "json-Pass-9q8w", "token_ttl": "3600"}',
      raw: 'X-Api-Key: hdr-Key-5t6y\nContent-Type: text/plain',
      metric: 'app_info{version="1.2.3",db_password="label-Pw-3e4r"} 1',
      log: 'connecting to mysql://app:Dsn-Pw-1z2x@db:3306/shop',
      headers: { authorization: 'Bearer bearer-Tok-8u9i', 'content-length': '42' },
      row: { token: 'column-Tok-7y6t' },
      js: "module.exports = { deployPassword: 'js-Pw-5r4e' };",
    });
    expect([...found].sort()).toEqual(
      ['Bearer bearer-Tok-8u9i', 'Dsn-Pw-1z2x', 'Pa55-redis-77x', 'bearer-Tok-8u9i', 'column-Tok-7y6t', 'hdr-Key-5t6y', 'js-Pw-5r4e', 'json-Pass-9q8w', 'jwt-Secret-4411', 'label-Pw-3e4r'].sort(),
    );
  });

  it('ignores placeholders, numbers and already masked values', () => {
    expect([...discoverSecrets('DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=changeme\nPASSWORD=••••3f\nMAX_TOKENS=4096\nTOKEN=true')]).toEqual([]);
  });
});

describe('phrases people type', () => {
  it('finds the word after password, pw, token, secret, 密码 and 口令', () => {
    expect(phraseSecrets('checked with password Zq8v-typed-1')).toEqual(['Zq8v-typed-1']);
    expect(phraseSecrets('temp root pw is Wv7t-typed-2.')).toEqual(['Wv7t-typed-2']);
    expect(phraseSecrets('pw: Qa1s-typed-3, rotated tomorrow')).toEqual(['Qa1s-typed-3']);
    expect(phraseSecrets('token abcd1234efgh5678ijkl')).toEqual(['abcd1234efgh5678ijkl']);
    expect(phraseSecrets('secret Xy9-typed-4')).toEqual(['Xy9-typed-4']);
    expect(phraseSecrets('数据库密码 Mm5n-typed-5 已确认')).toEqual(['Mm5n-typed-5']);
    expect(phraseSecrets('密码：Kk3j-typed-6')).toEqual(['Kk3j-typed-6']);
    expect(phraseSecrets('管理口令是Ll2k-typed-7')).toEqual(['Ll2k-typed-7']);
  });

  it('leaves sentences about passwords alone', () => {
    expect(phraseSecrets('the password policy was reviewed; pass the review to ops')).toEqual([]);
    expect(phraseSecrets('密码 已轮换')).toEqual([]);
  });
});

describe('a run\'s secret set', () => {
  it('masks a value one check saw in every later text, even without its name', () => {
    const secrets = createSecretSet({ salt: 'r-1' });
    secrets.discover('REDIS_PASS=Pa55-redis-77x');
    expect(secrets.redact({ other: 'echo Pa55-redis-77x' })).toEqual({ other: 'echo ••••7x' });
  });

  it('recognises a value from fingerprints alone in a later process, and never keeps the value', () => {
    const first = createSecretSet({ salt: 'r-2' });
    first.discover('"password": "json-Pass-9q8w"');
    const fingerprints = first.fingerprints();
    expect(fingerprints.join('\n')).not.toContain('json-Pass-9q8w');

    const later = createSecretSet({ salt: 'r-2' });
    later.learn(fingerprints);
    expect(later.redact('note: used json-Pass-9q8w, and url https://x/?p=json-Pass-9q8w&y=1')).not.toContain('json-Pass-9q8w');
    const otherRun = createSecretSet({ salt: 'r-3' });
    otherRun.learn(fingerprints);
    expect(otherRun.redact('json-Pass-9q8w')).toBe('json-Pass-9q8w');
  });

  it('tells when typed text was masked', () => {
    const secrets = createSecretSet({ salt: 'r-4' });
    expect(secrets.redactTyped('all good')).toEqual({ text: 'all good', masked: false });
    const typed = secrets.redactTyped('checked with password Zq8v-typed-1');
    expect(typed.masked).toBe(true);
    expect(typed.text).not.toContain('Zq8v-typed-1');
  });
});
