package wasmedge

import (
	"context"

	"github.com/pureedge/pureedge/internal/engine"
)

// Store is a namespace of named module instances. Each Store (and each VM's
// own store) is isolated: guests instantiated through it import only from
// it.
type Store struct {
	s   *engine.Store
	own bool
}

// NewStore creates an empty store.
func NewStore() *Store { return &Store{s: engine.NewStore(), own: true} }

// FindModule returns the module registered under name, or nil.
func (self *Store) FindModule(name string) *Module {
	if self == nil || self.s == nil {
		return nil
	}
	e, ok := self.s.Lookup(name)
	if !ok {
		return nil
	}
	return moduleOfEntry(name, e)
}

func moduleOfEntry(name string, e engine.Entry) *Module {
	if e.Host != nil {
		return &Module{name: name, host: e.Host, isMock: e.Mock}
	}
	m := &Module{name: name, guest: e.Guest}
	if meta, ok := e.Guest.Meta.(*AST); ok {
		m.meta = meta.meta
	}
	return m
}

// ListModule returns the names of the registered modules, sorted bytewise.
func (self *Store) ListModule() []string {
	if self == nil || self.s == nil {
		return nil
	}
	return self.s.Names()
}

// Release frees a store the caller created: its modules are unregistered.
// It is idempotent.
func (self *Store) Release() {
	if self == nil || self.s == nil {
		return
	}
	if self.own {
		// The Wasm instances registered here are the store's; host modules
		// are their creators' to release.
		ctx := context.Background()
		for _, e := range self.s.Clear() {
			if e.Guest != nil {
				e.Guest.Close(ctx)
			}
		}
	}
	self.s, self.own = nil, false
}
