// Package ufc reads event results from the UFC site.
package ufc

import "strings"

// EventStatus maps the site's status words to the app's: 未开赛, 进行中, 已结束.
func EventStatus(site string) string {
	switch strings.ToLower(site) {
	case "live":
		return "进行中"
	case "final":
		return "已结束"
	default:
		return "未开赛"
	}
}
