// 正式环境接口地址 / production API
export const BASE_URL = 'https://wenlu.mmwenlv.cn/api';
