package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/pureedge/pureedge/internal/meter"

	wasmbin "github.com/pureedge/pureedge/internal/binary"
)

// A universal wasm (WasmEdge's name for a module that carries its compiled
// code) is the original module followed by a custom section UniversalSection
// holding wazero's compiled-code cache files for it, for one operating
// system, architecture, wazero version (wazero's cache directory name says
// all three) and configuration. Where all of them
// match, loading the module installs the files into the persistent cache
// before compiling, so compiling is a cache read; anywhere else the section
// is ignored. wazero's cache key also covers the CPU's features, so a
// machine with other features compiles as usual.

// The compiled code is native code, which cannot be checked the way a
// module is validated: damaged code is refused (each file carries a
// SHA-256), but code made to harm would run. WasmEdge runs the native code
// of a universal wasm unasked; PureEdge uses it only when the environment
// variable TrustCompiledEnv is "1" (the CLI's --trust-compiled-code sets
// it), and otherwise ignores the section, as on another machine.

// TrustCompiledEnv names the environment variable that lets a universal
// wasm's compiled code into the cache.
const TrustCompiledEnv = "PUREEDGE_TRUST_COMPILED"

// TrustsCompiledCode reports whether TrustCompiledEnv lets universal wasm
// code into the cache.
func TrustsCompiledCode() bool { return os.Getenv(TrustCompiledEnv) == "1" }

// UniversalSection is the name of the custom section.
const UniversalSection = "pureedge.wazero"

// WazeroVersion is the version of wazero that PureEdge is built on.
const WazeroVersion = "v1.12.0"

const universalMagic = "PEUW\x02"

// cacheSubdir is the directory that wazero keeps its files in under a cache
// directory ("wazero-<version>-<arch>-<os>", where the version is what
// wazero reads from the build information): found once by letting wazero
// make it in a scratch directory.
var cacheSubdir = sync.OnceValue(func() string {
	dir, err := os.MkdirTemp("", "pureedge-probe-*")
	if err != nil {
		return ""
	}
	defer os.RemoveAll(dir)
	if _, err := wazero.NewCompilationCacheWithDir(dir); err != nil {
		return ""
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "wazero-") {
		return ""
	}
	return entries[0].Name()
})

var cacheFileRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// configKey is what, besides the module, changes the compiled code.
func configKey(cfg Config) []byte {
	var b [9]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(cfg.Features))
	if cfg.CloseOnContextDone {
		b[8] = 1
	}
	return b[:]
}

// BuildUniversal compiles bin under cfg and returns it with a
// UniversalSection carrying the compiled code. A module that already has
// one is compiled from its original part. With the interpreter there is no
// compiled code to carry, and bin is returned as it is.
func BuildUniversal(ctx context.Context, cfg Config, bin []byte) ([]byte, error) {
	return BuildUniversalFor(ctx, cfg, bin, bin)
}

// BuildUniversalFor is BuildUniversal where the engine is given engineBin,
// the module's bytes as Compile will see them (binary.Module.ForEngine),
// rather than bin itself: the section carries engineBin's compiled code.
func BuildUniversalFor(ctx context.Context, cfg Config, bin, engineBin []byte) ([]byte, error) {
	if head, _, ok := wasmbin.LastCustom(bin, UniversalSection); ok {
		bin = head
	}
	if head, _, ok := wasmbin.LastCustom(engineBin, UniversalSection); ok {
		engineBin = head
	}
	if cfg.Interpreter {
		return bin, nil
	}
	dir, err := os.MkdirTemp("", "pureedge-compile-*")
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	defer os.RemoveAll(dir)
	cc, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	rc := wazero.NewRuntimeConfigCompiler().WithCoreFeatures(cfg.Features).
		WithCloseOnContextDone(cfg.CloseOnContextDone).WithCompilationCache(cc)
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	// Runs compile the module instrumented with safe points (Runtime.Compile,
	// internal/meter); the carried code must be that code to be found.
	code := wasmbin.WithoutCustom(engineBin, "name") // as Runtime.Compile
	if ibin, _, err := meter.Instrument(code, meter.Options{ImportRefs: importRefs(cfg), NoTableChecks: noTableChecks(cfg)}); err == nil {
		code = ibin
	}
	_, err = r.CompileModule(experimental.WithCompilationWorkers(ctx, runtime.GOMAXPROCS(0)), code)
	r.Close(ctx)
	if err != nil {
		return nil, err
	}
	sub := cacheSubdir()
	if sub == "" {
		return nil, errors.New("compile: wazero's cache directory cannot be found")
	}
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil {
		return nil, fmt.Errorf("compile: wazero's cache is not in %s: %w", sub, err)
	}
	// The module is named by what the engine compiles of it (moduleSum), so
	// that the code is found whichever custom sections a reader kept.
	sum := moduleSum(engineBin)
	var p []byte
	str := func(s []byte) []byte { return append(binary.LittleEndian.AppendUint32(p, uint32(len(s))), s...) }
	p = append(p, universalMagic...)
	p = append(p, sum[:]...)
	for _, s := range [][]byte{[]byte(runtime.GOOS), []byte(runtime.GOARCH), []byte(cacheSubdir()), configKey(cfg)} {
		p = str(s)
	}
	var files [][2][]byte
	for _, e := range entries {
		if !e.Type().IsRegular() || !cacheFileRE.MatchString(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("compile: %w", err)
		}
		files = append(files, [2][]byte{[]byte(e.Name()), data})
	}
	if len(files) == 0 {
		return nil, errors.New("compile: wazero wrote no compiled code")
	}
	p = binary.LittleEndian.AppendUint32(p, uint32(len(files)))
	for _, f := range files {
		p = str(f[0])
		fsum := sha256.Sum256(f[1])
		p = append(p, fsum[:]...)
		p = str(f[1])
	}
	out := append([]byte(nil), bin...)
	return wasmbin.AppendSection(out, wasmbin.SectionCustom, append(wasmbin.AppendName(nil, UniversalSection), p...)), nil
}

// universalFile is one cache file carried by a universal wasm.
type universalFile struct {
	name string
	data []byte
}

// parseUniversal decodes a UniversalSection's payload for the module of
// moduleSum sum, returning its files if it was made for this module,
// system, wazero version and cfg, or an error saying why the payload does
// not fit or is malformed.
func parseUniversal(cfg Config, sum [32]byte, p []byte) ([]universalFile, error) {
	if !bytes.HasPrefix(p, []byte(universalMagic)) || len(p) < len(universalMagic)+32 {
		return nil, errors.New("not a PureEdge universal section of this format")
	}
	p = p[len(universalMagic):]
	if !bytes.Equal(p[:32], sum[:]) {
		return nil, errors.New("made for another module (the module was changed after compiling)")
	}
	p = p[32:]
	next := func() ([]byte, bool) {
		if len(p) < 4 {
			return nil, false
		}
		n := binary.LittleEndian.Uint32(p)
		if uint64(n) > uint64(len(p)-4) {
			return nil, false
		}
		s := p[4 : 4+n]
		p = p[4+n:]
		return s, true
	}
	for i, want := range [][]byte{[]byte(runtime.GOOS), []byte(runtime.GOARCH), []byte(cacheSubdir()), configKey(cfg)} {
		got, ok := next()
		if !ok {
			return nil, errors.New("damaged (cut short)")
		}
		if !bytes.Equal(got, want) {
			what := [...]string{"operating system", "architecture", "wazero version", "configuration (proposals, interruptibility)"}[i]
			return nil, fmt.Errorf("made for another %s (%q, here %q)", what, got, want)
		}
	}
	if len(p) < 4 {
		return nil, errors.New("damaged (cut short)")
	}
	n := binary.LittleEndian.Uint32(p)
	p = p[4:]
	if uint64(n) > uint64(len(p))/8 {
		return nil, fmt.Errorf("damaged (%d files in %d bytes)", n, len(p))
	}
	files := make([]universalFile, 0, n)
	for i := uint32(0); i < n; i++ {
		name, ok1 := next()
		if !ok1 || !cacheFileRE.Match(name) || len(p) < 32 {
			return nil, fmt.Errorf("damaged (file %d: bad name)", i)
		}
		want := p[:32]
		p = p[32:]
		data, ok2 := next()
		if sum := sha256.Sum256(data); !ok2 || !bytes.Equal(sum[:], want) {
			return nil, fmt.Errorf("damaged (file %d: its SHA-256 does not match)", i)
		}
		files = append(files, universalFile{string(name), data})
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("damaged (%d bytes after the last file)", len(p))
	}
	return files, nil
}

// errUntrusted is why a universal wasm's code is left unused by default.
var errUntrusted = errors.New("compiled code is not trusted (set " + TrustCompiledEnv + "=1, or the CLI's --trust-compiled-code)")

// installUniversal writes the compiled code of the UniversalSection
// payload p, carried by the module of moduleSum sum, into the cache, when
// the payload fits this runtime and a persistent cache is in use (files
// already there are kept), and marks the module warm; otherwise it says
// why the code is not used.
func installUniversal(cfg Config, sum [32]byte, p []byte) error {
	dir := PersistentCacheDir()
	switch {
	case cfg.Interpreter:
		return errors.New("the interpreter runs no compiled code")
	case !TrustsCompiledCode():
		return errUntrusted
	case dir == "":
		return errors.New("no persistent compiled-code cache to install it in")
	}
	if err := installFiles(dir, cfg, sum, p); err != nil {
		return err
	}
	markWarmOf(cfg, sum, nil)
	return nil
}

// installFiles writes the compiled code of a UniversalSection payload p for
// the module of moduleSum sum into wazero's cache under dir, or says why
// the payload does not fit or a file could not be put in place.
func installFiles(dir string, cfg Config, sum [32]byte, p []byte) error {
	files, err := parseUniversal(cfg, sum, p)
	if err != nil {
		return err
	}
	if cacheSubdir() == "" {
		return errors.New("wazero's cache directory cannot be found")
	}
	sub := filepath.Join(dir, cacheSubdir())
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return fmt.Errorf("installing the compiled code: %w", err)
	}
	for _, f := range files {
		path := filepath.Join(sub, f.name)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		tmp, err := os.CreateTemp(sub, f.name+".*.tmp")
		if err != nil {
			return fmt.Errorf("installing the compiled code: %w", err)
		}
		_, werr := tmp.Write(f.data)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Rename(tmp.Name(), path)
		}
		if werr != nil {
			_ = os.Remove(tmp.Name())
			return fmt.Errorf("installing the compiled code: %w", werr)
		}
	}
	return nil
}
