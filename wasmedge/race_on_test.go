//go:build race

package wasmedge

// raceEnabled reports a build with the race detector, under which
// sync.Pool drops a quarter of what it is given (to catch misuse), so that
// allocation counts do not hold.
const raceEnabled = true
