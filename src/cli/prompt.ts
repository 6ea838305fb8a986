import type { VariablePrompt } from '../plan/load.js';

/** Asks for a missing variable on stderr (stdout may be a JSON report). */
export function terminalPrompt(): VariablePrompt {
  return async ({ name, secret, description, example }) => {
    const { input, password } = await import('@inquirer/prompts');
    const message = `${name}${description ? ` (${description})` : ''}${example ? ` e.g. ${example}` : ''}`;
    const context = { output: process.stderr };
    return secret ? password({ message, mask: '•' }, context) : input({ message, required: true }, context);
  };
}
