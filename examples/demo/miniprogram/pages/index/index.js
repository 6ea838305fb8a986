const { request } = require('../../utils/request');

Page({
  data: { products: [], loading: true },
  onLoad() {
    request('/api/products').then((products) => {
      // Deliberate leftover for the golive demo: the report shows it as a finding.
      // golive 演示用的遗留调试代码：报告中会显示为一处发现。
      console.log('products loaded', products.length);
      this.setData({ products, loading: false });
    });
  },
});
