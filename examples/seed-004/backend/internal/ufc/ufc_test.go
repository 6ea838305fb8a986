package ufc

import "testing"

func TestEventStatus(t *testing.T) {
	for site, want := range map[string]string{"live": "进行中", "FINAL": "已结束", "upcoming": "未开赛"} {
		if got := EventStatus(site); got != want {
			t.Errorf("EventStatus(%q) = %q, want %q", site, got, want)
		}
	}
}
