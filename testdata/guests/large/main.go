// Command large is a big Go guest (over 5 MB: it links HTTP, TLS, JSON,
// templates and regular expressions) that does a little of each and prints
// one line: the module for the start-time benchmarks of large programs.
package main

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"text/template"
)

func main() {
	var b strings.Builder
	t := template.Must(template.New("t").Parse("{{.Name}} {{len .Items}}"))
	_ = t.Execute(&b, map[string]any{"Name": "large", "Items": []int{1, 2, 3}})
	j, _ := json.Marshal(map[string]string{"k": b.String()})
	re := regexp.MustCompile(`"k":"(\w+) (\d)"`)
	m := re.FindStringSubmatch(string(j))
	rec := httptest.NewRecorder()
	http.NotFound(rec, httptest.NewRequest("GET", "/", nil))
	sum := sha256.Sum256(j)
	fmt.Println("large:", m[1], m[2], rec.Code, tls.VersionName(tls.VersionTLS13), fmt.Sprintf("%x", sum[:4]))
}
