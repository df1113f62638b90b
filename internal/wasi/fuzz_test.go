package wasi

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pureedge/pureedge/internal/errcode"
)

// FuzzCalls drives random functions with random arguments, and random
// guest memory, against a scratch preopen: no call may panic or hang, and
// nothing may appear outside the preopen.
func FuzzCalls(f *testing.F) {
	f.Add([]byte("path_open"), uint64(3), uint64(pathAt), uint64(4), uint64(1), []byte("file"))
	f.Add([]byte{5, 1, 2, 3}, uint64(1), uint64(iovAt), uint64(1), uint64(outAt), []byte{0, 16, 0, 0, 8, 0, 0, 0})
	f.Add([]byte{200}, uint64(0xffffffff), uint64(0xfffffff0), uint64(1<<31), uint64(7), []byte("../../x"))
	f.Add([]byte{38}, uint64(1<<40), uint64(3), uint64(48), uint64(outAt), make([]byte, 96))
	outside := f.TempDir()
	// Sockets reach loopback only: a connect to a random address would go
	// out of the machine, or block until the kernel gives up (minutes).
	var loopback []NetRule
	for _, s := range []string{"127.0.0.0/8", "::1"} {
		r, err := ParseNetRule(s)
		if err != nil {
			f.Fatal(err)
		}
		loopback = append(loopback, r)
	}
	f.Fuzz(func(t *testing.T, pick []byte, a, b, c, d uint64, data []byte) {
		h := newHarness(t, false)
		h.e.SetNetPolicy(&NetPolicy{Allow: loopback, Logf: func(string, ...any) {}})
		h.hostFile("file", "content")
		_ = os.Mkdir(filepath.Join(h.dir, "sub"), 0o755)
		_ = os.Symlink(outside, filepath.Join(h.dir, "out"))
		if len(data) > 60000 {
			data = data[:60000]
		}
		h.put(pathAt, data)
		h.put(iovAt, data[:min(len(data), 64)])
		for i, sel := range pick {
			if i == 8 {
				break
			}
			fn := Lookup(string(pick))
			if fn == nil {
				fn = functions[int(sel)%len(functions)]
			}
			switch fn.Name {
			case "proc_exit", "sock_getaddrinfo":
				// proc_exit ends the run; sock_getaddrinfo may ask the
				// network's resolver.
				continue
			}
			args := []uint64{a, b, c, d, a ^ d, b + c, uint64(len(data)), d >> 3, a + 1}
			args = args[:len(fn.Params)]
			// Keep descriptor arguments small often, so that real
			// descriptors are reached.
			if len(args) > 0 && a&1 == 0 {
				args[0] = a % 8
			}
			// A call may wait on purpose (a read from a blocking socket
			// that an earlier call opened, an accept, a poll with a long
			// timeout), as a guest's would: it must end, interrupted, when
			// its context is done.
			func() {
				ctx, cancel := context.WithTimeout(context.Background(), fuzzCallPatience)
				defer cancel()
				start := time.Now()
				defer func() {
					r := recover()
					if r != nil && !isInterrupt(r) {
						t.Fatalf("%s%v panicked: %v", fn.Name, args, r)
					}
					if d := time.Since(start); d > fuzzCallPatience+interruptBound {
						t.Fatalf("%s%v took %v with a deadline of %v", fn.Name, args, d, fuzzCallPatience)
					}
				}()
				h.callContext(ctx, fn.Name, args...)
			}()
			a, b = b, binary.LittleEndian.Uint64(append(data, make([]byte, 8)...))^a
		}
		if ents, _ := os.ReadDir(outside); len(ents) != 0 {
			t.Fatalf("a call wrote outside the preopen: %v", ents)
		}
	})
}

// fuzzCallPatience is the deadline of each call of FuzzCalls.
const fuzzCallPatience = 20 * time.Millisecond

// interruptBound is how late a waiting call may end after its context is
// done: waitSlice, and room for a loaded machine.
const interruptBound = waitSlice + 2*time.Second

// isInterrupt reports whether a call's panic is interrupt's.
func isInterrupt(r any) bool {
	err, ok := r.(error)
	var e *errcode.Error
	return ok && errors.As(err, &e) && e.Code == errcode.Interrupted
}
