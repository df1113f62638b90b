// Package wasi is PureEdge's own wasi_snapshot_preview1: the 69 functions
// WasmEdge registers under that name (the 45 of the specification, with
// WasmEdge's poll_oneoff and epoll_oneoff, and WasmEdge's socket extensions
// in their v1 and v2 forms), with WasmEdge's import names and signatures,
// implemented on the host's system calls (os, syscall, golang.org/x/sys/unix).
//
// One file per area of the specification: args.go, environ.go, clock.go,
// fs.go (descriptors and paths), poll.go, proc.go, random.go, sched.go,
// sock.go (WasmEdge's sockets, v1 and v2 forms side by side), with rights.go
// (capabilities per descriptor), resolve.go (the sandbox), net.go (the
// network policy, in one place) and mem.go (the only code that touches guest
// memory, every access bounds-checked: a bad pointer is EFAULT, never a
// panic).
//
// An Env is the state of one WASI module instance (one VM): arguments,
// environment, the descriptor table and the exit code. Descriptors are
// capabilities: a guest reaches the host's file system only through its
// preopened directories; paths are resolved one component at a time with
// the host's *at system calls and O_NOFOLLOW, so "..", absolute paths and
// symbolic links never lead out of a preopen (ENOTCAPABLE). A read-only
// preopen ("guest:host:readonly") has no write rights, and neither has
// anything opened from it.
//
// Limits: an Env holds at most Config.MaxFDs descriptors (DefaultMaxFDs,
// 1024, when zero), standard streams and preopens included; past it, calls
// that would open one fail with ENFILE. One call takes at most 1024 iovecs
// (EINVAL beyond), a path at most 4096 bytes (ENAMETOOLONG).
package wasi

import (
	"context"
	"io"
	"sync"

	"github.com/tetratelabs/wazero/api"
)

// ModuleName is the import name of WASI preview 1.
const ModuleName = "wasi_snapshot_preview1"

// DefaultMaxFDs is the descriptor limit of an Env whose Config sets none.
const DefaultMaxFDs = 1024

// maxPath is the longest path a guest may pass.
const maxPath = 4096

// Preopen is a directory given to the guest: Guest is the name the guest
// sees, Host the directory on this machine.
type Preopen struct {
	Guest, Host string
	ReadOnly    bool
}

// Config is what an Env starts with.
type Config struct {
	Args, Envs []string // Envs are "KEY=VALUE"
	Preopens   []Preopen
	Stdin      io.Reader
	Stdout     io.Writer
	Stderr     io.Writer
	// Net is the network policy; nil allows everything (WasmEdge's default).
	Net *NetPolicy
	// MaxFDs bounds the descriptor table (DefaultMaxFDs when zero).
	MaxFDs int
}

// Env is the state of one WASI module instance. Its methods and the host
// functions are safe for concurrent use.
type Env struct {
	mu       sync.Mutex
	args     []string
	envs     []string
	fds      fdTable
	exitCode uint32
	net      *NetPolicy
}

// New returns an Env set up from cfg. A preopen that cannot be opened is an
// error naming it (WasmEdge: "Bind guest directory failed").
func New(cfg Config) (*Env, error) {
	e := &Env{args: append([]string(nil), cfg.Args...), net: cfg.Net}
	for _, kv := range cfg.Envs {
		e.envs = append(e.envs, kv)
	}
	limit := cfg.MaxFDs
	if limit <= 0 {
		limit = DefaultMaxFDs
	}
	e.fds.limit = limit
	e.fds.add(stdioEntry(cfg.Stdin, 0))
	e.fds.add(stdioEntry(cfg.Stdout, 1))
	e.fds.add(stdioEntry(cfg.Stderr, 2))
	for _, p := range cfg.Preopens {
		f, err := openPreopen(p)
		if err != nil {
			e.Close()
			return nil, err
		}
		if _, errno := e.fds.add(f); errno != ESUCCESS {
			f.close()
			e.Close()
			return nil, errTooManyPreopens
		}
	}
	return e, nil
}

// Close closes every descriptor the Env holds (the standard streams are
// the host's and stay open).
func (e *Env) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for fd := range e.fds.len() {
		if f := e.fds.remove(uint32(fd)); f != nil {
			f.closeTable()
		}
	}
}

// SetStdio replaces the readers and writers behind descriptors 0-2 while
// they are still the standard streams (nil keeps one).
func (e *Env) SetStdio(stdin io.Reader, stdout, stderr io.Writer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for fd, s := range []any{stdin, stdout, stderr} {
		f := e.fds.get(uint32(fd))
		if s == nil || f == nil || f.stdio == nil {
			continue
		}
		// A new stdio, not a change of the old one: lookups outside the
		// lock may still hold the old.
		ns := *f.stdio
		if r, ok := s.(io.Reader); ok && fd == 0 {
			ns.r = r
		}
		if w, ok := s.(io.Writer); ok && fd > 0 {
			ns.w = w
		}
		nf := f.clone()
		nf.stdio = &ns
		e.fds.replace(uint32(fd), nf)
	}
}

// SetNetPolicy replaces the network policy (nil allows everything).
func (e *Env) SetNetPolicy(p *NetPolicy) {
	e.mu.Lock()
	e.net = p
	e.mu.Unlock()
}

// ExitCode is the code passed to proc_exit, 0 if it was never called.
func (e *Env) ExitCode() uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.exitCode
}

// ResetExitCode sets the exit code back to 0.
func (e *Env) ResetExitCode() {
	e.mu.Lock()
	e.exitCode = 0
	e.mu.Unlock()
}

// OpenFDs is the number of descriptors in the table.
func (e *Env) OpenFDs() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.fds.n
}

// Function is one host function of the module: its import name, signature
// and implementation.
type Function struct {
	Name    string
	Params  []api.ValueType
	Results []api.ValueType
	fn      hostFn
	result  bool // len(Results) > 0
	// monotonic marks clock_time_get, whose monotonic case bound.Call
	// serves itself.
	monotonic bool
}

// call is what a host function gets: the Env, the caller's memory and the
// call's context (for cancellation of blocking calls).
type call struct {
	ctx context.Context
	e   *Env
	m   mem
}

// hostFn implements a function: parameters in stack, the errno returned.
type hostFn func(c call, stack []uint64) Errno

// Call runs the function for a guest whose WASI state is e (nil: EFAULT
// for functions that need memory, EBADF for those that need descriptors,
// as an uninitialised module). mod is the calling module (nil when the
// host calls the function directly). The errno is written to stack[0].
func (f *Function) Call(ctx context.Context, e *Env, mod api.Module, stack []uint64) {
	f.bind(e).Call(ctx, mod, stack)
}

// Bind returns f as a wazero host function whose guests' WASI state is e
// (see Call).
func (f *Function) Bind(e *Env) api.GoModuleFunction { return f.bind(e) }

func (f *Function) bind(e *Env) *bound {
	return &bound{fn: f.fn, e: e, result: f.result, monotonic: f.monotonic}
}

// bound is a Function bound to an Env, which the engine calls directly:
// one call less than a closure in an api.GoModuleFunc (and a pointer, so
// that the interface calls the method itself, not a wrapper that copies).
// It holds copies of what Call needs of the Function, one load less each.
type bound struct {
	fn                hostFn
	e                 *Env
	result, monotonic bool
}

func (b *bound) Call(ctx context.Context, mod api.Module, stack []uint64) {
	// clock_time_get of the monotonic clock, the call guests make most
	// (Go's scheduler and timers read it all the time), is served here:
	// the same as clockTimeGet's case, one function call less.
	if b.monotonic && mod != nil && u32(stack[0]) == clockMonotonic {
		stack[0] = uint64(EFAULT)
		if putU64Of(mod.Memory(), u32(stack[2]), uint64(nanotime())) {
			stack[0] = uint64(ESUCCESS)
		}
		return
	}
	e := b.e
	if e == nil {
		e = nilEnv
	}
	var m mem
	if mod != nil {
		m = memOf(mod.Memory())
	}
	errno := b.fn(call{ctx: ctx, e: e, m: m}, stack)
	if b.result {
		stack[0] = uint64(errno)
	}
}

// nilEnv serves calls that reach no Env: no arguments, no descriptors.
var nilEnv = &Env{fds: fdTable{limit: 0}}

const (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// sig builds a signature from a string of 'i' (i32) and 'I' (i64).
func sig(s string) []api.ValueType {
	out := make([]api.ValueType, len(s))
	for i, c := range s {
		out[i] = i32
		if c == 'I' {
			out[i] = i64
		}
	}
	return out
}

// Functions lists the module's functions in WasmEdge's registration order.
// The slice is shared; callers must not change it.
func Functions() []*Function { return functions }

// Lookup returns the named function, or nil.
func Lookup(name string) *Function { return byName[name] }

var functions = []*Function{
	{Name: "args_get", Params: sig("ii"), fn: argsGet},
	{Name: "args_sizes_get", Params: sig("ii"), fn: argsSizesGet},
	{Name: "environ_get", Params: sig("ii"), fn: environGet},
	{Name: "environ_sizes_get", Params: sig("ii"), fn: environSizesGet},
	{Name: "clock_res_get", Params: sig("ii"), fn: clockResGet},
	{Name: "clock_time_get", Params: sig("iIi"), fn: clockTimeGet},
	{Name: "fd_advise", Params: sig("iIIi"), fn: fdAdvise},
	{Name: "fd_allocate", Params: sig("iII"), fn: fdAllocate},
	{Name: "fd_close", Params: sig("i"), fn: fdClose},
	{Name: "fd_datasync", Params: sig("i"), fn: fdDatasync},
	{Name: "fd_fdstat_get", Params: sig("ii"), fn: fdFdstatGet},
	{Name: "fd_fdstat_set_flags", Params: sig("ii"), fn: fdFdstatSetFlags},
	{Name: "fd_fdstat_set_rights", Params: sig("iII"), fn: fdFdstatSetRights},
	{Name: "fd_filestat_get", Params: sig("ii"), fn: fdFilestatGet},
	{Name: "fd_filestat_set_size", Params: sig("iI"), fn: fdFilestatSetSize},
	{Name: "fd_filestat_set_times", Params: sig("iIIi"), fn: fdFilestatSetTimes},
	{Name: "fd_pread", Params: sig("iiiIi"), fn: fdPread},
	{Name: "fd_prestat_get", Params: sig("ii"), fn: fdPrestatGet},
	{Name: "fd_prestat_dir_name", Params: sig("iii"), fn: fdPrestatDirName},
	{Name: "fd_pwrite", Params: sig("iiiIi"), fn: fdPwrite},
	{Name: "fd_read", Params: sig("iiii"), fn: fdRead},
	{Name: "fd_readdir", Params: sig("iiiIi"), fn: fdReaddir},
	{Name: "fd_renumber", Params: sig("ii"), fn: fdRenumber},
	{Name: "fd_seek", Params: sig("iIii"), fn: fdSeek},
	{Name: "fd_sync", Params: sig("i"), fn: fdSync},
	{Name: "fd_tell", Params: sig("ii"), fn: fdTell},
	{Name: "fd_write", Params: sig("iiii"), fn: fdWrite},
	{Name: "path_create_directory", Params: sig("iii"), fn: pathCreateDirectory},
	{Name: "path_filestat_get", Params: sig("iiiii"), fn: pathFilestatGet},
	{Name: "path_filestat_set_times", Params: sig("iiiiIIi"), fn: pathFilestatSetTimes},
	{Name: "path_link", Params: sig("iiiiiii"), fn: pathLink},
	{Name: "path_open", Params: sig("iiiiiIIii"), fn: pathOpen},
	{Name: "path_readlink", Params: sig("iiiiii"), fn: pathReadlink},
	{Name: "path_remove_directory", Params: sig("iii"), fn: pathRemoveDirectory},
	{Name: "path_rename", Params: sig("iiiiii"), fn: pathRename},
	{Name: "path_symlink", Params: sig("iiiii"), fn: pathSymlink},
	{Name: "path_unlink_file", Params: sig("iii"), fn: pathUnlinkFile},
	{Name: "poll_oneoff", Params: sig("iiii"), fn: pollOneoff},
	{Name: "epoll_oneoff", Params: sig("iiii"), fn: pollOneoff},
	{Name: "proc_exit", Params: sig("i"), fn: procExit},
	{Name: "proc_raise", Params: sig("i"), fn: procRaise},
	{Name: "sched_yield", Params: sig(""), fn: schedYield},
	{Name: "random_get", Params: sig("ii"), fn: randomGet},
	{Name: "sock_open", Params: sig("iii"), fn: sockOpen},
	{Name: "sock_bind", Params: sig("iii"), fn: sockBind},
	{Name: "sock_connect", Params: sig("iii"), fn: sockConnect},
	{Name: "sock_listen", Params: sig("ii"), fn: sockListen},
	{Name: "sock_accept", Params: sig("ii"), fn: sockAcceptV1},
	{Name: "sock_recv", Params: sig("iiiiii"), fn: sockRecv},
	{Name: "sock_recv_from", Params: sig("iiiiiii"), fn: sockRecvFromV1},
	{Name: "sock_send", Params: sig("iiiii"), fn: sockSend},
	{Name: "sock_send_to", Params: sig("iiiiiii"), fn: sockSendTo},
	{Name: "sock_accept_v2", Params: sig("iii"), fn: sockAcceptV2},
	{Name: "sock_open_v2", Params: sig("iii"), fn: sockOpen},
	{Name: "sock_bind_v2", Params: sig("iii"), fn: sockBind},
	{Name: "sock_connect_v2", Params: sig("iii"), fn: sockConnect},
	{Name: "sock_listen_v2", Params: sig("ii"), fn: sockListen},
	{Name: "sock_recv_v2", Params: sig("iiiiii"), fn: sockRecv},
	{Name: "sock_recv_from_v2", Params: sig("iiiiiiii"), fn: sockRecvFromV2},
	{Name: "sock_send_v2", Params: sig("iiiii"), fn: sockSend},
	{Name: "sock_send_to_v2", Params: sig("iiiiiii"), fn: sockSendTo},
	{Name: "sock_shutdown", Params: sig("ii"), fn: sockShutdown},
	{Name: "sock_getsockopt", Params: sig("iiiii"), fn: sockGetsockopt},
	{Name: "sock_setsockopt", Params: sig("iiiii"), fn: sockSetsockopt},
	{Name: "sock_getlocaladdr", Params: sig("iiii"), fn: sockGetlocaladdrV1},
	{Name: "sock_getpeeraddr", Params: sig("iiii"), fn: sockGetpeeraddrV1},
	{Name: "sock_getlocaladdr_v2", Params: sig("iii"), fn: sockGetlocaladdrV2},
	{Name: "sock_getpeeraddr_v2", Params: sig("iii"), fn: sockGetpeeraddrV2},
	{Name: "sock_getaddrinfo", Params: sig("iiiiiiii"), fn: sockGetaddrinfo},
}

var byName = func() map[string]*Function {
	m := make(map[string]*Function, len(functions))
	for _, f := range functions {
		if f.Name != "proc_exit" {
			f.Results = sig("i")
			f.result = true
		}
		f.monotonic = f.Name == "clock_time_get"
		m[f.Name] = f
	}
	return m
}()

// AliasV2 returns the v2 function that WasmEdge binds to an import named
// sock_accept or sock_recv_from when the import's signature is the v2 one
// (guests built against older headers import the v2 functions under the v1
// names), or nil when the name and signature are the v1 ones.
func AliasV2(name string, params []api.ValueType) *Function {
	switch name {
	case "sock_accept", "sock_recv_from":
		v2 := byName[name+"_v2"]
		if sameTypes(params, v2.Params) {
			return v2
		}
	}
	return nil
}

func sameTypes(a, b []api.ValueType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
