package example_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The guide (plugins/README.md) quotes the example's source: every Go block
// whose first line names a file must appear in that file verbatim, so that
// the guide cannot drift from the code its tests run.
func TestReadmeQuotesTheSource(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(readme), "```go\n")[1:]
	quoted := 0
	for _, b := range blocks {
		body, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatal("an unterminated code block")
		}
		first, rest, _ := strings.Cut(body, "\n")
		file, ok := strings.CutPrefix(first, "// ")
		if !ok || !strings.HasSuffix(file, ".go") || strings.Contains(file, " ") {
			continue
		}
		src, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(file)))
		if err != nil {
			t.Errorf("the guide quotes %s: %v", file, err)
			continue
		}
		if !strings.Contains(string(src), rest) {
			t.Errorf("the guide's quote of %s is not in the file:\n%s", file, rest)
		}
		quoted++
	}
	if quoted < 4 {
		t.Errorf("only %d quoted blocks found", quoted)
	}
}
