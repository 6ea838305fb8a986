import { defineDetector } from './detector.js';

export const dockerfileDetector = defineDetector({
  wants: (_rel, name) => /^Dockerfile(?:\.[\w.-]+)?$/.test(name) || name.endsWith('.dockerfile'),
  read(file) {
    const instructions = file.text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    const from = instructions.filter((line) => /^FROM\s/i.test(line)).at(-1);
    return {
      dockerfiles: [
        {
          file: file.rel,
          baseImage: from?.split(/\s+/)[1] ?? null,
          user: instructions.some((line) => /^USER\s+(?!root\b|0\b)/i.test(line)),
          healthcheck: instructions.some((line) => /^HEALTHCHECK\s+(?!NONE)/i.test(line)),
        },
      ],
    };
  },
});
