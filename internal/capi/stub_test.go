//go:build !cgo

package capi

import (
	"errors"
	"testing"
)

func TestLoadWithoutCgo(t *testing.T) {
	d, err := Load("/x/libplugin.so")
	if d != nil || err == nil {
		t.Fatal("loaded without cgo")
	}
	want := "loading C plug-in /x/libplugin.so: this binary was built without cgo (CGO_ENABLED=0); rebuild with cgo to load shared-library plug-ins"
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	if !errors.Is(err, ErrUnsupported) {
		t.Error("error does not wrap ErrUnsupported")
	}
	if Enabled {
		t.Error("Enabled in a build without cgo")
	}
}
