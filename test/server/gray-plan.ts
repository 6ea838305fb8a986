/** A plan with a manual gray stage that holds a day, a full stage, a rollback trigger and two days of daily inspections. */
export const grayPlanYaml = `name: gray-launch
roles:
  - { id: ops, title: Ops }
items:
  - id: health
    title: Health answers
    priority: blocker
    check: { kind: tcp, host: 127.0.0.1, port: 9, timeout: 200ms, expect: [open == false] }
  - id: phone
    title: Smoke test on a phone
    manual: order on a phone
monitors:
  - { id: error_rate, metric: 错误率 }
rollout:
  stages:
    - { id: gray-10, percent: 10, hold: 24h, manual: 点击「灰度发布」10% }
    - { id: full, percent: 100, manual: 点击「全量发布」 }
  rollbackWhen:
    - { id: errors, condition: "error_rate > 1%", for: 10m, description: 系统错误率持续超过1% }
  rollbackSteps: [暂停灰度发布, 恢复上一个稳定版本]
inspections:
  - { id: t7, title: 上线后巡检, schedule: daily 09:00, for: 2d, items: [health] }
`;
