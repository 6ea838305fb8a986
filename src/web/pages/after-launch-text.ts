import i18next from 'i18next';
import type { Bilingual } from '../../core/text.js';
import { sideOf } from '../i18n.js';

/** The after-launch views' texts, added to i18next when their lazy chunk loads (the first load does not carry them). */
const messages = {
  rolloutTitle: { en: 'Gray release', zh: '灰度发布' },
  inspectionsTitle: { en: 'Inspections after launch', zh: '上线后巡检' },
  backToRun: { en: 'Back to the run', zh: '返回运行' },
  noRollout: { en: 'No rollout yet: it starts with `golive rollout start` once the gate has passed.', zh: '尚未开始灰度：门禁通过后用 `golive rollout start` 开始。' },
  noRolloutPlan: { en: 'The plan has no rollout stages (rollout.stages).', zh: '计划中没有灰度阶段（rollout.stages）。' },
  rsRunning: { en: 'running', zh: '进行中' },
  rsWaiting: { en: 'waiting for a person', zh: '等待人工操作' },
  rsPaused: { en: 'paused', zh: '已暂停' },
  rsAborted: { en: 'aborted', zh: '已中止' },
  rsCompleted: { en: 'completed', zh: '已完成' },
  rolledBack: { en: 'rolled back', zh: '已回滚' },
  rollbackPending: { en: 'rollback decided, not run yet', zh: '已决定回滚，尚未执行' },
  stages: { en: 'Stages', zh: '阶段' },
  hold: { en: 'hold {{hold}}', zh: '观察 {{hold}}' },
  holdProgress: { en: 'held {{held}} of {{hold}}', zh: '已观察 {{held}} / {{hold}}' },
  setBy: { en: 'set by {{how}}', zh: '由 {{how}} 设置' },
  byHand: { en: 'by hand: {{step}}', zh: '人工：{{step}}' },
  confirmAfterHold: { en: 'a person promotes after the hold', zh: '观察期后需人工推进' },
  guards: { en: 'Guards', zh: '守护条件' },
  triggers: { en: 'Rollback triggers', zh: '回滚条件' },
  judgedByPerson: { en: 'judged by a person', zh: '由人工判断' },
  firedWith: { en: 'Fired: {{condition}} held for {{held}}', zh: '已触发：{{condition}} 持续 {{held}}' },
  rollback: { en: 'Rollback', zh: '回滚' },
  rollbackCommand: { en: 'Rollback command ({{mode}})', zh: '回滚命令（{{mode}}）' },
  autoRollback: { en: 'runs by itself', zh: '自动执行' },
  confirmedRollback: { en: 'after a person confirms with Abort', zh: '需人工点击中止确认' },
  rollbackSteps: { en: 'Rollback steps', zh: '回滚步骤' },
  timeline: { en: 'What happened', zh: '过程记录' },
  pauseRollout: { en: 'Pause', zh: '暂停' },
  resumeRollout: { en: 'Resume', zh: '恢复' },
  promoteRollout: { en: 'Promote', zh: '推进' },
  abortRollout: { en: 'Abort and roll back', zh: '中止并回滚' },
  abortTitle: { en: 'Abort the rollout?', zh: '中止灰度发布？' },
  abortHelp: { en: "The plan's rollback command runs; the reason goes into the audit trail.", zh: '将执行计划中的回滚命令；原因记入审计记录。' },
  onlyMembers: { en: 'Project members and administrators can pause, resume, promote or abort.', zh: '项目成员和管理员可以暂停、恢复、推进或中止。' },
  waitingStep: { en: 'Waiting for: {{what}}', zh: '等待：{{what}}' },
  notStarted: { en: 'No inspections scheduled yet (`golive inspect start`).', zh: '尚未安排巡检（`golive inspect start`）。' },
  tPlus: { en: 'T+{{day}}', zh: 'T+{{day}}' },
  slot: { en: 'Time ({{zone}})', zh: '时间（{{zone}}）' },
  inspectionsDone: { en: '{{done}} of {{all}} done', zh: '已完成 {{done}} / {{all}}' },
  cellPass: { en: 'all passed', zh: '全部通过' },
  cellFail: { en: 'failures', zh: '有失败' },
  cellCouldNotRun: { en: 'could not run', zh: '无法执行' },
  cellMissed: { en: 'missed', zh: '错过' },
  cellRunning: { en: 'running', zh: '进行中' },
  cellQueued: { en: 'to come', zh: '未到时间' },
  due: { en: 'Due', zh: '计划时间' },
  finished: { en: 'Finished', zh: '完成时间' },
  worker: { en: 'Worker', zh: '工作进程' },
  results: { en: 'Results', zh: '结果' },
  failuresTitle: { en: 'Failures', zh: '失败项' },
  none: { en: 'none', zh: '无' },
} as const satisfies Record<string, Bilingual>;

export type AfterLaunchKey = keyof typeof messages;

for (const [lang, side] of [['en', 'en'], ['zh-CN', 'zh']] as const) {
  i18next.addResourceBundle(lang, 'translation', sideOf(messages, side), true, false);
}
