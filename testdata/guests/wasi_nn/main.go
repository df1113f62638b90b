// Command wasi_nn is a LlamaEdge-style guest of wasi_ephemeral_nn: it
// loads a preloaded model by name with a metadata JSON, generates an answer
// to a prompt with compute, then again token by token with compute_single,
// and prints both with the token counts.
//
//	wasi_nn MODEL_NAME PROMPT METADATA_JSON
package main

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

//go:wasmimport wasi_ephemeral_nn load_by_name_with_config
func loadByNameWithConfig(name unsafe.Pointer, nameLen uint32, cfg unsafe.Pointer, cfgLen uint32, graph unsafe.Pointer) uint32

//go:wasmimport wasi_ephemeral_nn init_execution_context
func initExecutionContext(graph uint32, ctx unsafe.Pointer) uint32

//go:wasmimport wasi_ephemeral_nn set_input
func setInput(ctx uint32, index uint32, tensor unsafe.Pointer) uint32

//go:wasmimport wasi_ephemeral_nn compute
func compute(ctx uint32) uint32

//go:wasmimport wasi_ephemeral_nn get_output
func getOutput(ctx uint32, index uint32, out unsafe.Pointer, outLen uint32, written unsafe.Pointer) uint32

//go:wasmimport wasi_ephemeral_nn compute_single
func computeSingle(ctx uint32) uint32

//go:wasmimport wasi_ephemeral_nn get_output_single
func getOutputSingle(ctx uint32, index uint32, out unsafe.Pointer, outLen uint32, written unsafe.Pointer) uint32

//go:wasmimport wasi_ephemeral_nn fini_single
func finiSingle(ctx uint32) uint32

//go:wasmimport wasi_ephemeral_nn finalize_execution_context
func finalizeExecutionContext(ctx uint32) uint32

//go:wasmimport wasi_ephemeral_nn unload
func unload(graph uint32) uint32

// tensor is wasi_nn's 20-byte tensor: guest addresses are 32-bit (Go's
// unsafe.Pointer is 8 bytes on GOARCH=wasm, so the fields are uint32).
type tensor struct {
	dims    uint32
	dimsLen uint32
	typ     uint32
	data    uint32
	dataLen uint32
}

func addr(p unsafe.Pointer) uint32 { return uint32(uintptr(p)) }

func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func set(ctx, index uint32, data []byte) uint32 {
	dims := []uint32{1}
	t := tensor{addr(unsafe.Pointer(&dims[0])), 1, 3, addr(ptr(data)), uint32(len(data))}
	e := setInput(ctx, index, unsafe.Pointer(&t))
	runtime.KeepAlive(dims)
	runtime.KeepAlive(data)
	return e
}

func output(get func(uint32, uint32, unsafe.Pointer, uint32, unsafe.Pointer) uint32, ctx, index uint32) (string, uint32) {
	buf := make([]byte, 1<<16)
	var n uint32
	e := get(ctx, index, ptr(buf), uint32(len(buf)), unsafe.Pointer(&n))
	return string(buf[:n]), e
}

func check(what string, e uint32) {
	if e != 0 {
		fmt.Printf("%s: errno %d\n", what, e)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 4 {
		fmt.Println("usage: wasi_nn MODEL_NAME PROMPT METADATA_JSON")
		os.Exit(2)
	}
	name, prompt, cfg := []byte(os.Args[1]), []byte(os.Args[2]), []byte(os.Args[3])
	var g, c uint32
	check("load_by_name_with_config", loadByNameWithConfig(ptr(name), uint32(len(name)), ptr(cfg), uint32(len(cfg)), unsafe.Pointer(&g)))
	check("init_execution_context", initExecutionContext(g, unsafe.Pointer(&c)))
	check("set_input", set(c, 0, prompt))
	check("compute", compute(c))
	text, e := output(getOutput, c, 0)
	check("get_output", e)
	meta, e := output(getOutput, c, 1)
	check("get_output 1", e)
	fmt.Printf("compute: %q\nmetadata: %s\n", text, meta)

	// Streaming, as LlamaEdge's chat server does it.
	first, e := output(getOutputSingle, c, 0)
	check("get_output_single before compute_single", e)
	var streamed string
	n := 0
	for {
		e := computeSingle(c)
		if e == 100 { // end of sequence
			break
		}
		if e == 101 { // context full
			fmt.Println("stream: context full")
			break
		}
		check("compute_single", e)
		piece, e := output(getOutputSingle, c, 0)
		check("get_output_single", e)
		streamed += piece
		n++
		if n == 64 {
			break
		}
	}
	meta, _ = output(getOutputSingle, c, 1)
	fmt.Printf("stream (%d bytes before): %q\nmetadata: %s\n", len(first), streamed, meta)
	check("fini_single", finiSingle(c))
	check("finalize_execution_context", finalizeExecutionContext(c))
	check("unload", unload(g))
}
