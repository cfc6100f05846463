// Records how Go's YAML libraries read each case of scripts/oracles/goyaml-cases.txt and writes
// the table test/oracles/goyaml.json, which the project's tests read. The tests never run this.
//
// It builds against Debian's packaged Go libraries (golang-go, golang-gopkg-yaml.v2-dev 2.4.0,
// golang-gopkg-yaml.v3-dev 3.0.1, golang-k8s-sigs-yaml-dev 1.3.0: the versions Kuma 2.1.7's go.mod
// pins) in GOPATH mode, so no module proxy is needed. Re-run from the repository root with:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run scripts/oracles/goyaml/main.go
//
// A file is cut into documents as kubectl cuts it (a line that starts with `---` followed only by
// blanks or a comment ends a document); each document is then read the way kubectl and kumactl read
// it, sigs.k8s.io/yaml.YAMLToJSON (go-yaml v2 underneath), and, for comparison, by go-yaml v3
// (yaml.v3.Unmarshal into interface{}, then encoding/json, with non-string keys printed by fmt).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	yamlv3 "gopkg.in/yaml.v3"
	sigsyaml "sigs.k8s.io/yaml"
)

type reading struct {
	OK    bool            `json:"ok"`
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
	// The file's line (1-based) the error names, when it names one.
	Line int `json:"line,omitempty"`
}

type document struct {
	// First and last line (1-based) of the document's text in the file.
	FirstLine int     `json:"firstLine"`
	LastLine  int     `json:"lastLine"`
	Sigs      reading `json:"sigs"`
	V3        reading `json:"v3"`
}

type row struct {
	Name  string `json:"name"`
	About string `json:"about,omitempty"`
	// Hand-written: the line of the construct a rejected document leaves open, where the error
	// belongs (go-yaml itself names the line where it gave up).
	OpenAt int        `json:"openAt,omitempty"`
	YAML   string     `json:"yaml"`
	Docs   []document `json:"docs"`
}

type table struct {
	About string `json:"about"`
	Rows  []row  `json:"rows"`
}

var lineInError = regexp.MustCompile(`line (\d+): (.*)`)

// go-yaml prints the 0-based line of the problem for these parser errors and the 1-based line for
// scanner errors (see its parser.fail); the table holds 1-based lines.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected key", "did not find expected node content",
	"found duplicate %TAG directive", "found duplicate %YAML directive", "found incompatible YAML document",
	"found undefined tag handle",
}

func main() {
	rows, err := readCases("scripts/oracles/goyaml-cases.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := range rows {
		rows[i].Docs = record(rows[i].YAML)
	}
	out := table{
		About: "Recorded by scripts/oracles/goyaml from sigs.k8s.io/yaml 1.3.0 (go-yaml v2.4.0) and go-yaml v3.0.1; do not edit by hand.",
		Rows:  rows,
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("test/oracles/goyaml.json", append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// readCases reads `=== name` headed sections. A section's lines up to the next header are its
// YAML, except leading `@about text`, `@open LINE`, `@crlf` (use CRLF line ends) and `@bom` (start with a BOM)
// lines. `\t` in a case is written as a real tab in the file itself.
func readCases(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	var body []string
	var crlf, bom bool
	flush := func() {
		if len(rows) == 0 {
			return
		}
		text := strings.Join(body, "\n")
		if crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		if bom {
			text = "\ufeff" + text
		}
		rows[len(rows)-1].YAML = text
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "=== ") {
			flush()
			rows = append(rows, row{Name: strings.TrimPrefix(line, "=== ")})
			body, crlf, bom = nil, false, false
			continue
		}
		if len(rows) == 0 {
			continue
		}
		if len(body) == 0 && strings.HasPrefix(line, "@about ") {
			rows[len(rows)-1].About = strings.TrimPrefix(line, "@about ")
			continue
		}
		if len(body) == 0 && strings.HasPrefix(line, "@open ") {
			rows[len(rows)-1].OpenAt, _ = strconv.Atoi(strings.TrimPrefix(line, "@open "))
			continue
		}
		if len(body) == 0 && line == "@crlf" {
			crlf = true
			continue
		}
		if len(body) == 0 && line == "@bom" {
			bom = true
			continue
		}
		body = append(body, line)
	}
	flush()
	return rows, sc.Err()
}

// record cuts text into documents as kubectl does and reads each one.
func record(text string) []document {
	lines := strings.SplitAfter(text, "\n")
	var docs []document
	var cur strings.Builder
	first := 1
	emit := func(last int) {
		if strings.TrimSpace(cur.String()) != "" {
			src := cur.String()
			docs = append(docs, document{FirstLine: first, LastLine: last, Sigs: readSigs(src, first), V3: readV3(src, first)})
		}
		cur.Reset()
	}
	for i, line := range lines {
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "---") {
			rest := strings.TrimSpace(line[3:])
			if rest == "" || strings.HasPrefix(rest, "#") {
				emit(i)
				first = i + 2
				continue
			}
		}
		cur.WriteString(line)
	}
	emit(len(lines))
	return docs
}

func failure(err error, first int) reading {
	r := reading{OK: false, Error: err.Error()}
	if m := lineInError.FindStringSubmatch(r.Error); m != nil {
		n, _ := strconv.Atoi(m[1])
		r.Line = first + n - 1
		for _, p := range parserProblems {
			if strings.HasPrefix(m[2], p) && !strings.HasPrefix(r.Error, "yaml: unmarshal errors") {
				r.Line++
			}
		}
	}
	return r
}

func readSigs(src string, first int) reading {
	out, err := sigsyaml.YAMLToJSON([]byte(src))
	if err != nil {
		return failure(err, first)
	}
	return reading{OK: true, JSON: out}
}

func readV3(src string, first int) reading {
	var v interface{}
	if err := yamlv3.Unmarshal([]byte(src), &v); err != nil {
		return failure(err, first)
	}
	out, err := json.Marshal(jsonable(v))
	if err != nil {
		return failure(err, first)
	}
	return reading{OK: true, JSON: out}
}

// jsonable turns v3's maps with non-string keys into string-keyed maps (keys printed by fmt).
func jsonable(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		m := map[string]interface{}{}
		for k, x := range t {
			m[k] = jsonable(x)
		}
		return m
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, x := range t {
			m[fmt.Sprint(k)] = jsonable(x)
		}
		return m
	case []interface{}:
		a := make([]interface{}, len(t))
		for i, x := range t {
			a[i] = jsonable(x)
		}
		return a
	}
	return v
}
