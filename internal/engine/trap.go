package engine

import (
	"regexp"
	"strconv"
)

// topFrameRE matches the first frame of wazero's stack trace:
// "wasm stack trace:\n\t<module>.<function>(<params>)...".
var topFrameRE = regexp.MustCompile(`wasm stack trace:\n\t[^.\n(]*\.([^\n(]*)\(`)

// TopFrame returns the name of the function a trap happened in, as
// wazero's stack trace gives it (the name section's name, or "$<index>"),
// and, for "$<index>", the index in the function index space.
func TopFrame(err error) (name string, index uint32, hasIndex bool) {
	m := topFrameRE.FindStringSubmatch(err.Error())
	if m == nil {
		return "", 0, false
	}
	name = m[1]
	if len(name) > 1 && name[0] == '$' {
		if i, err := strconv.ParseUint(name[1:], 10, 32); err == nil {
			return name, uint32(i), true
		}
	}
	return name, 0, false
}
