package wasmedge_test

import (
	"encoding/json"
	"go/version"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGoDirective checks that PureEdge's go line is the lowest its
// dependencies allow (the highest of their go lines, no higher), that the
// drop-in says the same, and that README.md names that release.
func TestGoDirective(t *testing.T) {
	repo := goList(t, ".", "-m", "-f", "{{.Dir}}", "github.com/pureedge/pureedge")
	out := goList(t, repo, "-m", "-json", "all")
	dec := json.NewDecoder(strings.NewReader(out))
	var own, need string
	for dec.More() {
		var m struct {
			Path      string
			Main      bool
			GoVersion string
		}
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if m.Main {
			own = m.GoVersion
		} else if version.Compare("go"+m.GoVersion, "go"+need) > 0 {
			need = m.GoVersion
		}
	}
	if own == "" || need == "" {
		t.Fatalf("go lines not found: main %q, dependencies %q", own, need)
	}
	if own != need {
		t.Errorf("go.mod says go %s; its dependencies need go %s", own, need)
	}
	compat, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(compat), "\ngo "+own+"\n") {
		t.Errorf("compat/wasmedge-go/go.mod does not say go %s", own)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(repo, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`GOTOOLCHAIN="\$gomin" go test`).Match(ci) {
		t.Error(".ci/run does not test with the toolchain of go.mod's go line")
	}
	lang := version.Lang("go" + own) // go1.25
	m := regexp.MustCompile(`needs Go (1\.\d+) or later`).FindSubmatch(readme)
	if m == nil || "go"+string(m[1]) != lang {
		t.Errorf("README.md should say PureEdge needs Go %s or later", strings.TrimPrefix(lang, "go"))
	}
}
