package wasmedge

import (
	"encoding/binary"
	"fmt"

	"github.com/pureedge/pureedge/internal/errcode"
)

// bindgen is the return kind of the legacy wasm-bindgen calling convention.
type bindgen int

// The return kinds of ExecuteBindgen.
const (
	Bindgen_return_void bindgen = iota
	Bindgen_return_i32
	Bindgen_return_i64
	Bindgen_return_array
)

// ExecuteBindgen calls a function of the active module with the legacy
// wasm-bindgen (rustwasmc) convention: int32/uint32 pass as i32, 64-bit
// integers as two i32 halves, []byte through __wbindgen_malloc; an i64 or
// array result comes back through memory.
func (self *VM) ExecuteBindgen(funcname string, rettype bindgen, params ...interface{}) (interface{}, error) {
	mod := self.GetActiveModule()
	if mod == nil {
		return nil, fail(errcode.WrongInstanceAddress, "no active module")
	}
	return self.bindgenCall(mod, funcname, rettype, params)
}

// ExecuteBindgenRegistered is ExecuteBindgen on a registered module.
func (self *VM) ExecuteBindgenRegistered(modname string, funcname string, rettype bindgen, params ...interface{}) (interface{}, error) {
	mod := self.GetRegisteredModule(modname)
	if mod == nil {
		return nil, fail(errcode.WrongInstanceAddress, "module "+modname+" is not registered")
	}
	return self.bindgenCall(mod, funcname, rettype, params)
}

func (self *VM) bindgenCall(mod *Module, funcname string, rettype bindgen, params []interface{}) (interface{}, error) {
	mems := mod.ListMemory()
	var mem *Memory
	if len(mems) > 0 {
		mem = mod.FindMemory(mems[0])
	}
	var args []interface{}
	switch rettype {
	case Bindgen_return_array:
		args = append(args, int32(8))
	case Bindgen_return_i64:
		args = append(args, int32(0))
	}
	for _, p := range params {
		switch v := p.(type) {
		case int32, uint32:
			args = append(args, v)
		case int64:
			args = append(args, int32(uint32(v)), int32(uint32(uint64(v)>>32)))
		case uint64:
			args = append(args, int32(uint32(v)), int32(uint32(v>>32)))
		case []byte:
			res, err := self.call(nil, mod, "__wbindgen_malloc", []interface{}{int32(len(v))})
			if err != nil {
				return nil, err
			}
			ptr := res[0].(int32)
			if mem == nil {
				return nil, fail(errcode.MemoryOutOfBounds, "the module has no memory")
			}
			if err := mem.SetData(v, uint(uint32(ptr)), uint(len(v))); err != nil {
				return nil, err
			}
			args = append(args, ptr, int32(len(v)))
		default:
			return nil, fail(errcode.FuncSigMismatch, fmt.Sprintf("a Go %T cannot be passed to a bindgen function", p))
		}
	}
	res, err := self.call(nil, mod, funcname, args)
	if err != nil {
		return nil, err
	}
	switch rettype {
	case Bindgen_return_i32:
		if len(res) == 0 {
			return nil, nil
		}
		return res[0], nil
	case Bindgen_return_i64:
		b, err := mem.GetData(0, 8)
		if err != nil {
			return nil, err
		}
		return int64(binary.LittleEndian.Uint64(b)), nil
	case Bindgen_return_array:
		b, err := mem.GetData(8, 8)
		if err != nil {
			return nil, err
		}
		ptr, n := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
		data, err := mem.GetData(uint(ptr), uint(n))
		if err != nil {
			return nil, err
		}
		out := append([]byte(nil), data...)
		if _, err := self.call(nil, mod, "__wbindgen_free", []interface{}{int32(ptr), int32(n)}); err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, nil
}
