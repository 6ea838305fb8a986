package live

import (
	"testing"
	"time"
)

func TestBeijingTime(t *testing.T) {
	start := time.Date(2025, 12, 7, 3, 0, 0, 0, time.UTC)
	if got, want := BeijingTime(start), "2025-12-07 11:00 北京时间"; got != want {
		t.Errorf("BeijingTime = %q, want %q", got, want)
	}
}
