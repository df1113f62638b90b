package wasmedge

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Log levels, as spdlog's.
const (
	logLevelDebug int32 = iota
	logLevelInfo
	logLevelError
	logLevelOff
)

var (
	logLevel  atomic.Int32
	logMu     sync.Mutex
	logOutput io.Writer = os.Stderr
)

func init() { logLevel.Store(logLevelInfo) }

// SetLogErrorLevel makes the runtime log only errors.
func SetLogErrorLevel() { logLevel.Store(logLevelError) }

// SetLogDebugLevel makes the runtime log everything, debug messages
// included.
func SetLogDebugLevel() { logLevel.Store(logLevelDebug) }

// SetLogOff silences the runtime's log.
func SetLogOff() { logLevel.Store(logLevelOff) }

// SetLogOutput sends the runtime's log to w (standard error by default).
// This is an addition to the WasmEdge API.
func SetLogOutput(w io.Writer) {
	logMu.Lock()
	logOutput = w
	logMu.Unlock()
}

// logf writes one log line in WasmEdge's format,
// "[2006-01-02 15:04:05.000] [error] message".
func logf(level int32, format string, args ...any) {
	if level < logLevel.Load() {
		return
	}
	name := [...]string{"debug", "info", "error"}[level]
	line := fmt.Sprintf("[%s] [%s] %s\n", time.Now().Format("2006-01-02 15:04:05.000"), name, fmt.Sprintf(format, args...))
	logMu.Lock()
	_, _ = io.WriteString(logOutput, line)
	logMu.Unlock()
}

// logError logs a failed operation at error level, unless the CLI is
// running: it prints the error itself, on one line.
func logError(err *errcode.Error) {
	if cliReportsErrors.Load() {
		return
	}
	logf(logLevelError, "%s", err.Error())
}

// cliReportsErrors is set while runCLI runs.
var cliReportsErrors atomic.Bool

// LogErrorf writes a message at error level to the runtime's log, in
// WasmEdge's format (as WasmEdge's plug-ins do with spdlog::error). It is an
// addition to the WasmEdge API, for plug-ins written in Go.
func LogErrorf(format string, args ...any) { logf(logLevelError, format, args...) }
