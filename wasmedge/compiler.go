package wasmedge

import (
	"context"
	"os"

	"github.com/pureedge/pureedge/internal/engine"
	"github.com/pureedge/pureedge/internal/errcode"
)

// Compiler is WasmEdge's ahead-of-time compiler. Compile writes a
// "universal wasm": the original module followed by a custom section that
// carries wazero's compiled code for this operating system, architecture,
// wazero version and configuration. Loading it where those match (and the
// CPU has the same features) installs the code in the compiled-code cache,
// so the module starts without compiling; anywhere else the section is
// ignored and the module compiles as usual. With the interpreter forced,
// the module is copied unchanged. The native shared-library format is not
// supported and fails.
type Compiler struct {
	conf *Configure
}

// NewCompiler creates a compiler with the default configuration.
func NewCompiler() *Compiler { return &Compiler{conf: defaultConfigure()} }

// NewCompilerWithConfig creates a compiler with a configuration.
func NewCompilerWithConfig(conf *Configure) *Compiler { return &Compiler{conf: conf.clone()} }

// Compile compiles the Wasm file inpath to outpath.
func (self *Compiler) Compile(inpath string, outpath string) error {
	buf, err := readWasmFile(inpath)
	if err != nil {
		return err
	}
	return self.CompileBuffer(buf, outpath)
}

// CompileBuffer compiles Wasm bytes to outpath.
func (self *Compiler) CompileBuffer(buf []byte, outpath string) error {
	if self.conf.outputFormat == CompilerOutputFormat_Native {
		return fail(errcode.AOTDisabled, "native shared-library output is not supported")
	}
	ast, e := loadAST(buf, self.conf)
	if e != nil {
		return resultError(e)
	}
	out, berr := engine.BuildUniversalFor(context.Background(), self.conf.engineConfig(), ast.bytes,
		ast.forEngine(self.conf.maxTableElements()))
	if berr != nil {
		// Validation gives the failure WasmEdge's code.
		if err := NewValidatorWithConfig(self.conf).Validate(ast); err != nil {
			return err
		}
		return fail(errcode.RuntimeError, berr.Error())
	}
	if err := os.WriteFile(outpath, out, 0o644); err != nil {
		return fail(errcode.IllegalPath, err.Error())
	}
	return nil
}

// Release frees the compiler.
func (self *Compiler) Release() {}
