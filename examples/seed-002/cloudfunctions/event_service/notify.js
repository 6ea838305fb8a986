const cloud = require('wx-server-sdk');

// The notification integration the seed's 第一阶段 §2 asks for: every participant hears of a deleted training.
exports.notifyParticipants = async (eventId) =>
  cloud.callFunction({ name: 'notification_service', data: { action: 'sendEventDeleted', eventId } });
