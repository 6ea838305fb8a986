const { Order } = require('../models');

exports.create = async (req, res) => {
  const order = await Order.create({ userId: req.user.id, items: req.body.items });
  res.json({ order });
};

exports.pay = async (req, res) => {
  const order = await Order.findByPk(req.params.id);
  // TODO: 接入微信支付统一下单，目前是模拟支付
  await order.update({ status: 'paid' });
  res.json({ order });
};
