package wasmedgeprocess

import (
	"fmt"
	"sync"
	"time"

	"github.com/pureedge/pureedge/wasmedge"
)

// command is what run hands to runCommand.
type command struct {
	name      string
	args      []string
	env       []string
	stdin     []byte
	timeoutMS uint32
	maxOutput int
}

// result is a command's outcome: WasmEdge's exit code and the outputs, or
// unsupported, a message saying this platform cannot run commands (then
// the call traps, as WasmEdge's does on Windows).
type result struct {
	code           int32
	stdout, stderr []byte
	unsupported    string
}

// boundedBuffer keeps the first max bytes written to it and counts the
// rest; it never fails a write, so the command is never blocked or broken
// by a full pipe.
type boundedBuffer struct {
	mu      sync.Mutex
	buf     []byte
	max     int
	dropped int64
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	keep := min(len(p), b.max-len(b.buf))
	b.buf = append(b.buf, p[:keep]...)
	b.dropped += int64(len(p) - keep)
	return len(p), nil
}

// bytes returns what was kept, logging what was dropped.
func (b *boundedBuffer) bytes(stream string) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dropped > 0 {
		wasmedge.LogErrorf("[WasmEdge Process] the command's %s exceeded %d bytes (--%s); %d bytes dropped", stream, b.max, OptionMaxOutput, b.dropped)
	}
	return b.buf
}

// spawnFailure is the stderr WasmEdge's child writes when exec fails: its
// spdlog line, on the child's stderr, which the parent captures.
func spawnFailure(msg string) []byte {
	return fmt.Appendf(nil, "[%s] [error] %s\n", time.Now().Format("2006-01-02 15:04:05.000"), msg)
}
