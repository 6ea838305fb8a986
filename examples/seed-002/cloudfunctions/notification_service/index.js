const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async (event) => {
  if (event.action === 'getNotificationStats') {
    const sent = await db.collection('Notifications').where({ status: 'sent' }).count();
    const failed = await db.collection('Notifications').where({ status: 'failed' }).count();
    const total = sent.total + failed.total;
    return { data: { total, successRate: total === 0 ? '100.0' : ((sent.total / total) * 100).toFixed(1) } };
  }
  return { error: `unknown action ${event.action}` };
};
