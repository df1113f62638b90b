package wasmedge

import (
	"os"

	"github.com/pureedge/pureedge/internal/errcode"
)

// Compiler is WasmEdge's ahead-of-time compiler. There is no AOT compiler
// here: Compile validates the module, so that the next run starts from the
// compiled-code cache, and writes it unchanged to outpath (a "universal
// wasm" that every loader accepts). The native shared-library format is not
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
	ast, e := loadAST(buf)
	if e != nil {
		return resultError(e)
	}
	if err := NewValidatorWithConfig(self.conf).Validate(ast); err != nil {
		return err
	}
	if err := os.WriteFile(outpath, buf, 0o644); err != nil {
		return fail(errcode.IllegalPath, err.Error())
	}
	return nil
}

// Release frees the compiler.
func (self *Compiler) Release() {}
