package wasmedge

import (
	"context"
	"time"
)

// Async is a call running in the background.
type Async struct {
	done   chan struct{}
	res    []interface{}
	err    error
	cancel context.CancelFunc
}

func startAsync(run func(ctx context.Context) ([]interface{}, error)) *Async {
	ctx, cancel := context.WithCancel(context.Background())
	a := &Async{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(a.done)
		defer cancel()
		a.res, a.err = run(ctx)
	}()
	return a
}

// WaitFor waits up to millisec milliseconds and reports whether the call
// has finished.
func (self *Async) WaitFor(millisec int) bool {
	select {
	case <-self.done:
		return true
	case <-time.After(time.Duration(millisec) * time.Millisecond):
		return false
	}
}

// Cancel stops the call: running Wasm code stops at its next safe point
// (within milliseconds) and GetResult returns "execution interrupted"
// (0x0007), as WasmEdge's. The instance stays usable. Cancelling before the
// call has started makes it fail at once the same way; cancelling after it
// has finished changes nothing; Cancel may be called any number of times,
// from any number of goroutines. A WASI call that waits on a socket, in
// poll_oneoff or in sock_getaddrinfo is interrupted as well; another host
// function that is running is not: the call stops once it returns to Wasm
// code.
func (self *Async) Cancel() {
	if self == nil || self.cancel == nil {
		return
	}
	self.cancel()
}

// GetResult waits for the call and returns its results.
func (self *Async) GetResult() ([]interface{}, error) {
	<-self.done
	return self.res, self.err
}

// Release frees the handle; the call goes on (as WasmEdge's, Release does not
// cancel).
func (self *Async) Release() {}

// AsyncRunWasmFile is RunWasmFile in the background.
func (self *VM) AsyncRunWasmFile(path string, funcname string, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) {
		return self.RunWasmFileContext(ctx, path, funcname, params...)
	})
}

// AsyncRunWasmBuffer is RunWasmBuffer in the background.
func (self *VM) AsyncRunWasmBuffer(buf []byte, funcname string, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) {
		return self.RunWasmBufferContext(ctx, buf, funcname, params...)
	})
}

// AsyncRunWasmAST is RunWasmAST in the background.
func (self *VM) AsyncRunWasmAST(ast *AST, funcname string, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) {
		return self.RunWasmASTContext(ctx, ast, funcname, params...)
	})
}

// AsyncExecute is Execute in the background.
func (self *VM) AsyncExecute(funcname string, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) { return self.ExecuteContext(ctx, funcname, params...) })
}

// AsyncExecuteRegistered is ExecuteRegistered in the background.
func (self *VM) AsyncExecuteRegistered(modname string, funcname string, params ...interface{}) *Async {
	return startAsync(func(ctx context.Context) ([]interface{}, error) {
		return self.ExecuteRegisteredContext(ctx, modname, funcname, params...)
	})
}
