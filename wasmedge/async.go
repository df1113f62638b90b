package wasmedge

import "time"

// Async is a call running in the background.
type Async struct {
	done chan struct{}
	res  []interface{}
	err  error
}

func startAsync(run func() ([]interface{}, error)) *Async {
	a := &Async{done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.res, a.err = run()
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

// Cancel asks the call to stop. Interrupting running Wasm code is not
// supported yet: the call runs to its end (logged at error level).
func (self *Async) Cancel() {
	logf(logLevelError, "Async.Cancel: interrupting a running call is not supported yet")
}

// GetResult waits for the call and returns its results.
func (self *Async) GetResult() ([]interface{}, error) {
	<-self.done
	return self.res, self.err
}

// Release frees the handle; the call goes on.
func (self *Async) Release() {}

// AsyncRunWasmFile is RunWasmFile in the background.
func (self *VM) AsyncRunWasmFile(path string, funcname string, params ...interface{}) *Async {
	return startAsync(func() ([]interface{}, error) { return self.RunWasmFile(path, funcname, params...) })
}

// AsyncRunWasmBuffer is RunWasmBuffer in the background.
func (self *VM) AsyncRunWasmBuffer(buf []byte, funcname string, params ...interface{}) *Async {
	return startAsync(func() ([]interface{}, error) { return self.RunWasmBuffer(buf, funcname, params...) })
}

// AsyncRunWasmAST is RunWasmAST in the background.
func (self *VM) AsyncRunWasmAST(ast *AST, funcname string, params ...interface{}) *Async {
	return startAsync(func() ([]interface{}, error) { return self.RunWasmAST(ast, funcname, params...) })
}

// AsyncExecute is Execute in the background.
func (self *VM) AsyncExecute(funcname string, params ...interface{}) *Async {
	return startAsync(func() ([]interface{}, error) { return self.Execute(funcname, params...) })
}

// AsyncExecuteRegistered is ExecuteRegistered in the background.
func (self *VM) AsyncExecuteRegistered(modname string, funcname string, params ...interface{}) *Async {
	return startAsync(func() ([]interface{}, error) { return self.ExecuteRegistered(modname, funcname, params...) })
}
