package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docRef finds a reference to one of the documents; the text after it, up
// to the end of the clause, holds its section numbers.
var docRef = regexp.MustCompile(`(formulas|file-formats)\.md`)

// section matches "§4.3", "§ 4", and ranges "§2.4–2.7", "§0–§3".
var section = regexp.MustCompile(`§ ?(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?(\d+(?:\.\d+)*))?`)

// heading is a Markdown heading that starts with a section number:
// "## 4. Inference roofline", "### 4.3 Decode step time".
var heading = regexp.MustCompile(`(?m)^#{1,6} (\d+(?:\.\d+)*)\.? `)

// outside are references to material a user of the repository cannot
// read: the team's notes outside it and its issue tracker's sections.
var outside = []*regexp.Regexp{
	regexp.MustCompile(`\.\./shared|/work/shared`),
	regexp.MustCompile(`bench-notes\.md|peers\.md`),
	regexp.MustCompile(`issue \d+ §`),
	regexp.MustCompile(`UNVERIFIED`), // the notes' marker; output says what is uncertain in words
}

// sections returns the numbered headings of docs/<name>.md.
func sections(t *testing.T, name string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(name + ".md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
		out[m[1]] = true
	}
	return out
}

// clause is the text after a reference up to the end of its clause: a
// closing bracket, quote, semicolon or line end, or the next reference.
func clause(s string) string {
	if i := strings.IndexAny(s, ")];\"`\n"); i >= 0 {
		s = s[:i]
	}
	if loc := docRef.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	return s
}

// sourceFiles lists the repository's files that can cite the documents:
// Go sources (code, comments and output strings), Markdown, and the web
// page's HTML and JavaScript.
func sourceFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".js", ".html":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSectionReferences: every "formulas.md §X" and "file-formats.md §X"
// in the repository resolves to a numbered heading of the document, and
// nothing cites material outside the repository.
func TestSectionReferences(t *testing.T) {
	docs := map[string]map[string]bool{
		"formulas":     sections(t, "formulas"),
		"file-formats": sections(t, "file-formats"),
	}
	if len(docs["formulas"]) < 50 || len(docs["file-formats"]) < 5 {
		t.Fatalf("found %d and %d numbered sections; the heading pattern no longer matches the documents",
			len(docs["formulas"]), len(docs["file-formats"]))
	}
	refs := 0
	for _, path := range sourceFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for _, loc := range docRef.FindAllStringSubmatchIndex(text, -1) {
			doc := text[loc[2]:loc[3]]
			for _, m := range section.FindAllStringSubmatch(clause(text[loc[1]:]), -1) {
				for _, num := range m[1:] {
					refs++
					if num != "" && !docs[doc][num] {
						t.Errorf("%s:%d: %s.md §%s: no such section in docs/%s.md", path, lineOf(text, loc[0]), doc, num, doc)
					}
				}
			}
		}
		for _, re := range outside {
			if loc := re.FindStringIndex(text); loc != nil && !strings.HasSuffix(path, "refs_test.go") {
				t.Errorf("%s:%d: %q refers to material outside the repository; cite docs/ or a public source",
					path, lineOf(text, loc[0]), text[loc[0]:loc[1]])
			}
		}
	}
	if refs < 100 {
		t.Errorf("found %d section references in the repository, want at least 100: is the scan broken?", refs)
	}
}

// TestClause: the clause and section extraction on the forms the code uses.
func TestClause(t *testing.T) {
	cases := []struct{ after, want string }{
		{" §4.3 range 0.4–0.7, §4.5 prefill at 50 %\")", "4.3 4.5"},
		{" §2.4–2.7 (FLOPs, MFU/HFU)", "2.4 2.7"},
		{" §0–§3):", "0 3"},
		{" §2.4, §2.8\")", "2.4 2.8"},
		{" §1.7/§1.8, to 1e-9", "1.7 1.8"},
		{": V vocab", ""},
	}
	for _, tc := range cases {
		var got []string
		for _, m := range section.FindAllStringSubmatch(clause(tc.after), -1) {
			for _, n := range m[1:] {
				if n != "" {
					got = append(got, n)
				}
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("clause %q: sections %q, want %q", tc.after, got, tc.want)
		}
	}
}

func lineOf(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }
