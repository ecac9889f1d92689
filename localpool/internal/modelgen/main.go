// Command modelgen writes localpool's table of input constraints from the AWS
// API model of Amazon Cognito user pools (cognito-idp), so the pool refuses
// exactly what Cognito refuses before an operation runs.
//
// The model is botocore's service-2.json for cognito-idp. It is checked in as
// a trimmed extract (model.json: the input side of every operation, without
// documentation), with its source recorded in its metadata. To follow a newer
// model:
//
//	go run ./localpool/internal/modelgen -extract .../botocore/data/cognito-idp/2016-04-18/service-2.json.gz -source "botocore X.Y.Z"
//	go generate ./localpool
//
// The second step alone (what go generate runs) reads model.json and writes
// localpool/model_gen.go.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// model is the part of botocore's service-2.json that the table needs.
type model struct {
	Metadata   map[string]any       `json:"metadata"`
	Operations map[string]operation `json:"operations"`
	Shapes     map[string]*shape    `json:"shapes"`
}

type operation struct {
	Name  string    `json:"name"`
	Input *shapeRef `json:"input,omitempty"`
}

type shapeRef struct {
	Shape string `json:"shape"`
}

// shape keeps botocore's field names so the extract reads like the source.
type shape struct {
	Type      string          `json:"type"`
	Required  []string        `json:"required,omitempty"`
	Members   *orderedMembers `json:"members,omitempty"`
	Member    *shapeRef       `json:"member,omitempty"`
	Key       *shapeRef       `json:"key,omitempty"`
	Value     *shapeRef       `json:"value,omitempty"`
	Min       *int64          `json:"min,omitempty"`
	Max       *int64          `json:"max,omitempty"`
	Pattern   string          `json:"pattern,omitempty"`
	Enum      []string        `json:"enum,omitempty"`
	Sensitive bool            `json:"sensitive,omitempty"`
	Document  bool            `json:"document,omitempty"`
}

// orderedMembers keeps the model's member order: the pool reports several
// violations in that order.
type orderedMembers struct {
	names []string
	refs  map[string]shapeRef
}

func (m *orderedMembers) UnmarshalJSON(b []byte) error {
	m.refs = map[string]shapeRef{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name := tok.(string)
		var ref shapeRef
		if err := dec.Decode(&ref); err != nil {
			return err
		}
		m.names = append(m.names, name)
		m.refs[name] = ref
	}
	return nil
}

func (m *orderedMembers) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range m.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(n)
		v, _ := json.Marshal(m.refs[n])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func main() {
	extract := flag.String("extract", "", "botocore service-2.json (or .json.gz) to trim into -model")
	source := flag.String("source", "", "with -extract: where the model came from, e.g. \"botocore 1.43.11\"")
	modelPath := flag.String("model", "internal/modelgen/model.json", "the trimmed model")
	out := flag.String("out", "model_gen.go", "the Go table to write")
	flag.Parse()
	log.SetFlags(0)
	if *extract != "" {
		if *source == "" {
			log.Fatal("modelgen: -extract needs -source")
		}
		if err := writeExtract(*extract, *source, *modelPath); err != nil {
			log.Fatal("modelgen: ", err)
		}
		return
	}
	raw, err := os.ReadFile(*modelPath)
	if err != nil {
		log.Fatal("modelgen: ", err)
	}
	src, err := generate(raw)
	if err != nil {
		log.Fatal("modelgen: ", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal("modelgen: ", err)
	}
}

func readModel(raw []byte) (*model, error) {
	var m model
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m.Metadata["targetPrefix"] != "AWSCognitoIdentityProviderService" || m.Metadata["protocol"] != "json" {
		return nil, fmt.Errorf("not the cognito-idp JSON model (metadata %v)", m.Metadata)
	}
	return &m, nil
}

// writeExtract keeps every operation's input and the shapes it reaches.
func writeExtract(src, source, dst string) error {
	raw, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if strings.HasSuffix(src, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return err
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return err
		}
	}
	m, err := readModel(raw)
	if err != nil {
		return err
	}
	keep := reachable(m)
	trimmed := model{Metadata: map[string]any{}, Operations: map[string]operation{}, Shapes: map[string]*shape{}}
	for _, k := range []string{"apiVersion", "jsonVersion", "protocol", "serviceId", "targetPrefix", "uid"} {
		trimmed.Metadata[k] = m.Metadata[k]
	}
	trimmed.Metadata["source"] = source + ", botocore/data/cognito-idp/2016-04-18/service-2.json, trimmed by localpool/internal/modelgen to the input shapes without documentation (Apache License 2.0)"
	for name, op := range m.Operations {
		trimmed.Operations[name] = operation{Name: op.Name, Input: op.Input}
	}
	for name := range keep {
		trimmed.Shapes[name] = m.Shapes[name]
	}
	out, err := json.MarshalIndent(trimmed, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(dst, append(out, '\n'), 0o644)
}

// reachable returns the names of the shapes reached from operation inputs.
func reachable(m *model) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		s := m.Shapes[name]
		if s == nil {
			return
		}
		if s.Members != nil {
			for _, n := range s.Members.names {
				walk(s.Members.refs[n].Shape)
			}
		}
		for _, r := range []*shapeRef{s.Member, s.Key, s.Value} {
			if r != nil {
				walk(r.Shape)
			}
		}
	}
	for _, op := range m.Operations {
		if op.Input != nil {
			walk(op.Input.Shape)
		}
	}
	return seen
}

var kinds = map[string]string{
	"structure": "kindStructure", "list": "kindList", "map": "kindMap", "string": "kindString",
	"integer": "kindInteger", "long": "kindInteger", "boolean": "kindBoolean", "timestamp": "kindTimestamp",
	"blob": "kindBlob", "float": "kindNumber", "double": "kindNumber",
}

// patternOverrides correct the published model where Cognito documents other
// behaviour: each names the pattern the model has, so a model that changes it
// stops generation for a fresh look.
var patternOverrides = map[string]struct{ published, service string }{
	// Cognito accepts a space inside a password, not at either end ("the
	// non-leading, non-trailing space character" counts as a symbol), which
	// the published [\S]+ would refuse. Its older models had this pattern.
	// UNSURE: the exact pattern the service quotes for such a password.
	"PasswordType": {published: `[\S]+`, service: `^[\S]+.*[\S]+$`},
}

// generate writes the Go table for the trimmed model raw.
func generate(raw []byte) ([]byte, error) {
	m, err := readModel(raw)
	if err != nil {
		return nil, err
	}
	for name, o := range patternOverrides {
		s := m.Shapes[name]
		if s == nil || s.Pattern != o.published {
			return nil, fmt.Errorf("override of %s expects pattern %q", name, o.published)
		}
		s.Pattern = o.service
	}
	names := make([]string, 0, len(m.Shapes))
	for n := range reachable(m) {
		if m.Shapes[n] == nil {
			return nil, fmt.Errorf("shape %s is referenced but not defined", n)
		}
		names = append(names, n)
	}
	sort.Strings(names)
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}

	var patterns []string
	patternIndex := map[string]int{}
	for _, n := range names {
		if p := m.Shapes[n].Pattern; p != "" {
			if _, ok := patternIndex[p]; !ok {
				patternIndex[p] = len(patterns)
				patterns = append(patterns, p)
			}
		}
	}
	sort.Strings(patterns)
	for i, p := range patterns {
		patternIndex[p] = i
	}

	var b bytes.Buffer
	source, _ := m.Metadata["source"].(string)
	fmt.Fprintf(&b, "// Code generated by localpool/internal/modelgen from internal/modelgen/model.json; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package localpool\n\nimport \"regexp\"\n\n")
	fmt.Fprintf(&b, "// modelSource is where the constraints below come from.\nconst modelSource = %s\n\n", strconv.Quote(source))

	opNames := make([]string, 0, len(m.Operations))
	for n := range m.Operations {
		opNames = append(opNames, n)
	}
	sort.Strings(opNames)
	fmt.Fprintf(&b, "// modelOperations maps each operation of the model to its input shape in modelShapes.\n")
	fmt.Fprintf(&b, "var modelOperations = map[string]int{\n")
	for _, n := range opNames {
		op := m.Operations[n]
		if op.Input == nil {
			return nil, fmt.Errorf("operation %s has no input", n)
		}
		fmt.Fprintf(&b, "%q: %d,\n", n, index[op.Input.Shape])
	}
	fmt.Fprintf(&b, "}\n\n")

	fmt.Fprintf(&b, "// modelPatterns are the model's patterns: text as AWS quotes it, re as Go matches it\n// (translated from Java's regular expressions, which AWS uses).\n")
	fmt.Fprintf(&b, "var modelPatterns = [...]modelPattern{\n")
	for i, p := range patterns {
		re, err := translateJavaRegexp(p)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", p, err)
		}
		if _, err := regexp.Compile(re); err != nil {
			return nil, fmt.Errorf("pattern %q as %q: %w", p, re, err)
		}
		fmt.Fprintf(&b, "%d: {text: %s, re: regexp.MustCompile(%s)},\n", i, goString(p), goString(re))
	}
	fmt.Fprintf(&b, "}\n\n")

	fmt.Fprintf(&b, "// modelShapes are the shapes that operation inputs reach, by name.\n")
	fmt.Fprintf(&b, "var modelShapes = [...]modelShape{\n")
	for i, n := range names {
		s := m.Shapes[n]
		kind := kinds[s.Type]
		if s.Document {
			kind = "kindDocument"
		}
		if kind == "" {
			return nil, fmt.Errorf("shape %s has unknown type %q", n, s.Type)
		}
		fields := []string{fmt.Sprintf("name: %q", n), "kind: " + kind}
		if s.Min != nil {
			fields = append(fields, fmt.Sprintf("min: %d, hasMin: true", *s.Min))
		}
		if s.Max != nil {
			fields = append(fields, fmt.Sprintf("max: %d, hasMax: true", *s.Max))
		}
		if s.Pattern != "" {
			fields = append(fields, fmt.Sprintf("pattern: &modelPatterns[%d]", patternIndex[s.Pattern]))
		}
		if len(s.Enum) > 0 {
			q := make([]string, len(s.Enum))
			for j, e := range s.Enum {
				q[j] = strconv.Quote(e)
			}
			fields = append(fields, "enum: []string{"+strings.Join(q, ", ")+"}")
		}
		if s.Sensitive {
			fields = append(fields, "sensitive: true")
		}
		switch s.Type {
		case "list":
			if s.Member == nil {
				return nil, fmt.Errorf("list %s has no member", n)
			}
			fields = append(fields, fmt.Sprintf("elem: %d", index[s.Member.Shape]))
		case "map":
			if s.Key == nil || s.Value == nil {
				return nil, fmt.Errorf("map %s has no key or value", n)
			}
			fields = append(fields, fmt.Sprintf("key: %d, value: %d", index[s.Key.Shape], index[s.Value.Shape]))
		case "structure":
			if s.Members != nil && len(s.Members.names) > 0 {
				var ms []string
				for _, mn := range s.Members.names {
					req := ""
					if slices.Contains(s.Required, mn) {
						req = ", required: true"
					}
					ms = append(ms, fmt.Sprintf("{name: %q, shape: %d%s}", mn, index[s.Members.refs[mn].Shape], req))
				}
				fields = append(fields, "members: []modelMember{"+strings.Join(ms, ", ")+"}")
			}
			for _, r := range s.Required {
				if s.Members == nil || s.Members.refs[r].Shape == "" {
					return nil, fmt.Errorf("structure %s requires unknown member %s", n, r)
				}
			}
		}
		fmt.Fprintf(&b, "%d: {%s},\n", i, strings.Join(fields, ", "))
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}

// goString quotes s as a raw string literal when it can.
func goString(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
