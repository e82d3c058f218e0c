package sourcetest

import (
	"os"
	"strings"
	"testing"
)

// FromTxtar makes a one-commit repository (dated Epoch) from the txtar
// archive in file: each "-- name --" section is a file. The format is
// parsed here rather than with a txtar module so that the project needs no
// extra dependency for it.
func FromTxtar(t testing.TB, file string) *Repo {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return FromArchive(t, string(b))
}

// FromArchive is FromTxtar over the text of an archive.
func FromArchive(t testing.TB, archive string) *Repo {
	t.Helper()
	r := New(t)
	for _, f := range ParseTxtar(archive) {
		r.Write(f.Name, f.Data)
	}
	r.Commit("import", Epoch)
	return r
}

// TxtarFile is one section of a txtar archive.
type TxtarFile struct {
	Name string
	Data string
}

// ParseTxtar splits a txtar archive into its files; text before the first
// marker is a comment and is dropped. As in the txtar format, each file's
// data ends with a newline unless it is empty.
func ParseTxtar(archive string) []TxtarFile {
	var files []TxtarFile
	var cur *TxtarFile
	var data strings.Builder
	flush := func() {
		if cur != nil {
			cur.Data = data.String()
			files = append(files, *cur)
		}
		data.Reset()
	}
	for line := range strings.Lines(archive) {
		if name, ok := marker(line); ok {
			flush()
			cur = &TxtarFile{Name: name}
			continue
		}
		if cur != nil {
			data.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				data.WriteByte('\n')
			}
		}
	}
	flush()
	return files
}

func marker(line string) (string, bool) {
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "-- ") || !strings.HasSuffix(line, " --") || len(line) < len("-- x --") {
		return "", false
	}
	name := strings.TrimSpace(line[3 : len(line)-3])
	return name, name != ""
}
