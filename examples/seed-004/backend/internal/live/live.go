// Package live formats event times for the mini-program.
package live

import "time"

var beijing = time.FixedZone("CST", 8*3600)

// BeijingTime shows an event's start in 北京时间, as the schedule page does.
func BeijingTime(t time.Time) string {
	return t.In(beijing).Format("2006-01-02 15:04") + " 北京时间"
}
