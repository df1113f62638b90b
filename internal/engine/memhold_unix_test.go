//go:build unix

package engine

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/meter"
)

// HoldMemories keeps a closed guest's memory mapped until the hold is
// released, and the last release unmaps it; a closed guest gives no hold.
func TestHoldMemories(t *testing.T) {
	ctx := context.Background()
	rt := RuntimeFor(Config{Features: api.CoreFeaturesV2, Interpreter: true})
	// (module (memory 1))
	bin := []byte("\x00asm\x01\x00\x00\x00\x05\x03\x01\x00\x01")
	c, err := rt.Compile(ctx, bin, meter.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewStore().Instantiate(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.mems) != 1 {
		t.Fatalf("%d linear memories, want 1", len(g.mems))
	}
	lm := g.mems[0]
	release, ok := g.HoldMemories()
	if !ok {
		t.Fatal("no hold on an open guest")
	}
	g.Close(ctx)
	if _, ok := g.HoldMemories(); ok || !g.Closed() {
		t.Error("a hold on a closed guest")
	}
	lm.mu.Lock()
	mapped := lm.mem != nil
	lm.mu.Unlock()
	if !mapped {
		t.Fatal("the memory was unmapped while held")
	}
	release()
	lm.mu.Lock()
	mapped = lm.mem != nil
	lm.mu.Unlock()
	if mapped {
		t.Error("the memory is still mapped after the last release")
	}
}
