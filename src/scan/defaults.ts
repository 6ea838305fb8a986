import type { ScanConfig } from './config.js';

/** Files whose JS/TS is shipped to users: console.log and debugger there are leftovers. */
export const defaultShippedCode = ['pages/', 'components/', 'src/', 'miniprogram/', 'subpackages/', 'app.js', 'app.ts'];
/** Test code inside shipped folders is not shipped. */
export const defaultTestPaths = ['*.test.*', '*.spec.*', '__tests__/', '__mocks__/', 'test/', 'tests/', 'e2e/'];
/** Files that configure production: debug switches and local URLs there are leftovers. */
export const defaultProductionConfig = [
  '.env',
  '.env.production',
  '.env.prod',
  '.env.*.production',
  '.env.production.*',
  '*.prod.*',
  '*.production.*',
  'config/prod*',
  'config/production*',
  'prod/',
  'production/',
  'docker-compose.yml',
  'docker-compose.yaml',
  'docker-compose.prod*',
  'compose.yaml',
  'compose.yml',
];
/** Source files where TODO/FIXME count (documents are left alone). */
export const defaultCodeFiles = [
  '*.js', '*.mjs', '*.cjs', '*.jsx', '*.ts', '*.mts', '*.cts', '*.tsx', '*.vue', '*.svelte',
  '*.wxml', '*.wxss', '*.wxs', '*.go', '*.java', '*.kt', '*.py', '*.php', '*.rb', '*.rs', '*.cs', '*.swift',
  '*.c', '*.h', '*.cpp', '*.scss', '*.less', '*.css', '*.html', '*.sh',
];

/**
 * `scanConfigSchema.parse({})`, written out, so a scan without a configuration (the usual `golive scan`) never loads
 * zod: a cold process spends its first ~50 ms there otherwise. config.test.ts holds the two equal.
 */
export function defaultScanConfig(): ScanConfig {
  return {
    ignore: [],
    allow: [],
    leftovers: {
      todo: true,
      console: true,
      debugger: true,
      debugSwitches: true,
      localUrls: true,
      codeFiles: [...defaultCodeFiles],
      shippedCode: [...defaultShippedCode],
      testPaths: [...defaultTestPaths],
      productionConfig: [...defaultProductionConfig],
    },
    forbidden: [],
    includeBuildOutput: false,
    gitignore: true,
  };
}
