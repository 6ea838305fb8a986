import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';

export const schemaCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('schema')
      .description(t(bi('print the JSON Schema of golive.yaml, for editor completion', '输出 golive.yaml 的 JSON Schema，供编辑器自动补全')))
      .addHelpText(
        'after',
        t(
          bi(
            '\nExample:\n  golive schema > golive.schema.json\n  then put this line on top of golive.yaml:\n  # yaml-language-server: $schema=./golive.schema.json\n',
            '\n示例：\n  golive schema > golive.schema.json\n  然后在 golive.yaml 第一行写：\n  # yaml-language-server: $schema=./golive.schema.json\n',
          ),
        ),
      )
      .action(async () => {
        const { planJsonSchema } = await import('../../plan/json-schema.js');
        context().out(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
      });
  },
};
