// Package docs holds the documents that flops' output and code cite:
// formulas.md (every formula, with its source and a worked number) and
// file-formats.md (the model file formats read and the limits enforced on
// them). It has no code; its test checks that every "formulas.md §X" or
// "file-formats.md §X" reference in the repository names a section that
// exists, and that nothing cites notes outside the repository.
package docs
