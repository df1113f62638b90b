package wasilogging

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// appendFile appends line to the file a guest named as its context, if the
// host allowed it: the file itself (--wasi-logging-allow-file) or a
// directory it is under (--wasi-logging-allow-dir). A relative name is
// relative to the host's working directory, as in WasmEdge. Under an
// allowed directory the file is opened through an os.Root, so neither ".."
// nor a symbolic link leads out of it; missing parent directories are
// created there, as spdlog's file sink creates them. The file is opened for
// each record and closed again, so an instance holds no file open.
func (in *instance) appendFile(name, line string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return fmt.Errorf("%q: a file name with a NUL byte", name)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return fmt.Errorf("%q: %w", name, err)
	}
	const flags = os.O_WRONLY | os.O_APPEND | os.O_CREATE
	if slices.Contains(in.files, abs) {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(abs, flags, 0o644)
		if err != nil {
			return err
		}
		return write(f, line)
	}
	for _, dir := range in.dirs {
		rel, err := filepath.Rel(dir, abs)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return err
		}
		defer root.Close()
		if parent := filepath.Dir(rel); parent != "." {
			if err := root.MkdirAll(parent, 0o755); err != nil {
				return err
			}
		}
		f, err := root.OpenFile(rel, flags, 0o644)
		if err != nil {
			return err
		}
		return write(f, line)
	}
	return fmt.Errorf("%q is not an allowed log file (allow it with --%s or --%s)", name, OptionAllowFile, OptionAllowDir)
}

func write(f *os.File, line string) error {
	_, err := io.WriteString(f, line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
