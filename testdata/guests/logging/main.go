// Command logging is a guest of the wasi_logging plug-in
// (plugins/wasi_logging). Its first argument chooses what it does:
//
//	levels CONTEXT...  logs every level to each context (wasi:logging/logging)
//	draft CONTEXT      logs one info record through wasi:logging/logging@0.1.0-draft
//	bad-level          logs with level 6 (traps)
//	bad-context        passes a context outside the memory (traps)
//	bad-message        passes a message outside the memory (traps)
//	huge-length        passes a length of 4 GiB - 1 (traps)
package main

import (
	"fmt"
	"os"
	"unsafe"
)

//go:wasmimport wasi:logging/logging log
func log(level uint32, ctxPtr unsafe.Pointer, ctxLen uint32, msgPtr unsafe.Pointer, msgLen uint32)

//go:wasmimport wasi:logging/logging@0.1.0-draft log
func logDraft(level uint32, ctxPtr unsafe.Pointer, ctxLen uint32, msgPtr unsafe.Pointer, msgLen uint32)

// logRaw takes the pointers as plain integers, to pass hostile ones.
//
//go:wasmimport wasi:logging/logging log
func logRaw(level, ctxPtr, ctxLen, msgPtr, msgLen uint32)

func ptr(s string) (unsafe.Pointer, uint32) {
	if s == "" {
		return nil, 0
	}
	b := []byte(s)
	return unsafe.Pointer(&b[0]), uint32(len(b))
}

func emit(f func(uint32, unsafe.Pointer, uint32, unsafe.Pointer, uint32), level uint32, ctx, msg string) {
	cp, cl := ptr(ctx)
	mp, ml := ptr(msg)
	f(level, cp, cl, mp, ml)
}

var levelNames = []string{"Trace", "Debug", "Info", "Warn", "Error", "Critical"}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: logging MODE [CONTEXT...]")
		os.Exit(2)
	}
	msg := []byte("message")
	mp := uint32(uintptr(unsafe.Pointer(&msg[0])))
	switch os.Args[1] {
	case "levels":
		for _, ctx := range os.Args[2:] {
			for l, name := range levelNames {
				emit(log, uint32(l), ctx, name+" Level Message")
			}
		}
	case "draft":
		emit(logDraft, 2, os.Args[2], "draft import")
	case "bad-level":
		emit(log, 6, "stdout", "never")
	case "bad-context":
		logRaw(2, 0xFFFF0000, 100, mp, 7)
	case "bad-message":
		logRaw(2, 0, 0, 0xFFFFFFF0, 32)
	case "huge-length":
		logRaw(2, 0, 0, mp, 0xFFFFFFFF)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
	fmt.Println("done")
}
