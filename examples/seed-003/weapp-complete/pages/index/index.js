import { request } from '../../utils/api.js';

Page({
  data: { partners: [] },
  onLoad() {
    request('/api/partners').then((res) => this.setData({ partners: res.items }));
  },
});
