package spectest_test

// The threads proposal's script commands: `thread` runs its commands
// concurrently with the script's, sharing the modules it names; `wait`
// joins it. And spectest's shared memory.

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pureedge/pureedge/internal/guestbuild"
	"github.com/pureedge/pureedge/wasmedge"
)

// thread is a thread command's run.
type thread struct {
	run  *fileRun
	done chan struct{}
}

// thread starts a thread command. Its commands run in the script's store,
// with only the shared modules known by $name; a shared module it
// registers under the name the script registered it under is visible in
// the store already, and under another name its imports are skipped (the
// API registers an instance under one name only). Its outcomes are the
// script's from its wait command on.
func (r *fileRun) thread(c *command) {
	if r.vm != nil {
		r.skip(c.Line, c.Type, "threads in a script need the step API (one VM runs one module at a time)")
		return
	}
	if r.threads == nil {
		r.threads = map[string]*thread{}
	}
	if _, dup := r.threads[c.Name]; dup {
		r.fail(c, "thread %s started twice", c.Name)
		return
	}
	tr := &fileRun{t: r.t, base: r.base, s: &script{Dir: r.s.Dir, Commands: c.Commands},
		tally: tally{skipReasons: map[string]int{}, phases: map[string]int{}},
		named: map[string]*instance{}, registers: map[int]string{}, regSkip: map[int]string{},
		lostNames: map[string]string{}, lostRegs: map[string]string{}, expectations: r.expectations,
		store: r.store, loader: r.loader, validator: r.validator, exec: r.exec, noSpec: r.noSpec, parent: r}
	for _, sh := range c.Shared {
		if inst, ok := r.named[sh.Module]; ok {
			tr.named[sh.Module] = inst
		} else {
			tr.lostNames[sh.Module] = fmt.Sprintf("shared module %s is not defined", sh.Module)
		}
	}
	tr.planRegisters()
	for i, rc := range tr.s.Commands {
		if rc.Type != "register" {
			continue
		}
		inst, shared := tr.named[rc.Name]
		if !shared {
			continue
		}
		if as := r.registeredAs(inst); as == rc.As {
			delete(tr.regSkip, i)
		} else {
			why := fmt.Sprintf("the thread registers shared module %s as %q, the script as %q: the API has no alias", rc.Name, rc.As, as)
			tr.regSkip[i] = why
			tr.lostRegs[rc.As] = why
		}
	}
	th := &thread{run: tr, done: make(chan struct{})}
	r.threads[c.Name] = th
	go func() {
		defer close(th.done)
		for i := range tr.s.Commands {
			tr.run(i)
		}
	}()
}

// planThreadRegisters registers a shared module that the script does not
// register under the name a thread registers it under, where that name is
// free: the API names an instance when it is instantiated, so the name is
// visible to the script too (no script in the suites imports it there).
func (r *fileRun) planThreadRegisters() {
	taken := map[string]bool{}
	for _, as := range r.registers {
		taken[as] = true
	}
	for i, c := range r.s.Commands {
		if c.Type != "thread" {
			continue
		}
		for _, rc := range threadRegisters(c.Commands) {
			if taken[rc.As] {
				continue
			}
			for j := i - 1; j >= 0; j-- {
				if m := r.s.Commands[j]; m.Type == "module" && m.Name != "" && m.Name == rc.Name {
					if r.registers[j] == "" {
						r.registers[j] = rc.As
						taken[rc.As] = true
						r.t.Logf("%s:%d: %q is registered for the thread at line %d", r.base, m.Line, rc.As, c.Line)
					}
					break
				}
			}
		}
	}
}

// threadRegisters lists the register commands of a thread's commands and
// of its threads' (which share modules by the same $names).
func threadRegisters(cmds []command) []command {
	var regs []command
	for _, c := range cmds {
		switch c.Type {
		case "register":
			regs = append(regs, c)
		case "thread":
			regs = append(regs, threadRegisters(c.Commands)...)
		}
	}
	return regs
}

// registeredAs is the name the script (or the thread that defined it)
// registered a module under, or "".
func (r *fileRun) registeredAs(inst *instance) string {
	for ; r != nil; r = r.parent {
		for i, c := range r.s.Commands {
			if c.Type == "module" && c.Line == inst.line {
				return r.registers[i]
			}
		}
	}
	return ""
}

// wait joins a thread and takes over its outcomes.
func (r *fileRun) wait(c *command) {
	th, ok := r.threads[c.Thread]
	if !ok {
		if r.vm != nil {
			r.skip(c.Line, c.Type, "threads in a script need the step API (one VM runs one module at a time)")
			return
		}
		r.fail(c, "no thread %s", c.Thread)
		return
	}
	delete(r.threads, c.Thread)
	r.join(th)
}

func (r *fileRun) join(th *thread) {
	<-th.done
	r.tally.add(&th.run.tally)
	r.modules = append(r.modules, th.run.modules...)
}

// waitAll joins the threads no wait command joined.
func (r *fileRun) waitAll() {
	for name, th := range r.threads {
		delete(r.threads, name)
		r.join(th)
	}
}

// shmStore is the store of the modules that import spectest's shared
// memory: a host module holds at most one memory (wazero has no
// multi-memory), so the shared one is in a spectest module of its own,
// registered in a store of its own.
type shmStore struct {
	once  sync.Once
	store *wasmedge.Store
	host  *wasmedge.Module
	err   error
}

// storeFor is the store a module is instantiated in: the script's, or the
// shared memory's for a module that imports spectest.shared_memory.
func (r *fileRun) storeFor(buf []byte) (*wasmedge.Store, error) {
	root := r
	for root.parent != nil {
		root = root.parent
	}
	shared := false
	for _, im := range readImports(buf) {
		shared = shared || im.module == "spectest" && im.field == "shared_memory"
	}
	if !shared {
		return r.store, nil
	}
	if root.shm == nil {
		root.shm = &shmStore{} // (threads start after the first module)
	}
	s := root.shm
	s.once.Do(func() {
		s.host, s.err = buildSpectest(map[string]bool{"shared_memory": true})
		if s.err != nil {
			return
		}
		s.store = wasmedge.NewStore()
		s.err = r.exec.RegisterImport(s.store, s.host)
	})
	if s.err != nil {
		return nil, fmt.Errorf("spectest's shared memory: %w", s.err)
	}
	return s.store, nil
}

func (s *shmStore) release() {
	if s != nil {
		s.store.Release()
		s.host.Release()
	}
}

// TestHarnessThreads runs a script whose two threads meet on a shared
// memory: T1 waits (for at most 10 s) to be notified, T2 notifies until it
// wakes a waiter. Run one after the other, T1 would time out (2), and T2
// would wake no one.
func TestHarnessThreads(t *testing.T) {
	if vmMode() {
		t.Skip("threads in a script need the step API")
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("t.0.wasm", guestbuild.WAT(t, `(module (memory (export "shared") 1 1 shared))`))
	write("t.1.wasm", guestbuild.WAT(t, `(module (memory (import "mem" "shared") 1 1 shared)
  (func (export "run") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 10000000000))))`))
	write("t.2.wasm", guestbuild.WAT(t, `(module (memory (import "mem" "shared") 1 1 shared)
  (func (export "run") (result i32) (local $n i32) (local $i i32)
    (loop $l
      (local.set $n (memory.atomic.notify (i32.const 0) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.and (i32.eqz (local.get $n)) (i32.lt_u (local.get $i) (i32.const 100000000)))))
    (local.get $n)))`))
	ret := func(line int, v string) string {
		return fmt.Sprintf(`{"type": "assert_return", "line": %d, "action": {"type": "invoke", "field": "run", "args": []}, "expected": [{"type": "i32", "value": "%s"}]}`, line, v)
	}
	thread := func(line int, name, file, v string) string {
		return fmt.Sprintf(`{"type": "thread", "line": %d, "name": "%s", "shared": [{"module": "$Mem"}], "commands": [`+
			`{"type": "register", "line": %d, "name": "$Mem", "as": "mem"}, {"type": "module", "line": %d, "filename": "%s"}, %s]}`,
			line, name, line+1, line+2, file, ret(line+3, v))
	}
	doc := `{"source_filename": "t.wast", "commands": [{"type": "module", "line": 1, "name": "$Mem", "filename": "t.0.wasm"}, ` +
		thread(10, "$T1", "t.1.wasm", "0") + `, ` + thread(20, "$T2", "t.2.wasm", "1") + `, ` +
		`{"type": "wait", "line": 30, "thread": "$T1"}, {"type": "wait", "line": 31, "thread": "$T2"}]}`
	write("t.json", []byte(doc))
	mode := specMode{name: "threads", conf: func() *wasmedge.Configure { return wasmedge.NewConfigure(wasmedge.THREADS) }}
	tl := runFile(t, filepath.Join(dir, "t.json"), mode, false)
	if tl.passed != 2 || tl.failed != 0 || tl.skipped != 0 || tl.modules != 3 {
		t.Errorf("tally: %d passed, %d failed, %d skipped, %d modules; want 2, 0, 0, 3 (%v)", tl.passed, tl.failed, tl.skipped, tl.modules, tl.unexpected)
	}
}
