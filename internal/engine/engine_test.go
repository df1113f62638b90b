package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/errcode"
	"github.com/pureedge/pureedge/internal/meter"
)

func TestParsePreopen(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want Preopen
	}{
		{".:.", Preopen{Guest: ".", Host: "."}},
		{"/data:/srv/data", Preopen{Guest: "/data", Host: "/srv/data"}},
		{"data:/srv/data:readonly", Preopen{Guest: "data", Host: "/srv/data", ReadOnly: true}},
		{"/tmp", Preopen{Guest: "/tmp", Host: "/tmp"}},
		{":/srv", Preopen{Guest: "/", Host: "/srv"}},
		{"g:c:/windows/like", Preopen{Guest: "g", Host: "c:/windows/like"}},
	} {
		if got := ParsePreopen(tc.spec); got != tc.want {
			t.Errorf("ParsePreopen(%q) = %+v, want %+v", tc.spec, got, tc.want)
		}
	}
}

func TestStoreRegister(t *testing.T) {
	s := NewStore()
	mock, real := NewHostModule("m"), NewHostModule("m")
	if err := s.Register("m", Entry{Host: mock, Mock: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Register("m", Entry{Host: real}); err != nil {
		t.Fatalf("a module did not replace a mock: %v", err)
	}
	var e *errcode.Error
	if err := s.Register("m", Entry{Host: mock, Mock: true}); !errors.As(err, &e) || e.Code != errcode.ModuleNameConflict {
		t.Fatalf("a mock replaced a module: %v", err)
	}
	if err := s.Register("m", Entry{Host: NewHostModule("m")}); !errors.As(err, &e) || e.Code != errcode.ModuleNameConflict {
		t.Fatalf("duplicate name: %v", err)
	}
	s.Register("a", Entry{Host: real})
	if names := s.Names(); len(names) != 2 || names[0] != "a" || names[1] != "m" {
		t.Errorf("names = %v", names)
	}
	s.UnregisterHost(real)
	if len(s.Names()) != 0 {
		t.Errorf("UnregisterHost left %v", s.Names())
	}
}

// A host module is materialised once per runtime and rebuilt when functions
// are added after a guest imported it.
func TestHostModuleMaterialisation(t *testing.T) {
	ctx := context.Background()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	m := NewHostModule("h")
	m.AddFunc("f", &HostFunc{Fn: api.GoModuleFunc(func(context.Context, api.Module, []uint64) {})})
	a, err := m.instance(ctx, rt)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := m.instance(ctx, rt); b != a {
		t.Error("the instance was rebuilt without a change")
	}
	m.AddFunc("g", &HostFunc{Fn: api.GoModuleFunc(func(context.Context, api.Module, []uint64) {})})
	c, err := m.instance(ctx, rt)
	if err != nil || c == a || c.ExportedFunctionDefinitions()["g"] == nil {
		t.Errorf("after AddFunc: %v, same=%v", err, c == a)
	}
	closed := false
	m.OnClose(func() { closed = true })
	m.Close(ctx)
	m.Close(ctx)
	if !closed || !m.Closed() {
		t.Error("Close did not run the finalizer")
	}
	if _, err := m.instance(ctx, rt); err == nil {
		t.Error("a closed module was materialised")
	}
}

func TestHostMemoryGrow(t *testing.T) {
	m, err := NewHostMemory(1, 3, true, true)
	if err != nil {
		t.Fatal(err)
	}
	base := &m.Bytes()[0]
	if !m.Grow(2) || m.Pages() != 3 || m.Grow(1) {
		t.Fatalf("grow: %d pages", m.Pages())
	}
	if &m.Bytes()[0] != base {
		t.Error("a shared memory moved")
	}
	if _, err := NewHostMemory(1, 0, false, true); err == nil {
		t.Error("shared memory without a maximum")
	}
	if _, err := NewHostMemory(4, 2, true, false); err == nil {
		t.Error("min > max")
	}
}

func TestCompileSharesCode(t *testing.T) {
	ctx := context.Background()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	bin := []byte("\x00asm\x01\x00\x00\x00")
	a, err := rt.Compile(ctx, bin, meter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := rt.Compile(ctx, bin, meter.Options{})
	if err != nil || a != b {
		t.Fatalf("second compile: %v, shared=%v", err, a == b)
	}
	// The instrumentation is part of the key: counted code is other code.
	c, err := rt.Compile(ctx, bin, meter.Options{Count: true})
	if err != nil || c == a {
		t.Fatalf("compile with counting: %v, shared with plain code=%v", err, c == a)
	}
	d, err := rt.Compile(ctx, bin, meter.Options{Cost: true, Table: make([]uint64, meter.TableSize)})
	if err != nil || d == c || d == a {
		t.Fatalf("compile with a cost table: %v", err)
	}
	c.Release()
	d.Release()
	a.Release()
	b.Release()
	if _, ok := rt.compiled[a.key]; ok {
		t.Error("released code is still cached")
	}
	if _, err := rt.Compile(ctx, []byte("\x00asm\x01\x00\x00\x00\x01"), meter.Options{}); err == nil {
		t.Error("a truncated module compiled")
	}
}
