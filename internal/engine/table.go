package engine

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/pureedge/pureedge/internal/binary"
	"github.com/pureedge/pureedge/internal/errcode"
)

// MaxHostTableElems bounds the size of a host table, so that a hostile
// size cannot allocate without bound.
const MaxHostTableElems = 10_000_000

// FuncSource is a function that the host holds a reference to; its engine
// reference is made in the runtime where the reference enters Wasm.
type FuncSource interface {
	FuncRefIn(ctx context.Context, rt *Runtime) (uint64, error)
}

// Table is a table reached from the host: a host table (NewHostTable),
// whose elements live here until a host module exporting it is materialised
// and in the materialised table from then on, or the table of a Wasm
// instance (Guest.Table). Both are reached through accessor functions of a
// small synthesized module, since wazero's API has no table access.
type Table struct {
	Elem     api.ValueType
	Min, Max uint32
	HasMax   bool

	mu      sync.Mutex
	elems   []uint64              // before binding
	pending map[uint32]FuncSource // funcrefs to make where the table is bound
	rt      *Runtime
	acc     *tableAccess
	opaque  bool // bound in an engine without reference-types: no access
}

// errOpaque is the error of every element access to an opaque table.
var errOpaque = errcode.Newf(errcode.RuntimeError, "host access to a table's elements needs the reference-types proposal, which is disabled")

// hasElems reports whether an element of a table not bound yet is set.
func (t *Table) hasElems() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) > 0 {
		return true
	}
	for _, e := range t.elems {
		if e != 0 {
			return true
		}
	}
	return false
}

// bindOpaque binds t to a materialised table that the host cannot reach
// (see ShimSpec.NoTableAccess). Its size stays the one it had (an engine
// without reference-types has no table.grow); its elements cannot be read
// or written from the host.
func (t *Table) bindOpaque(rt *Runtime) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rt != nil && t.rt != rt {
		return errShared
	}
	t.rt, t.opaque = rt, true
	return nil
}

var errShared = fmt.Errorf("a host table is shared only by VMs and stores of one configuration")

type tableAccess struct {
	mod                  api.Module
	get, set, size, grow api.Function
}

// NewHostTable returns a host table of min null elements.
func NewHostTable(elem api.ValueType, min, max uint32, hasMax bool) (*Table, error) {
	if elem != ValueTypeFuncref && elem != api.ValueTypeExternref {
		return nil, fmt.Errorf("table element type %s is not a reference type", api.ValueTypeName(elem))
	}
	if hasMax && max < min {
		return nil, fmt.Errorf("table minimum %d is greater than maximum %d", min, max)
	}
	if min > MaxHostTableElems {
		return nil, fmt.Errorf("table of %d elements exceeds the limit of %d", min, MaxHostTableElems)
	}
	return &Table{Elem: elem, Min: min, Max: max, HasMax: hasMax, elems: make([]uint64, min)}, nil
}

// Runtime returns the runtime whose engine holds the table, or nil for a
// host table not materialised yet.
func (t *Table) Runtime() *Runtime {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rt
}

// Size returns the current number of elements.
func (t *Table) Size(ctx context.Context) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.acc == nil {
		return uint32(len(t.elems))
	}
	res, err := t.acc.size.Call(ctx)
	if err != nil || len(res) != 1 {
		return 0
	}
	return uint32(res[0])
}

func outOfBounds(i, size uint32) error {
	return errcode.Newf(errcode.TableOutOfBounds, "table index %d is out of bounds (size %d)", i, size)
}

// Get returns element i: an engine reference (or externref index), or, for
// a host table not materialised yet, the function set there.
func (t *Table) Get(ctx context.Context, i uint32) (uint64, FuncSource, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.opaque {
		return 0, nil, errOpaque
	}
	if t.acc == nil {
		if i >= uint32(len(t.elems)) {
			return 0, nil, outOfBounds(i, uint32(len(t.elems)))
		}
		return t.elems[i], t.pending[i], nil
	}
	if size := t.sizeLocked(ctx); i >= size {
		return 0, nil, outOfBounds(i, size)
	}
	res, err := t.acc.get.Call(ctx, uint64(i))
	if err != nil {
		return 0, nil, execError(err)
	}
	return res[0], nil, nil
}

func (t *Table) sizeLocked(ctx context.Context) uint32 {
	res, err := t.acc.size.Call(ctx)
	if err != nil || len(res) != 1 {
		return 0
	}
	return uint32(res[0])
}

// Set stores element i: raw, or the reference to src made in the table's
// runtime when src is not nil.
func (t *Table) Set(ctx context.Context, i uint32, raw uint64, src FuncSource) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.opaque {
		return errOpaque
	}
	if t.acc == nil {
		if i >= uint32(len(t.elems)) {
			return outOfBounds(i, uint32(len(t.elems)))
		}
		t.elems[i] = raw
		if src != nil {
			if t.pending == nil {
				t.pending = map[uint32]FuncSource{}
			}
			t.pending[i] = src
		} else {
			delete(t.pending, i)
		}
		return nil
	}
	if size := t.sizeLocked(ctx); i >= size {
		return outOfBounds(i, size)
	}
	if src != nil {
		var err error
		if raw, err = src.FuncRefIn(ctx, t.rt); err != nil {
			return err
		}
	}
	if _, err := t.acc.set.Call(ctx, uint64(i), raw); err != nil {
		return execError(err)
	}
	return nil
}

// Grow adds n elements set to raw (or to src's reference) at the end.
func (t *Table) Grow(ctx context.Context, n uint32, raw uint64, src FuncSource) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.opaque {
		return errOpaque
	}
	if t.acc == nil {
		size := uint64(len(t.elems)) + uint64(n)
		limit := uint64(MaxHostTableElems)
		if t.HasMax {
			limit = min(limit, uint64(t.Max))
		}
		if size > limit {
			return errcode.Newf(errcode.TableOutOfBounds, "cannot grow the table from %d to %d elements (limit %d)", len(t.elems), size, limit)
		}
		old := uint32(len(t.elems))
		for i := uint32(0); i < n; i++ {
			t.elems = append(t.elems, raw)
			if src != nil {
				if t.pending == nil {
					t.pending = map[uint32]FuncSource{}
				}
				t.pending[old+i] = src
			}
		}
		return nil
	}
	if src != nil {
		var err error
		if raw, err = src.FuncRefIn(ctx, t.rt); err != nil {
			return err
		}
	}
	res, err := t.acc.grow.Call(ctx, raw, uint64(n))
	if err != nil {
		return execError(err)
	}
	if int32(res[0]) < 0 {
		return errcode.Newf(errcode.TableOutOfBounds, "cannot grow the table by %d elements", n)
	}
	return nil
}

// bind makes a materialised host table the home of t's elements, copying
// those set so far. A table lives in one runtime: materialising it in
// another (a VM of another configuration) fails rather than splitting it.
func (t *Table) bind(ctx context.Context, rt *Runtime, acc *tableAccess) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.acc != nil || t.opaque {
		if t.rt != rt {
			return errShared
		}
		return nil
	}
	for i, raw := range t.elems {
		if src := t.pending[uint32(i)]; src != nil {
			var err error
			if raw, err = src.FuncRefIn(ctx, rt); err != nil {
				return err
			}
		}
		if raw == 0 {
			continue
		}
		if _, err := acc.set.Call(ctx, uint64(i), raw); err != nil {
			return fmt.Errorf("initialising table element %d: %w", i, err)
		}
	}
	t.acc, t.rt, t.elems, t.pending = acc, rt, nil, nil
	return nil
}

// accessorsOf returns the table accessors that mod exports for table name.
func accessorsOf(mod api.Module, name string) (*tableAccess, error) {
	acc := &tableAccess{mod: mod,
		get:  mod.ExportedFunction(binary.TableGetName(name)),
		set:  mod.ExportedFunction(binary.TableSetName(name)),
		size: mod.ExportedFunction(binary.TableSizeName(name)),
		grow: mod.ExportedFunction(binary.TableGrowName(name))}
	if acc.get == nil || acc.set == nil || acc.size == nil || acc.grow == nil {
		return nil, fmt.Errorf("table %q: accessors missing", name)
	}
	return acc, nil
}

// Table returns access to the table that g exports as name, whose element
// type is elem. The accessor instance lives as long as g.
func (g *Guest) Table(ctx context.Context, name string, elem api.ValueType) (*Table, error) {
	type key struct {
		name string
		elem api.ValueType
	}
	if t, ok := g.tables.Load(key{name, elem}); ok {
		return t.(*Table), nil
	}
	rt := g.Compiled.rt
	compiled, err := rt.r.CompileModule(ctx, binary.EncodeTableAccess(name, binary.ValType(elem)))
	if err != nil {
		return nil, fmt.Errorf("table %q: %w", name, err)
	}
	defer compiled.Close(ctx) // the instance keeps what it needs
	ictx := experimental.WithImportResolver(ctx, func(string) api.Module { return g.Module })
	mod, err := rt.r.InstantiateModule(ictx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, fmt.Errorf("table %q: %w", name, err)
	}
	acc, err := accessorsOf(mod, "")
	if err != nil {
		_ = mod.Close(ctx)
		return nil, err
	}
	t := &Table{Elem: elem, rt: rt, acc: acc}
	if old, loaded := g.tables.LoadOrStore(key{name, elem}, t); loaded {
		_ = mod.Close(ctx)
		return old.(*Table), nil
	}
	return t, nil
}

// closeTables closes g's table and global accessor instances.
func (g *Guest) closeTables(ctx context.Context) {
	g.tables.Range(func(k, v any) bool {
		_ = v.(*Table).acc.mod.Close(ctx)
		g.tables.Delete(k)
		return true
	})
	g.globals.Range(func(k, v any) bool {
		v.(*V128Global).Close(ctx)
		g.globals.Delete(k)
		return true
	})
}

// execError maps an accessor's failure to WasmEdge's code.
func execError(err error) error {
	if e := errcode.FromExecution(err); e != nil {
		return e
	}
	return err
}
