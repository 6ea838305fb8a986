import { bi } from '../../core/text.js';
import { regexFind, type Rule } from '../rule.js';

/** True when the match sits after a line comment marker: commented-out code ships nothing. */
function commentedOut(text: string, index: number): boolean {
  const before = text.slice(0, index);
  return /\/\/|^\s*\*|^\s*\/\*|<!--/.test(before);
}

export const todoMarker: Rule = {
  id: 'todo-marker',
  description: bi('TODO / FIXME left in source code', '源代码中遗留的 TODO / FIXME'),
  severity: 'low',
  category: 'leftover',
  scope: 'code-files',
  keywords: ['todo', 'fixme'],
  find: regexFind(/(?<![A-Za-z0-9_])(?:TODO|FIXME)(?![A-Za-z0-9_])/),
};

export const consoleCall: Rule = {
  id: 'console-log',
  description: bi('console.log / console.debug / console.trace in shipped code', '上线代码中的 console.log / console.debug / console.trace'),
  severity: 'low',
  category: 'leftover',
  scope: 'shipped-code',
  keywords: ['console.'],
  find: regexFind(/(?<![\w$.])console\.(?:log|debug|trace|info|dir|table)\s*\(/, {
    validate: (_v, line, m) => !commentedOut(line.text, m.index),
  }),
};

export const debuggerStatement: Rule = {
  id: 'debugger-statement',
  description: bi('debugger statement in shipped code', '上线代码中的 debugger 语句'),
  severity: 'medium',
  category: 'leftover',
  scope: 'shipped-code',
  keywords: ['debugger'],
  find: regexFind(/(?<![\w$.'"`])debugger(?=\s*(?:;|$|\}|\/\/))/, { validate: (_v, line, m) => !commentedOut(line.text, m.index) }),
};

export const debugSwitch: Rule = {
  id: 'debug-switch',
  description: bi(
    'Debug switch on in production configuration (DEBUG=true, ENABLE_DEBUG_ROUTES=true, LOG_LEVEL=debug, NODE_ENV=development)',
    '生产配置中打开的调试开关（DEBUG=true、ENABLE_DEBUG_ROUTES=true、LOG_LEVEL=debug、NODE_ENV=development）',
  ),
  severity: 'high',
  category: 'leftover',
  scope: 'production-config',
  keywords: ['debug', 'log_level', 'loglevel', 'log-level', 'node_env', 'test_routes', 'test_mode', 'testmode'],
  find: regexFind(
    /(?<![A-Za-z0-9_])(?:(?:[A-Za-z0-9]+[_.-])*(?:debug|test[_-]?routes|test[_-]?mode)(?:[_.-][A-Za-z0-9]+)*["']?\s{0,4}[:=]\s{0,4}["']?(?:true|1|on|yes|enabled?)(?![\w-])|(?:[A-Za-z0-9]+[_.-])*log[_.-]?level["']?\s{0,4}[:=]\s{0,4}["']?(?:debug|trace|verbose|silly|all)(?![\w-])|node[_.]env["']?\s{0,4}[:=]\s{0,4}["']?(?:development|dev|test)(?![\w-]))/i,
  ),
};

const urlSchemes = '(?:https?|wss?|rediss?|mysql|postgres(?:ql)?|mongodb(?:\\+srv)?|amqps?|tcp|grpc)';

export const localUrl: Rule = {
  id: 'local-url',
  description: bi('localhost or loopback address in production configuration', '生产配置中的 localhost 或回环地址'),
  severity: 'high',
  category: 'leftover',
  scope: 'production-config',
  keywords: ['localhost', '127.0', '::1]'],
  find: regexFind(
    new RegExp(
      `(?:${urlSchemes}:\\/\\/(?:[^\\s@/'"\`]{0,128}@)?|(?:host|hostname|addr|address|server|endpoint|url|uri|domain)[\\w.-]{0,20}["']?\\s{0,4}[:=]\\s{0,4}["']?)(localhost|127(?:\\.\\d{1,3}){3}|\\[::1\\])(?![\\w.-])`,
      'i',
    ),
    { group: 1 },
  ),
};

export const privateIpUrl: Rule = {
  id: 'private-ip-url',
  description: bi('Private-network IP URL in production configuration', '生产配置中的内网 IP 地址'),
  severity: 'medium',
  category: 'leftover',
  scope: 'production-config',
  keywords: ['://10.', '://192.168.', '://172.', '@10.', '@192.168.', '@172.'],
  find: regexFind(
    new RegExp(
      `${urlSchemes}:\\/\\/(?:[^\\s@/'"\`]{0,128}@)?(10(?:\\.\\d{1,3}){3}|192\\.168(?:\\.\\d{1,3}){2}|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2})(?![\\d.])`,
      'i',
    ),
    { group: 1 },
  ),
};

const testLabel = /^(?:test|testing|dev|develop|development|staging|stage|stg|sit|uat|qa|sandbox|local|localhost|mock|demo)\d*$/i;
const testTld = /^(?:test|local|localhost|example|invalid|internal|lan)$/i;

export const testDomainUrl: Rule = {
  id: 'test-domain-url',
  description: bi('Test, staging or development domain in production configuration', '生产配置中的测试、预发或开发域名'),
  severity: 'medium',
  category: 'leftover',
  scope: 'production-config',
  keywords: ['http://', 'https://', 'ws://', 'wss://'],
  find: regexFind(/(?:https?|wss?):\/\/(?:[^\s@/'"`]{0,128}@)?([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})(?![\w-])/i, {
    group: 1,
    validate: (host) => {
      const labels = host.toLowerCase().split('.');
      if (testTld.test(labels[labels.length - 1] ?? '')) return true;
      return labels.slice(0, -1).some((label) => label.split('-').some((part) => testLabel.test(part)));
    },
  }),
};
