import { get } from '../../utils/request.js';

Page({
  data: { directCommissionRate: 0, indirectCommissionRate: 0 },
  onLoad() {
    get('/config/commission').then((res) => this.setData({ directCommissionRate: res.data.direct_rate, indirectCommissionRate: res.data.indirect_rate }));
  },
});
