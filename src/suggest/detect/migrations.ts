import type { MigrationInfo } from '../profile.js';
import { defineDetector, folderOf } from './detector.js';

const flywayName = /^V\d+(?:[._]\d+)*__[\w.-]+\.sql$/;

/** Prisma schemas, Sequelize migrations and Flyway scripts: one entry per folder. */
export const migrationsDetector = defineDetector({
  wants: (rel, name) => name === 'schema.prisma' || flywayName.test(name) || name === 'flyway.conf' || name === '.sequelizerc' || (/(^|\/)migrations\/[^/]+\.[cm]?[jt]s$/.test(rel)),
  read(file) {
    let info: MigrationInfo | undefined;
    if (file.name === 'schema.prisma') {
      const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(file.text)?.[1];
      info = { tool: 'prisma', dir: folderOf(file.rel), database: provider === 'mysql' ? 'mysql' : provider === 'postgresql' ? 'postgres' : null };
    } else if (flywayName.test(file.name) || file.name === 'flyway.conf') {
      info = { tool: 'flyway', dir: folderOf(file.rel), database: /jdbc:mysql|jdbc:mariadb/.test(file.text) ? 'mysql' : /jdbc:postgresql/.test(file.text) ? 'postgres' : null };
    } else if (file.name === '.sequelizerc' || /queryInterface|Sequelize/.test(file.text)) {
      info = { tool: 'sequelize', dir: folderOf(file.rel), database: null };
    }
    return info ? { migrations: [info] } : {};
  },
});
