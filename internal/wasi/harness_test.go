package wasi

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// memModule is a module of one exported page of memory: the guest whose
// memory the host functions use in these tests.
var memModule = []byte{0, 'a', 's', 'm', 1, 0, 0, 0,
	5, 3, 1, 0, 1, // memory: one, min 1 page
	7, 7, 1, 3, 'm', 'e', 'm', 2, 0, // export "mem" memory 0
}

type harness struct {
	t   *testing.T
	e   *Env
	mod api.Module
	dir string // the host directory behind preopen fd 3
}

// newHarness makes an Env with one preopen (fd 3, "/sandbox") of a fresh
// temporary directory, and a guest memory.
func newHarness(t *testing.T, readOnly bool) *harness {
	t.Helper()
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	t.Cleanup(func() { r.Close(ctx) })
	mod, err := r.Instantiate(ctx, memModule)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	e, err := New(Config{Preopens: []Preopen{{Guest: "/sandbox", Host: dir, ReadOnly: readOnly}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return &harness{t: t, e: e, mod: mod, dir: dir}
}

// call runs a function with integer arguments and returns its errno.
func (h *harness) call(name string, args ...uint64) Errno {
	h.t.Helper()
	return h.callContext(context.Background(), name, args...)
}

// callContext is call with the call's context ctx: a call that waits ends
// with the panic of interrupt once ctx is done.
func (h *harness) callContext(ctx context.Context, name string, args ...uint64) Errno {
	h.t.Helper()
	f := Lookup(name)
	if f == nil {
		h.t.Fatalf("no function %s", name)
	}
	if len(args) != len(f.Params) {
		h.t.Fatalf("%s takes %d arguments, got %d", name, len(f.Params), len(args))
	}
	stack := make([]uint64, max(len(args), 1))
	copy(stack, args)
	// The engine leaves the upper half of an i32 argument undefined.
	for i, vt := range f.Params {
		if vt == i32 {
			stack[i] = uint64(uint32(stack[i])) | 0xdeadbeef<<32
		}
	}
	f.Call(ctx, h.e, h.mod, stack)
	return Errno(stack[0])
}

func (h *harness) put(off uint32, b []byte) {
	if !h.mod.Memory().Write(off, b) {
		h.t.Fatalf("write at %d", off)
	}
}

func (h *harness) u32(off uint32) uint32 {
	v, _ := h.mod.Memory().ReadUint32Le(off)
	return v
}

func (h *harness) u64(off uint32) uint64 {
	v, _ := h.mod.Memory().ReadUint64Le(off)
	return v
}

func (h *harness) bytes(off, n uint32) []byte {
	b, _ := h.mod.Memory().Read(off, n)
	return append([]byte(nil), b...)
}

// Scratch addresses in guest memory.
const (
	pathAt = 1024 // paths
	bufAt  = 4096 // data
	iovAt  = 512  // one iovec
	outAt  = 256  // results
	out2At = 264
)

// path writes a path and returns (ptr, len) arguments for it.
func (h *harness) path(p string) (uint64, uint64) {
	h.put(pathAt, []byte(p))
	return pathAt, uint64(len(p))
}

// open opens path under the preopen with the given oflags, rights and
// fdflags, and returns the descriptor.
func (h *harness) open(p string, oflags uint64, rights Rights, fdflags uint64) (uint32, Errno) {
	pp, pl := h.path(p)
	errno := h.call("path_open", 3, 1, pp, pl, oflags, uint64(rights), uint64(rights), fdflags, outAt)
	return h.u32(outAt), errno
}

// iov sets up one iovec over data at bufAt.
func (h *harness) iov(data []byte) {
	h.put(bufAt, data)
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:], bufAt)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(data)))
	h.put(iovAt, b[:])
}

func (h *harness) hostFile(name, content string) string {
	p := filepath.Join(h.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func expect(t *testing.T, what string, got, want Errno) {
	t.Helper()
	if got != want {
		t.Errorf("%s: errno %d, want %d", what, got, want)
	}
}
