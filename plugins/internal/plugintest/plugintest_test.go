package plugintest

import (
	"context"
	"fmt"
	"testing"

	"github.com/tetratelabs/wazero/api"

	"github.com/pureedge/pureedge/internal/abi"
	"github.com/pureedge/pureedge/wasmedge"
)

// recorder is a testing.TB that keeps the errors.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func module(name string, params, results []*wasmedge.ValType, extra string) *wasmedge.Module {
	m := wasmedge.NewModule("m")
	nop := func(context.Context, api.Module, []uint64) wasmedge.Result { return wasmedge.Result_Success }
	m.AddFunction(name, wasmedge.NewFastFunction(wasmedge.NewFunctionType(params, results), nop, 0))
	if extra != "" {
		m.AddFunction(extra, wasmedge.NewFastFunction(wasmedge.NewFunctionType(nil, nil), nop, 0))
	}
	return m
}

// CheckABI finds a wrong parameter, a wrong result, a missing function and
// an extra one, and accepts the right module.
func TestCheckABI(t *testing.T) {
	i32, i64 := wasmedge.NewValTypeI32(), wasmedge.NewValTypeI64()
	def := &abi.Module{Funcs: []abi.Func{{Name: "f", Params: []api.ValueType{api.ValueTypeI32}, Results: []api.ValueType{api.ValueTypeI32}}}}
	for _, c := range []struct {
		m    *wasmedge.Module
		errs int
	}{
		{module("f", []*wasmedge.ValType{i32}, []*wasmedge.ValType{i32}, ""), 0},
		{module("f", []*wasmedge.ValType{i64}, []*wasmedge.ValType{i32}, ""), 1},
		{module("f", []*wasmedge.ValType{i32}, nil, ""), 1},
		{module("g", []*wasmedge.ValType{i32}, []*wasmedge.ValType{i32}, ""), 2},
		{module("f", []*wasmedge.ValType{i32}, []*wasmedge.ValType{i32}, "h"), 2},
	} {
		r := &recorder{TB: t}
		CheckABI(r, c.m, def)
		if len(r.errs) != c.errs {
			t.Errorf("%v: errors %q, want %d", c.m.ListFunction(), r.errs, c.errs)
		}
		c.m.Release()
	}
}
