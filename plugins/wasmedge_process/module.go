package wasmedgeprocess

import (
	"context"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/wasmedge"
)

// hostFuncError is WasmEdge's HostFuncError (0x40E): the guest traps.
var hostFuncError = wasmedge.NewResult(wasmedge.ErrCategory_WASM, 0x40E)

// instance is the state of one module instance, as WasmEdge's
// WasmEdgeProcessEnvironment: the next command's inputs and the last
// command's results.
type instance struct {
	// Copied from the options when the instance was created.
	allowed   map[string]bool
	allowAll  bool
	maxOutput int

	mu sync.Mutex
	// The next command.
	name      []byte
	args      []string
	envs      []string // "K=V", first insert of a key wins
	envKeys   map[string]bool
	stdin     []byte
	timeoutMS uint32
	inputSize int // bytes accumulated for the next command
	// The last command.
	exitCode       int32
	stdout, stderr []byte
}

func newModule() *wasmedge.Module {
	in := &instance{envKeys: map[string]bool{}, timeoutMS: DefaultTimeoutMS}
	config.Lock()
	in.allowed = make(map[string]bool, len(config.allowed))
	for k := range config.allowed {
		in.allowed[k] = true
	}
	in.allowAll, in.maxOutput = config.allowAll, config.maxOutput
	config.Unlock()

	mod := wasmedge.NewModule(ModuleName)
	i32 := wasmedge.NewValTypeI32()
	ftype := func(params, results int) *wasmedge.FunctionType {
		p := make([]*wasmedge.ValType, params)
		for i := range p {
			p[i] = i32
		}
		r := make([]*wasmedge.ValType, results)
		for i := range r {
			r[i] = i32
		}
		return wasmedge.NewFunctionType(p, r)
	}
	add := func(name string, params, results int, fn wasmedge.FastHostFunction) {
		mod.AddFunction(name, wasmedge.NewFastFunction(ftype(params, results), fn, 0))
	}
	add("wasmedge_process_set_prog_name", 2, 0, in.setProgName)
	add("wasmedge_process_add_arg", 2, 0, in.addArg)
	add("wasmedge_process_add_env", 4, 0, in.addEnv)
	add("wasmedge_process_add_stdin", 2, 0, in.addStdin)
	add("wasmedge_process_set_timeout", 1, 0, in.setTimeout)
	add("wasmedge_process_run", 0, 1, in.run)
	add("wasmedge_process_get_exit_code", 0, 1, in.getExitCode)
	add("wasmedge_process_get_stdout_len", 0, 1, in.getStdoutLen)
	add("wasmedge_process_get_stdout", 1, 0, in.getStdout)
	add("wasmedge_process_get_stderr_len", 0, 1, in.getStderrLen)
	add("wasmedge_process_get_stderr", 1, 0, in.getStderr)
	return mod
}

// memoryOf returns the caller's memory, or nil (then the function traps,
// as WasmEdge's do without memory 0).
func memoryOf(caller api.Module) api.Memory {
	if caller == nil {
		return nil
	}
	return caller.Memory()
}

// read returns the guest's bytes [ptr, ptr+n). A range outside the memory
// gives nothing, as WasmEdge's empty span, with an error logged.
func read(fn string, mem api.Memory, ptr, n uint32) ([]byte, bool) {
	b, ok := mem.Read(ptr, n)
	if !ok {
		wasmedge.LogErrorf("[WasmEdge Process] %s: [%d, %d+%d) is outside the guest's memory of %d bytes; ignored", fn, ptr, ptr, n, mem.Size())
	}
	return b, ok
}

// grow accounts n more input bytes; false (with an error logged) when the
// inputs would exceed maxInput, and then nothing is added.
func (in *instance) grow(fn string, n int) bool {
	if n > maxInput-in.inputSize {
		wasmedge.LogErrorf("[WasmEdge Process] %s: the command's inputs would exceed %d bytes; ignored", fn, maxInput)
		return false
	}
	in.inputSize += n
	return true
}

// setProgName appends (name_ptr, name_len) to the program name: WasmEdge
// appends, and clears the name after each run.
func (in *instance) setProgName(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	mem := memoryOf(caller)
	if mem == nil {
		return hostFuncError
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if b, ok := read("set_prog_name", mem, api.DecodeU32(stack[0]), api.DecodeU32(stack[1])); ok && in.grow("set_prog_name", len(b)) {
		in.name = append(in.name, b...)
	}
	return wasmedge.Result_Success
}

// addArg adds (arg_ptr, arg_len) to the arguments.
func (in *instance) addArg(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	mem := memoryOf(caller)
	if mem == nil {
		return hostFuncError
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if b, ok := read("add_arg", mem, api.DecodeU32(stack[0]), api.DecodeU32(stack[1])); ok && in.grow("add_arg", len(b)+1) {
		in.args = append(in.args, string(b))
	}
	return wasmedge.Result_Success
}

// addEnv adds the variable (name_ptr, name_len) = (val_ptr, val_len); the
// first value of a name wins, as in WasmEdge's map.
func (in *instance) addEnv(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	mem := memoryOf(caller)
	if mem == nil {
		return hostFuncError
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	k, ok1 := read("add_env", mem, api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	v, ok2 := read("add_env", mem, api.DecodeU32(stack[2]), api.DecodeU32(stack[3]))
	if !ok1 || !ok2 || in.envKeys[string(k)] {
		return wasmedge.Result_Success
	}
	if in.grow("add_env", len(k)+len(v)+2) {
		in.envKeys[string(k)] = true
		in.envs = append(in.envs, string(k)+"="+string(v))
	}
	return wasmedge.Result_Success
}

// addStdin appends (buf_ptr, buf_len) to the command's stdin.
func (in *instance) addStdin(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	mem := memoryOf(caller)
	if mem == nil {
		return hostFuncError
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if b, ok := read("add_stdin", mem, api.DecodeU32(stack[0]), api.DecodeU32(stack[1])); ok && in.grow("add_stdin", len(b)) {
		in.stdin = append(in.stdin, b...)
	}
	return wasmedge.Result_Success
}

// setTimeout sets the next command's timeout, in milliseconds.
func (in *instance) setTimeout(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	in.timeoutMS = api.DecodeU32(stack[0])
	in.mu.Unlock()
	return wasmedge.Result_Success
}

// run runs the command and returns its exit code (see runCommand); then
// the inputs are cleared and the timeout reset, as in WasmEdge.
func (in *instance) run(ctx context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stdout, in.stderr = nil, nil
	in.exitCode = -1
	name := string(in.name)
	defer in.reset()
	if !in.allowAll && !in.allowed[name] {
		msg := deniedMessage(name)
		in.stderr = []byte(msg)
		wasmedge.LogErrorf("[WasmEdge Process] %s", msg[:len(msg)-1])
		stack[0] = api.EncodeI32(in.exitCode)
		return wasmedge.Result_Success
	}
	res := runCommand(ctx, command{
		name: name, args: in.args, env: in.envs, stdin: in.stdin,
		timeoutMS: in.timeoutMS, maxOutput: in.maxOutput,
	})
	if res.unsupported != "" {
		wasmedge.LogErrorf("%s", res.unsupported)
		return hostFuncError
	}
	in.exitCode, in.stdout, in.stderr = res.code, res.stdout, res.stderr
	stack[0] = api.EncodeI32(in.exitCode)
	return wasmedge.Result_Success
}

func (in *instance) reset() {
	in.name, in.args, in.envs, in.stdin = nil, nil, nil, nil
	clear(in.envKeys)
	in.inputSize = 0
	in.timeoutMS = DefaultTimeoutMS
}

func (in *instance) getExitCode(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	stack[0] = api.EncodeI32(in.exitCode)
	in.mu.Unlock()
	return wasmedge.Result_Success
}

func (in *instance) getStdoutLen(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	stack[0] = api.EncodeU32(uint32(len(in.stdout)))
	in.mu.Unlock()
	return wasmedge.Result_Success
}

func (in *instance) getStderrLen(_ context.Context, _ api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	stack[0] = api.EncodeU32(uint32(len(in.stderr)))
	in.mu.Unlock()
	return wasmedge.Result_Success
}

// getStdout copies the whole captured stdout to buf_ptr; a range outside
// the memory copies nothing, as in WasmEdge.
func (in *instance) getStdout(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	defer in.mu.Unlock()
	return copyOut("get_stdout", caller, api.DecodeU32(stack[0]), in.stdout)
}

// getStderr copies the whole captured stderr to buf_ptr.
func (in *instance) getStderr(_ context.Context, caller api.Module, stack []uint64) wasmedge.Result {
	in.mu.Lock()
	defer in.mu.Unlock()
	return copyOut("get_stderr", caller, api.DecodeU32(stack[0]), in.stderr)
}

func copyOut(fn string, caller api.Module, ptr uint32, data []byte) wasmedge.Result {
	mem := memoryOf(caller)
	if mem == nil {
		return hostFuncError
	}
	if !mem.Write(ptr, data) {
		wasmedge.LogErrorf("[WasmEdge Process] %s: [%d, %d+%d) is outside the guest's memory of %d bytes; nothing copied", fn, ptr, ptr, len(data), mem.Size())
	}
	return wasmedge.Result_Success
}
