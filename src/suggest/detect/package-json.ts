import { bi } from '../../core/text.js';
import { defineDetector } from './detector.js';

interface PackageJson {
  name?: unknown;
  scripts?: Record<string, unknown>;
  engines?: { node?: unknown };
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

export const packageJsonDetector = defineDetector({
  wants: (_rel, name) => name === 'package.json',
  read(file) {
    let data: PackageJson;
    try {
      data = JSON.parse(file.text) as PackageJson;
    } catch {
      return { problems: [{ file: file.rel, message: bi('not valid JSON', '不是合法的 JSON') }] };
    }
    const scripts = data.scripts !== null && typeof data.scripts === 'object' ? data.scripts : {};
    const test = typeof scripts.test === 'string' ? scripts.test : '';
    return {
      packages: [
        {
          file: file.rel,
          name: typeof data.name === 'string' ? data.name : null,
          scripts: Object.keys(scripts),
          realTestScript: test !== '' && !/no test specified/i.test(test),
          nodeEngine: typeof data.engines?.node === 'string' ? data.engines.node : null,
          dependencies: [...Object.keys(data.dependencies ?? {}), ...Object.keys(data.devDependencies ?? {})],
        },
      ],
    };
  },
});
