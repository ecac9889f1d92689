package srp

import (
	"time"
)

// timestampLayout is Java's "EEE MMM d HH:mm:ss z yyyy" in UTC: 24-hour
// clock, day of month not zero-padded.
const timestampLayout = "Mon Jan 2 15:04:05 UTC 2006"

// FormatTimestamp returns t in UTC as the TIMESTAMP challenge response,
// e.g. "Fri Jan 2 03:04:05 UTC 2026".
func FormatTimestamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
}

// ParseTimestamp parses a TIMESTAMP. Only the exact form FormatTimestamp
// produces is accepted, including a matching day of the week.
func ParseTimestamp(s string) (time.Time, error) {
	const op = "ParseTimestamp"
	if len(s) > len("Wed Sep 30 23:59:59 UTC 10000") {
		return time.Time{}, invalid(op, "timestamp is too long")
	}
	t, err := time.Parse(timestampLayout, s)
	if err != nil || FormatTimestamp(t) != s {
		return time.Time{}, invalid(op, "timestamp is not in the form \"Mon Jan 2 15:04:05 UTC 2006\"")
	}
	return t, nil
}
