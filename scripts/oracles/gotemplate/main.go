// Records how Go's text/template (and through printf, fmt) handles each template of
// scripts/oracles/gotemplate-cases.txt and writes the table test/oracles/gotemplate.json, which the
// project's tests read. The tests never run this.
//
// It needs only Go's standard library; Debian's golang-go package is enough. Re-run from the
// repository root with:
//
//	GO111MODULE=off go run scripts/oracles/gotemplate/main.go
//
// A line `go:"..."` (or go:`...`) holds a Go string literal. Each template is parsed with template.New("").Parse and executed with nil data. The table keeps
// the parse tree as Root.String() prints it, the output, or the error text.
//
// Kuma 2.1.7 is built with Go 1.21.3; Debian ships an older Go. Where Go changed a text between the
// two, the table holds Go 1.21's (and `recordedWith` says which Go ran): an unbalanced `)` is
// reported by the lexer as "unexpected right paren" (Go 1.19: the parser's `unexpected ")" in
// command`), and a pipeline that assigns (`$x = 1`) prints with `=` (in the tree and in error
// contexts) instead of `:=`. Only templates where the `)` is the first problem are recorded.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
)

type row struct {
	Template string `json:"template"`
	Tree     string `json:"tree"`
	Output   string `json:"output"`
	Error    string `json:"error,omitempty"`
	Stage    string `json:"stage,omitempty"`
}

type table struct {
	About        string `json:"about"`
	RecordedWith string `json:"recordedWith"`
	Rows         []row  `json:"rows"`
}

func main() {
	f, err := os.Open("scripts/oracles/gotemplate-cases.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "go:") {
			// A Go string literal, for templates with line breaks or the empty template.
			text, err := strconv.Unquote(strings.TrimPrefix(line, "go:"))
			if err != nil {
				fmt.Fprintln(os.Stderr, line, err)
				os.Exit(1)
			}
			line = text
		}
		rows = append(rows, record(line))
	}
	f.Close()
	out := table{
		About:        "Recorded by scripts/oracles/gotemplate from Go's text/template and fmt; do not edit by hand.",
		RecordedWith: runtime.Version(),
		Rows:         rows,
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("test/oracles/gotemplate.json", append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func record(src string) row {
	r := row{Template: src}
	t, err := template.New("").Parse(src)
	if err != nil {
		r.Error = rightParen(err.Error())
		r.Stage = "parse"
		return r
	}
	r.Tree = printList(t.Tree.Root)
	var buf bytes.Buffer
	if err := t.Execute(&buf, nil); err != nil {
		r.Error = assignedContexts(err.Error(), t.Tree.Root)
		r.Stage = "exec"
	}
	r.Output = buf.String()
	return r
}

// Go 1.20's lexer reports an unbalanced `)` before handing the parser the `)` itself, and
// without the rune; Go 1.19 lets the parser fail on the `)` first.
func rightParen(msg string) string {
	for _, old := range []string{`unexpected ")" in command`, `unexpected ")" in operand`, "unexpected right paren U+0029 ')'"} {
		if strings.HasSuffix(msg, old) {
			return strings.TrimSuffix(msg, old) + "unexpected right paren"
		}
	}
	return msg
}

// The tree as Go 1.20 and later print it: only pipelines that assign differ from Go 1.19.
func printList(l *parse.ListNode) string {
	if l == nil {
		return ""
	}
	var b strings.Builder
	for _, n := range l.Nodes {
		b.WriteString(printNode(n))
	}
	return b.String()
}

func printNode(n parse.Node) string {
	switch n := n.(type) {
	case *parse.ActionNode:
		return "{{" + printPipe(n.Pipe) + "}}"
	case *parse.IfNode:
		return printBranch("if", &n.BranchNode)
	case *parse.RangeNode:
		return printBranch("range", &n.BranchNode)
	case *parse.WithNode:
		return printBranch("with", &n.BranchNode)
	case *parse.TemplateNode:
		if n.Pipe == nil {
			return fmt.Sprintf("{{template %q}}", n.Name)
		}
		return fmt.Sprintf("{{template %q %s}}", n.Name, printPipe(n.Pipe))
	}
	return n.String()
}

func printBranch(name string, b *parse.BranchNode) string {
	s := "{{" + name + " " + printPipe(b.Pipe) + "}}" + printList(b.List)
	if b.ElseList != nil {
		s += "{{else}}" + printList(b.ElseList)
	}
	return s + "{{end}}"
}

func printPipe(p *parse.PipeNode) string {
	s := p.String()
	if p.IsAssign && len(p.Decl) > 0 {
		names := make([]string, len(p.Decl))
		for i, d := range p.Decl {
			names[i] = d.String()
		}
		head := strings.Join(names, ", ")
		s = head + " = " + strings.TrimPrefix(s, head+" := ")
	}
	return s
}

// assignedContexts rewrites error contexts (`at <...>`, 20 characters at most) of assigning pipelines.
func assignedContexts(msg string, root *parse.ListNode) string {
	var pipes []*parse.PipeNode
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.ActionNode:
				pipes = append(pipes, n.Pipe)
			case *parse.IfNode:
				pipes = append(pipes, n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				pipes = append(pipes, n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				pipes = append(pipes, n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			}
		}
	}
	walk(root)
	context := func(s string) string {
		if len(s) > 20 {
			return fmt.Sprintf("%.20s...", s)
		}
		return s
	}
	for _, p := range pipes {
		if p.IsAssign {
			msg = strings.Replace(msg, "at <"+context(p.String())+">", "at <"+context(printPipe(p))+">", 1)
		}
	}
	return msg
}
