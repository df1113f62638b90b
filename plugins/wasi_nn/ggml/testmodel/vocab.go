package testmodel

import (
	"os"
	"path/filepath"
	"testing"
)

// VocabEnv names the environment variable holding the directory of
// llama.cpp's vocabulary files (models/ggml-vocab-*.gguf with their .inp
// and .out test vectors). .ci/run fills it from npm's node-llama-cpp.
const VocabEnv = "GGML_VOCAB_DIR"

// VocabPath returns the path of file (for example "ggml-vocab-llama-spm.gguf")
// in the vocabulary directory. When it is missing the test fails under
// CI=true and is skipped otherwise.
func VocabPath(tb testing.TB, file string) string {
	tb.Helper()
	dir := os.Getenv(VocabEnv)
	if dir != "" {
		p := filepath.Join(dir, file)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s not found: set %s to a directory holding llama.cpp's models/ggml-vocab-* files (.ci/run does)", file, VocabEnv)
	}
	tb.Skipf("%s not found: set %s to a directory holding llama.cpp's models/ggml-vocab-* files", file, VocabEnv)
	return ""
}
