package wasilogging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// Level is a wasi-logging level, as the guest passes it.
type Level uint32

// The levels of wasi:logging/logging's enum level.
const (
	LevelTrace Level = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
	LevelCritical
)

// names are the level names of WasmEdge's output (spdlog's).
var names = [...]string{"trace", "debug", "info", "warning", "error", "critical"}

// String returns the name WasmEdge prints for l.
func (l Level) String() string {
	if l > LevelCritical {
		return fmt.Sprintf("level(%d)", uint32(l))
	}
	return names[l]
}

// LevelOf maps a wasi-logging level onto slog's: trace is slog.LevelDebug-4,
// critical slog.LevelError+4, the others their namesakes.
func LevelOf(l Level) slog.Level {
	switch l {
	case LevelTrace:
		return slog.LevelDebug - 4
	case LevelDebug:
		return slog.LevelDebug
	case LevelInfo:
		return slog.LevelInfo
	case LevelWarn:
		return slog.LevelWarn
	case LevelError:
		return slog.LevelError
	default:
		return slog.LevelError + 4
	}
}

// hostFuncError is WasmEdge's HostFuncError (0x40E): the guest traps.
var hostFuncError = wasmedge.NewResult(wasmedge.ErrCategory_WASM, 0x40E)

// streams returns the standard output and error a new module writes to;
// tests replace it.
var streams = func() (stdout, stderr io.Writer) { return os.Stdout, os.Stderr }

// now is the clock of the records' timestamps; tests replace it.
var now = time.Now

// instance is the state of one module instance: where it writes, and the
// files it may open (a copy of the options when it was created).
type instance struct {
	stdout, stderr io.Writer
	logger         *slog.Logger
	files, dirs    []string
}

func newModule(name string) *wasmedge.Module {
	in := &instance{}
	in.stdout, in.stderr = streams()
	config.Lock()
	in.logger = config.logger
	in.files = append([]string(nil), config.files...)
	in.dirs = append([]string(nil), config.dirs...)
	config.Unlock()

	mod := wasmedge.NewModule(name)
	i32 := wasmedge.NewValTypeI32()
	ftype := wasmedge.NewFunctionType([]*wasmedge.ValType{i32, i32, i32, i32, i32}, nil)
	mod.AddFunction("log", wasmedge.NewFastFunction(ftype, in.log, 0))
	return mod
}

// log is wasi:logging/logging's log function.
//
// # Parameters
//   - level: trace (0) .. critical (5)
//   - context_ptr, context_len: the context, UTF-8 in the guest's memory
//   - message_ptr, message_len: the message, UTF-8 in the guest's memory
//
// # Result
// None. It traps (0x40E), with an error logged, for a level out of range,
// a range outside the memory, no guest memory, or a file context that is
// not allowed or cannot be opened.
//
// # Notes
// The level is checked before a file is opened (WasmEdge opens the file
// first). With SetLogger, records go to the logger, files included, and no
// file is opened.
func (in *instance) log(ctx context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	level := Level(api.DecodeU32(stack[0]))
	cptr, clen := api.DecodeU32(stack[1]), api.DecodeU32(stack[2])
	mptr, mlen := api.DecodeU32(stack[3]), api.DecodeU32(stack[4])
	var mem api.Memory
	if caller != nil {
		mem = caller.Memory()
	}
	if mem == nil {
		wasmedge.LogErrorf("[WasiLogging] log called without a guest memory")
		return hostFuncError
	}
	cbuf, ok := mem.Read(cptr, clen)
	if !ok {
		wasmedge.LogErrorf("[WasiLogging] context [%d, %d+%d) is outside the guest's memory of %d bytes", cptr, cptr, clen, mem.Size())
		return hostFuncError
	}
	mbuf, ok := mem.Read(mptr, mlen)
	if !ok {
		wasmedge.LogErrorf("[WasiLogging] message [%d, %d+%d) is outside the guest's memory of %d bytes", mptr, mptr, mlen, mem.Size())
		return hostFuncError
	}
	if level > LevelCritical {
		// WasmEdge's messages.
		wasmedge.LogErrorf("[WasiLogging] Unrecognized Logging Level: %d", uint32(level))
		for l := LevelTrace; l <= LevelCritical; l++ {
			wasmedge.LogErrorf("[WasiLogging] %s Level = %d", levelTitles[l], uint32(l))
		}
		return hostFuncError
	}
	where, msg := string(cbuf), string(mbuf)

	if in.logger != nil {
		in.logger.Log(ctx, LevelOf(level), msg, slog.String("context", where))
		return wasmedge.Result_Success
	}
	line := fmt.Sprintf("[%s] [%s] %s\n", now().Format("2006-01-02 15:04:05.000"), level, msg)
	switch where {
	case "", "stdout":
		_, _ = io.WriteString(in.stdout, line)
	case "stderr":
		_, _ = io.WriteString(in.stderr, line)
	default:
		if err := in.appendFile(where, line); err != nil {
			wasmedge.LogErrorf("[WasiLogging] Cannot log into file: %v", err)
			return hostFuncError
		}
	}
	return wasmedge.Result_Success
}

// levelTitles are the names in WasmEdge's message for a bad level.
var levelTitles = [...]string{"Trace", "Debug", "Info", "Warn", "Error", "Critical"}
