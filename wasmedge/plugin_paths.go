package wasmedge

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/pureedge/pureedge/internal/capi"
	"github.com/pureedge/pureedge/internal/plugindesc"
)

// PluginPathEnv is the environment variable WasmEdge reads for plug-in
// files and directories, separated by ':' (';' on Windows).
const PluginPathEnv = "WASMEDGE_PLUGIN_PATH"

// InstallDirEnv overrides the installation directory from which the default
// plug-in directory is derived (see DefaultPluginPaths).
const InstallDirEnv = "PUREEDGE_INSTALL_DIR"

var installDirOverride atomic.Pointer[string]

// SetInstallDir sets the installation directory from which the default
// plug-in directory is derived, in place of the executable's directory; it
// takes precedence over PUREEDGE_INSTALL_DIR. "" restores the default. It
// is an addition to the WasmEdge API, for programs that ship plug-ins in a
// directory of their own.
func SetInstallDir(dir string) { installDirOverride.Store(&dir) }

// installDir is the directory the plug-in directory is derived from:
// SetInstallDir's, else $PUREEDGE_INSTALL_DIR, else the directory of the
// running executable (symbolic links resolved). "" if none can be found.
func installDir() string {
	if p := installDirOverride.Load(); p != nil && *p != "" {
		return *p
	}
	if v := os.Getenv(InstallDirEnv); v != "" {
		return v
	}
	exe, err := os.Executable()
	if err != nil {
		logf(logLevelDebug, "Plugin: cannot locate the executable: %v", err)
		return ""
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return filepath.Dir(exe)
}

// DefaultPluginPaths returns where LoadPluginDefaultPaths looks, in order:
//
//  1. every entry of WASMEDGE_PLUGIN_PATH, a file or a directory, separated
//     by ':' (';' on Windows); empty entries (a leading, doubled or trailing
//     separator) are skipped;
//  2. the plug-in directory of the installation. WasmEdge derives it from
//     the directory of libwasmedge; PureEdge has no such library and uses
//     the executable's directory D (or SetInstallDir's, or
//     $PUREEDGE_INSTALL_DIR). If D is named "bin", the library directory L
//     is D/../lib, else L is D. Then WasmEdge's rule applies: if L starts
//     with "/usr" or "/lib" (a string prefix), the plug-ins are in
//     L/wasmedge, else in L/../plugin. So /usr/local/bin/wasmedge looks in
//     /usr/local/lib/wasmedge and ~/.wasmedge/bin/wasmedge in
//     ~/.wasmedge/plugin, as WasmEdge's installs do. On Windows the
//     directory is D itself, then %USERPROFILE%\.wasmedge\plugin.
//
// The paths are cleaned. It is an addition to the WasmEdge API.
func DefaultPluginPaths() []string {
	var paths []string
	if v, ok := os.LookupEnv(PluginPathEnv); ok {
		paths = splitPluginPath(v, runtime.GOOS)
	}
	home, _ := os.UserHomeDir()
	return append(paths, installPluginDirs(installDir(), runtime.GOOS, home)...)
}

// splitPluginPath splits WASMEDGE_PLUGIN_PATH. WasmEdge splits on ':' on
// every OS (and aborts on a trailing ':'); Windows drive letters need ';'
// there, so Windows splits on ';'.
func splitPluginPath(v, goos string) []string {
	sep := ":"
	if goos == "windows" {
		sep = ";"
	}
	var out []string
	for _, p := range strings.Split(v, sep) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// installPluginDirs applies the default-directory rule to an installation
// directory (see DefaultPluginPaths).
func installPluginDirs(dir, goos, home string) []string {
	if goos == "windows" {
		var out []string
		if dir != "" {
			out = append(out, filepath.Clean(dir))
		}
		if home != "" {
			out = append(out, filepath.Join(home, ".wasmedge", "plugin"))
		}
		return out
	}
	if dir == "" {
		return nil
	}
	lib := filepath.Clean(dir)
	if filepath.Base(lib) == "bin" {
		lib = filepath.Join(filepath.Dir(lib), "lib")
	}
	if strings.HasPrefix(lib, "/usr") || strings.HasPrefix(lib, "/lib") {
		return []string{filepath.Join(lib, "wasmedge")}
	}
	return []string{filepath.Join(lib, "..", "plugin")}
}

// pluginExt is the extension of plug-in files on goos.
func pluginExt(goos string) string {
	switch goos {
	case "darwin", "ios":
		return ".dylib"
	case "windows":
		return ".dll"
	}
	return ".so"
}

// isPluginFile reports whether a file name is a plug-in's: its last
// extension is exactly the platform's (case-sensitive; "libx.so.0" is not),
// as in WasmEdge. A name that is only the extension is not, and neither is a
// macOS AppleDouble file ("._libx.dylib"), which WasmEdge tries and fails
// to load (issue #3232).
func isPluginFile(name, goos string) bool {
	ext := pluginExt(goos)
	return len(name) > len(ext) && strings.HasSuffix(name, ext) && !strings.HasPrefix(name, "._")
}

// loadPath loads a plug-in file, or the plug-in files under a directory.
// The caller holds plugins.loadMu.
func loadPath(path string) {
	st, err := os.Stat(path) // follows a symbolic link, as WasmEdge
	if err != nil {
		logf(logLevelDebug, "Plugin: %s: %v", path, err)
		return
	}
	switch {
	case st.IsDir():
		walkPluginDir(path, runtime.GOOS, loadFile)
	case st.Mode().IsRegular() && isPluginFile(filepath.Base(path), runtime.GOOS):
		loadFile(path)
	}
}

// walkPluginDir calls visit for every plug-in file under dir, recursively,
// in lexical order. Symbolic links to files are followed, symbolic links to
// directories are not; unreadable directories are skipped.
func walkPluginDir(dir, goos string, visit func(path string)) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		logf(logLevelDebug, "Plugin: %s: %v", dir, err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		t := e.Type()
		switch {
		case t.IsDir():
			walkPluginDir(p, goos, visit)
		case t&fs.ModeSymlink != 0:
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && isPluginFile(e.Name(), goos) {
				visit(p)
			}
		case t.IsRegular():
			if isPluginFile(e.Name(), goos) {
				visit(p)
			}
		}
	}
}

// loadFile loads one plug-in file, once per process (keyed by its absolute
// path). A file that fails is logged at error level and skipped; a library
// without a plug-in descriptor is skipped silently; a plug-in whose name is
// taken is not registered (the first one wins). The caller holds
// plugins.loadMu.
func loadFile(path string) {
	key, err := filepath.Abs(path)
	if err != nil {
		key = filepath.Clean(path)
	}
	if _, done := plugins.files[key]; done {
		return
	}
	plugins.files[key] = struct{}{}
	d, err := loadLibrary(path)
	var verr *capi.APIVersionError
	if errors.As(err, &verr) {
		// WasmEdge skips a plug-in built for another API at debug level,
		// where nobody sees why it is missing; PureEdge says so at error
		// level, with the path and the reason.
		logf(logLevelError, "Plugin: rejected: %v", err)
		return
	}
	if err != nil {
		logf(logLevelError, "loading failed: invalid path, Code: 0x100")
		if msg := err.Error(); strings.Contains(msg, path) {
			logf(logLevelError, "    load library failed: %s", msg)
		} else {
			logf(logLevelError, "    load library failed: %s: %s", path, msg)
		}
		return
	}
	if d == nil || d.Name == "" {
		logf(logLevelDebug, "Plugin: %s has no plug-in descriptor", path)
		return
	}
	d.Path = path
	register(*d)
}

func loadLibrary(path string) (d *plugindesc.Descriptor, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("the loader panicked: %v", r)
		}
	}()
	return loadSharedLibrary(path)
}
