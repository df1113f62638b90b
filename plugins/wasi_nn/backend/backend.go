// Package backend is the interface between wasi_nn's ABI layer (handles,
// guest memory, errno values) and its inference backends. A backend sees
// byte slices and Go values only, never guest memory.
package backend

import (
	"errors"
	"fmt"
)

// Errno is a wasi_nn error code, numbered as WasmEdge numbers them.
type Errno uint32

// The wasi_nn error codes (WasmEdge's, extensions from 100).
const (
	Success              Errno = 0
	InvalidArgument      Errno = 1
	InvalidEncoding      Errno = 2
	MissingMemory        Errno = 3
	Busy                 Errno = 4
	RuntimeError         Errno = 5
	UnsupportedOperation Errno = 6
	TooLarge             Errno = 7
	NotFound             Errno = 8
	EndOfSequence        Errno = 100
	ContextFull          Errno = 101
	PromptTooLong        Errno = 102
	ModelNotFound        Errno = 103
)

// Error is a backend failure with its wasi_nn code.
type Error struct {
	Code Errno
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Errorf builds an *Error.
func Errorf(code Errno, format string, args ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// Code is the errno of err: Success for nil, the code of an *Error in its
// chain, RuntimeError otherwise.
func Code(err error) Errno {
	if err == nil {
		return Success
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return RuntimeError
}

// Encoding is a graph encoding (WasmEdge's Backend enum).
type Encoding uint32

// The encodings WasmEdge knows.
const (
	OpenVINO       Encoding = 0
	ONNX           Encoding = 1
	Tensorflow     Encoding = 2
	PyTorch        Encoding = 3
	TensorflowLite Encoding = 4
	Autodetect     Encoding = 5
	GGML           Encoding = 6
	NeuralSpeed    Encoding = 7
	Whisper        Encoding = 9
	MLX            Encoding = 10
	Piper          Encoding = 11
	ChatTTS        Encoding = 12
	OpenVINOGenAI  Encoding = 13
	BitNet         Encoding = 14
)

var encodingNames = map[Encoding]string{
	OpenVINO: "openvino", ONNX: "onnx", Tensorflow: "tensorflow", PyTorch: "pytorch",
	TensorflowLite: "tensorflowlite", Autodetect: "autodetect", GGML: "ggml", NeuralSpeed: "neuralspeed",
	Whisper: "whisper", MLX: "mlx", Piper: "piper", ChatTTS: "chattts", OpenVINOGenAI: "openvinogenai", BitNet: "bitnet",
}

// String is the encoding's --nn-preload keyword.
func (e Encoding) String() string {
	if n, ok := encodingNames[e]; ok {
		return n
	}
	return fmt.Sprintf("encoding(%d)", uint32(e))
}

// ParseEncoding reads a --nn-preload keyword (any case). "pytorchaoti" is PyTorch.
func ParseEncoding(s string) (Encoding, bool) {
	if s == "pytorchaoti" {
		return PyTorch, true
	}
	for e, n := range encodingNames {
		if n == s {
			return e, true
		}
	}
	return 0, false
}

// Target is an execution target.
type Target uint32

// The execution targets.
const (
	CPU  Target = 0
	GPU  Target = 1
	TPU  Target = 2
	Auto Target = 3
)

// Tensor is an input tensor as the guest described it.
type Tensor struct {
	Dims []uint32
	Type uint32
	Data []byte
}

// Backend loads graphs of one encoding.
type Backend interface {
	// Load builds a graph from the builders (copied out of guest memory).
	Load(builders [][]byte, target Target) (Graph, error)
}

// Graph is a loaded model.
type Graph interface {
	// NewContext creates an execution context.
	NewContext() (Context, error)
	// Close releases the graph; contexts already created stay usable.
	Close() error
}

// Context is an execution context.
type Context interface {
	SetInput(index uint32, t Tensor) error
	Compute() error
	// Output returns output index; the ABI copies it to the guest.
	Output(index uint32) ([]byte, error)
	Close() error
}

// Streamer is a Context that also generates token by token
// (compute_single, get_output_single, fini_single).
type Streamer interface {
	ComputeSingle() error
	OutputSingle(index uint32) ([]byte, error)
	FiniSingle() error
}
