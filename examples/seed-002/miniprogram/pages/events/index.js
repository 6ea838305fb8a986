Page({
  data: { events: [] },
  async onLoad() {
    const { result } = await wx.cloud.callFunction({ name: 'event_service', data: { action: 'list' } });
    this.setData({ events: result.data });
  },
  async onDelete(event) {
    await wx.cloud.callFunction({ name: 'event_service', data: { action: 'delete', eventId: event.currentTarget.dataset.id } });
  },
});
