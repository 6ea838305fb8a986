import { defineDetector } from './detector.js';

/** GitHub Actions, GitLab CI and Jenkins pipelines: do they test, do they deploy? */
export const workflowsDetector = defineDetector({
  wants: (rel, name) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(rel) || name === '.gitlab-ci.yml' || name === 'Jenkinsfile',
  read(file) {
    return {
      workflows: [
        {
          file: file.rel,
          runsTests: /\b(npm (run )?test|pnpm (run )?test|yarn test|go test|pytest|vitest|jest|mvn (-\S+ )*test|gradle\w* test)\b/.test(file.text),
          deploys: /\b(deploy|docker (compose )?push|vercel|ssh |scp |tcb |cloudbase )/.test(file.text),
        },
      ],
    };
  },
});
