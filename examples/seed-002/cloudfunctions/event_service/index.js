const cloud = require('wx-server-sdk');
const { notifyParticipants } = require('./notify');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async (event) => {
  if (event.action === 'list') return { data: (await db.collection('Events').where({ isDeleted: false }).get()).data };
  if (event.action === 'delete') {
    await db.collection('Events').doc(event.eventId).update({ data: { isDeleted: true, deleteTime: db.serverDate() } });
    await notifyParticipants(event.eventId);
    return { ok: true };
  }
  return { error: `unknown action ${event.action}` };
};
